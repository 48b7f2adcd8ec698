"""accounts.sessions: a signed-in page's session and user, read by SQL composed once,
hold exactly as Django's database sessions and ModelBackend do: an expired session, an
inactive user, a changed password and a session signed in under a backend no longer
configured all sign the browser out."""

from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.sessions import ModelBackend, SessionStore
from tests.accounts.conftest import PASSWORD


def signed_in(world, name: str = "lender") -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": name, "password": PASSWORD})
    assert response.status_code == 302
    return client


def home_status(client: Client) -> int:
    """200: the home page, signed in; 302: sent to the login page."""
    return client.get("/").status_code


def test_a_session_ends_at_its_expiry_date(world):
    client = signed_in(world)
    key = client.session.session_key
    assert home_status(client) == 200
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(seconds=5)
    )
    assert home_status(client) == 200
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    assert home_status(client) == 302
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None  # dropped, as Django's store drops it


def test_two_browsers_each_read_their_own_session(world):
    lender, accountant = signed_in(world, "lender"), signed_in(world, "accountant")
    for _ in range(2):  # the second round on the composed SQL with other keys
        assert '<span class="who">lender</span>' in lender.get("/").content.decode()
        assert '<span class="who">accountant</span>' in accountant.get("/").content.decode()


def test_an_unknown_or_malformed_session_key_is_no_session(world):
    for key in ("x" * 32, "short", ""):
        client = Client()
        client.cookies["sessionid"] = key
        assert home_status(client) == 302, key
        assert SessionStore(key).load() == {}


def test_an_inactive_user_and_a_changed_password_sign_out(world):
    client = signed_in(world)
    lender = world.users["lender"]
    lender.is_active = False
    lender.save()
    assert home_status(client) == 302

    lender.is_active = True
    lender.save()
    client = signed_in(world)
    lender.set_password("a brand new 9 passphrase")
    lender.save()
    assert home_status(client) == 302


def test_a_session_of_the_former_backend_path_signs_out(world):
    client = signed_in(world)
    session = client.session
    assert session[BACKEND_SESSION_KEY] == "accounts.sessions.ModelBackend"
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert home_status(client) == 302


def test_the_backend_reads_users_by_id_and_refuses_the_inactive(world):
    backend = ModelBackend()
    lender, servicer = world.users["lender"], world.users["servicer"]
    assert backend.get_user(lender.pk) == lender
    assert backend.get_user(str(servicer.pk)) == servicer  # as a session stores it
    assert backend.get_user(lender.pk + servicer.pk + 1000) is None
    assert backend.get_user("not a number") is None
    assert backend.get_user(None) is None
    servicer.is_active = False
    servicer.save()
    assert backend.get_user(servicer.pk) is None
