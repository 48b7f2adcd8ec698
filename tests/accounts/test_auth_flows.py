"""Login, logout, password change and reset, the API token (obtain, use,
revoke) and the servicer's user admin with memberships."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.signals import password_changed_mail
from loans.models import Membership, Role
from tests.accounts.conftest import PASSWORD

NEW_PASSWORD = "another fine 8 passphrase"


TRANSACTION_SQL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def reset_link(body: object) -> str:
    """The password-reset path in the mail's body."""
    found = re.search(r"http://testserver(/accounts/reset/\S+/)", str(body))
    assert found is not None, body
    return found.group(1)


def signed_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).username if user_id else None


def test_login_then_home_lists_own_notes_and_logout(world):
    client = Client()
    response = client.post(reverse("login"), {"username": "lender", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "OWN-NOTE-2005" in home.content.decode()
    assert "Olive Own-Lender (Lender)" in home.content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert signed_in_as(client) is None
    assert client.get("/").status_code == 302


def test_wrong_password_shows_the_form_again(world):
    client = Client()
    response = client.post(reverse("login"), {"username": "lender", "password": "nope"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert signed_in_as(client) is None


def test_inactive_user_cannot_log_in(world):
    user = world.users["lender"]
    user.is_active = False
    user.save()
    client = Client()
    client.post(reverse("login"), {"username": "lender", "password": PASSWORD})
    assert signed_in_as(client) is None


def test_password_change(world):
    client = Client()
    client.force_login(world.users["accountant"])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    world.users["accountant"].refresh_from_db()
    assert world.users["accountant"].check_password(NEW_PASSWORD)


def test_password_reset_by_email(world):
    client = Client()
    client.post(reverse("password_reset"), {"email": "borrower_staff@example.com"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["borrower_staff@example.com"]
    link = reset_link(mail.outbox[0].body)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_reset_complete")
    user = get_user_model().objects.get(username="borrower_staff")
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(world):
    response = Client().post(reverse("password_reset"), {"email": "stranger@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# --- the API token --------------------------------------------------------------


def obtain(username: str, password: str):
    return Client().post(
        reverse("api-auth-token"),
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_obtain_use_and_revoke_a_token(world):
    response = obtain("lender", PASSWORD)
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=world.users["lender"]).key == key
    assert obtain("lender", PASSWORD).json()["token"] == key  # the same token again

    api = Client(headers={"Authorization": f"Token {key}"})
    assert api.delete(reverse("api-auth-token")).status_code == 204
    assert not Token.objects.filter(user=world.users["lender"]).exists()
    # The revoked key is refused.
    refused = api.delete(reverse("api-auth-token"))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"


def test_a_token_of_an_inactive_user_and_an_unknown_token_are_refused(world):
    keys = {name: obtain(name, PASSWORD).json()["token"] for name in ("lender", "accountant")}
    lender = world.users["lender"]
    lender.is_active = False
    lender.save()

    def detail(key: str) -> tuple[int, str]:
        answer = Client(headers={"Authorization": f"Token {key}"}).get("/api/notes/")
        return answer.status_code, answer.json()["detail"]

    assert detail(keys["lender"]) == (401, "User inactive or deleted.")
    assert detail("0" * 40) == (401, "Invalid token.")
    assert (
        Client(headers={"Authorization": f"Token {keys['accountant']}"})
        .get("/api/notes/")
        .status_code
        == 200
    )
    lender.is_active = True
    lender.save()
    assert (
        Client(headers={"Authorization": f"Token {keys['lender']}"}).get("/api/notes/").status_code
        == 200
    )


def test_a_token_expires_after_thirty_days_and_the_password_gets_a_new_one(world, settings):
    assert settings.NOTEKEEPER_TOKEN_DAYS == 30
    key = obtain("lender", PASSWORD).json()["token"]
    issued = Token.objects.get(key=key).created
    api = Client(headers={"Authorization": f"Token {key}"})

    Token.objects.filter(key=key).update(created=issued - timedelta(days=29, hours=23))
    assert api.get("/api/notes/").status_code == 200
    Token.objects.filter(key=key).update(created=issued - timedelta(days=30))
    expired = api.get("/api/notes/")
    assert expired.status_code == 401
    assert expired.json()["detail"] == (
        "The token has expired: obtain a new one (POST /api/auth/token/)."
    )

    page = Client()
    page.force_login(world.users["lender"])
    assert "It <strong>expired</strong> on" in page.get(reverse("account-token")).content.decode()

    renewed = obtain("lender", PASSWORD).json()["token"]
    assert renewed != key
    assert not Token.objects.filter(key=key).exists()
    fresh = Client(headers={"Authorization": f"Token {renewed}"})
    assert fresh.get("/api/notes/").status_code == 200


def test_checking_a_token_opens_no_transaction(world):
    """A token's age is arithmetic: an API read spends no round trips on a transaction
    (BEGIN and COMMIT; a savepoint inside the test's own transaction) to check it."""
    key = obtain("lender", PASSWORD).json()["token"]
    api = Client(headers={"Authorization": f"Token {key}"})
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/notes/").status_code == 200
    transactions = [q["sql"] for q in queries if q["sql"].split()[0] in TRANSACTION_SQL]
    assert transactions == []


def test_bad_credentials_get_no_token(world):
    response = obtain("lender", "wrong")
    assert response.status_code == 400
    assert "token" not in response.json()
    assert not Token.objects.exists()


def test_a_token_request_with_an_unknown_field_is_refused_and_issues_nothing(world):
    response = Client().post(
        reverse("api-auth-token"),
        {"username": "lender", "password": PASSWORD, "expires_in": 60},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "expires_in": ["Unknown field: this operation does not take it."]
    }
    assert not Token.objects.exists()


def test_token_page_creates_shows_once_and_revokes(world):
    client = Client()
    client.force_login(world.users["borrower_staff"])
    assert "You have no token" in client.get(reverse("account-token")).content.decode()

    created = client.post(reverse("account-token"))
    key = Token.objects.get(user=world.users["borrower_staff"]).key
    assert key in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    # Later visits show only the first four characters.
    later = client.get(reverse("account-token")).content.decode()
    assert key not in later and key[:4] in later

    replaced = client.post(reverse("account-token"))
    new_key = Token.objects.get(user=world.users["borrower_staff"]).key
    assert new_key != key and new_key in replaced.content.decode()

    client.post(reverse("account-token-revoke"))
    assert not Token.objects.filter(user=world.users["borrower_staff"]).exists()


# --- the servicer's user admin --------------------------------------------------


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
def test_only_servicers_reach_the_user_admin(world, role):
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302


def test_servicer_adds_a_membership_in_the_user_admin(world):
    client = Client()
    client.force_login(world.users["servicer"])
    user = get_user_model().objects.create_user("newcomer", password=PASSWORD)
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        "username": "newcomer",
        "is_active": "on",
        "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-party": str(world.foreign_borrower.pk),
        "memberships-0-role": Role.BORROWER_STAFF,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    membership = Membership.objects.get(user=user)
    assert (membership.party, membership.role) == (world.foreign_borrower, "borrower_staff")
    listing = client.get(reverse("admin:auth_user_changelist"), {"q": "newcomer"})
    assert "Borrower staff of Zeta Foreign Borrower LLC" in listing.content.decode()


def test_a_new_password_needs_twelve_characters(world):
    """ASVS 2.1.1: at least 12 characters; 11 are refused and the old password stays."""
    user = world.users["accountant"]
    client = Client()
    client.force_login(user)
    eleven = "brisk-otter"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": eleven, "new_password2": eleven},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "at least 12 characters" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_user_is_told_by_mail_that_the_password_changed(
    world, django_capture_on_commit_callbacks
):
    user = world.users["accountant"]
    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        client.post(reverse("logout"))  # signing out changes no password: no second mail
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["accountant@example.com"], "Your Notekeeper password was changed")
    ]
    assert "If you did not change it, tell your servicer" in mail.outbox[0].body


def test_a_mail_server_that_is_down_does_not_undo_the_change(world, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    user = world.users["accountant"]
    user.set_password(NEW_PASSWORD)
    user.save()
    password_changed_mail(user)  # what on_commit runs
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "password-change mail to user" in caplog.text


def test_a_new_password_revokes_the_api_token(world):
    user = world.users["accountant"]
    Token.objects.create(user=user)
    client = Client()
    client.force_login(user)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert not Token.objects.filter(user=user).exists()


def test_a_password_reset_revokes_the_api_token(world):
    user = world.users["borrower_staff"]
    Token.objects.create(user=user)
    client = Client()
    client.post(reverse("password_reset"), {"email": user.email})
    link = reset_link(mail.outbox[0].body)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=user).exists()


def test_login_never_redirects_off_site(world):
    response = Client().post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "lender", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
