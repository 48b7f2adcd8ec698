"""Every way a password changes revokes the user's API token and signs out its
other sessions; saves that keep the password keep both.

Each test: the accountant holds a token that answers 200 on /api/notes/ and a
second browser session; the password changes one way; then the same token
answers 401 and the other session is sent to the login page.
"""

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.management.commands import changepassword
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.accounts.conftest import PASSWORD

NEW_PASSWORD = "another fine 8 passphrase"
NOTES = "/api/notes/"


@pytest.fixture
def victim(world):
    return world.users["accountant"]


@pytest.fixture
def key(victim):
    key = Token.objects.create(user=victim).key
    assert token_status(key) == 200
    return key


@pytest.fixture
def other_session(victim):
    client = Client()
    client.force_login(victim)
    assert client.get(reverse("account-token")).status_code == 200
    return client


def token_status(key: str) -> int:
    return Client().get(NOTES, HTTP_AUTHORIZATION=f"Token {key}").status_code


def signed_out(client: Client) -> bool:
    response = client.get(reverse("account-token"))
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def assert_revoked(victim, key, other_session, password=NEW_PASSWORD):
    victim.refresh_from_db()
    assert victim.check_password(password)
    assert token_status(key) == 401
    assert not Token.objects.filter(user=victim).exists()
    assert signed_out(other_session)


def test_own_change_form(victim, key, other_session):
    client = Client()
    client.force_login(victim)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert_revoked(victim, key, other_session)
    assert not signed_out(client)  # the session that changed it stays signed in


def test_reset_link(victim, key, other_session):
    client = Client()
    client.post(reverse("password_reset"), {"email": victim.email})
    found = re.search(r"http://testserver(/accounts/reset/\S+/)", str(mail.outbox[0].body))
    assert found, mail.outbox[0].body
    link = found.group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert_revoked(victim, key, other_session)


@pytest.mark.parametrize("by", ["servicer", "superuser"])
def test_admin_password_form(world, victim, key, other_session, by, django_user_model):
    if by == "servicer":  # staff with the user permissions, not a superuser
        admin_user = django_user_model.objects.create_user("clerk", password=PASSWORD)
        admin_user.is_staff = True
        admin_user.save()
        admin_user.user_permissions.set(
            Permission.objects.filter(codename__in=["view_user", "change_user"])
        )
    else:
        admin_user = world.users["servicer"]
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[victim.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert_revoked(victim, key, other_session)


def test_admin_password_form_disabling_password_sign_in(world, victim, key, other_session):
    client = Client()
    client.force_login(world.users["servicer"])
    response = client.post(
        reverse("admin:auth_user_password_change", args=[victim.pk]),
        {"usable_password": "false", "unset-password": "Disable password-based authentication"},
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert not victim.has_usable_password()
    assert token_status(key) == 401 and signed_out(other_session)


def test_changepassword_command(victim, key, other_session, monkeypatch):
    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": NEW_PASSWORD)
    call_command("changepassword", victim.username, stdout=io.StringIO())
    assert_revoked(victim, key, other_session)


def test_set_password_then_save(victim, key, other_session):
    victim.set_password(NEW_PASSWORD)
    victim.save()
    assert_revoked(victim, key, other_session)


def test_set_password_then_save_of_the_password_field_only(victim, key, other_session):
    victim.set_password(NEW_PASSWORD)
    victim.save(update_fields=["password"])
    assert_revoked(victim, key, other_session)


def test_set_unusable_password_then_save(victim, key, other_session):
    victim.set_unusable_password()
    victim.save()
    assert token_status(key) == 401 and signed_out(other_session)


# --- saves that keep the password keep the token --------------------------------


def test_other_changes_and_sign_ins_keep_the_token(victim, key, other_session):
    victim.first_name = "Ada"
    victim.save()
    signing_in = Client().post(
        reverse("login"), {"username": victim.username, "password": PASSWORD}
    )  # saves last_login
    assert signing_in.status_code == 302
    assert token_status(key) == 200 and not signed_out(other_session)


def test_a_rehash_at_sign_in_keeps_the_token(victim, key, settings):
    """Stored with MD5 (the suite's hasher); PBKDF2 becomes the preferred hasher,
    so signing in re-hashes the same password: the hash changes, the token stays."""
    stored = victim.password
    assert stored.startswith("md5$")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username=victim.username, password=PASSWORD) == victim
    victim.refresh_from_db()
    assert victim.password.startswith("pbkdf2_sha256$") and victim.password != stored
    assert token_status(key) == 200


def test_disabling_an_out_of_date_hash_still_revokes(victim, key, settings):
    """The stored MD5 hash is out of date once PBKDF2 is preferred, but making the
    password unusable is no re-hash: the token goes."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    victim.set_unusable_password()
    victim.save()
    assert token_status(key) == 401
