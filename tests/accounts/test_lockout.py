"""Brute-force protection (django-axes): 5 failures per username and IP lock
that pair out for one hour; the lockout is logged; the API token endpoint
counts and refuses exactly like the login form."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.lockout import client_ip
from tests.accounts.conftest import PASSWORD

START = datetime(2007, 3, 15, 14, 0, tzinfo=UTC)
ATTACKER_IP = "203.0.113.7"
OTHER_IP = "198.51.100.20"


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def lockout_log():
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("axes")  # the project logs it with propagate=False
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_six_bad_passwords_lock_the_account_for_that_ip_for_an_hour(world, lockout_log):
    with time_machine.travel(START, tick=False) as clock:
        attacker = Client(REMOTE_ADDR=ATTACKER_IP)
        statuses = [login(attacker, "lender", f"wrong-{i}").status_code for i in range(6)]
        # Failures 1-4 show the form again; the 5th reaches the limit and locks.
        assert statuses == [200, 200, 200, 200, 429, 429]
        assert [r for r in lockout_log if "Locking out" in r.getMessage()]

        # The right password is refused from that IP while locked out ...
        refused = login(attacker, "lender", PASSWORD)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "3600"
        assert "Too many failed login attempts" in refused.content.decode()
        assert not signed_in(attacker)

        # ... but the same user from another address is not locked out.
        elsewhere = Client(REMOTE_ADDR=OTHER_IP)
        assert login(elsewhere, "lender", PASSWORD).status_code == 302
        assert signed_in(elsewhere)

        # The last refused attempt was at START; 59 minutes on, still locked.
        clock.move_to(START + timedelta(minutes=59))
        assert login(attacker, "lender", PASSWORD).status_code == 429
        assert not signed_in(attacker)

        # One hour and a minute after that last attempt the cool-off is over.
        clock.move_to(START + timedelta(minutes=59) + timedelta(hours=1, minutes=1))
        response = login(attacker, "lender", PASSWORD)
        assert response.status_code == 302
        assert signed_in(attacker)


def test_four_failures_then_success_do_not_lock(world):
    client = Client(REMOTE_ADDR=ATTACKER_IP)
    for i in range(4):
        assert login(client, "lender", f"wrong-{i}").status_code == 200
    assert login(client, "lender", PASSWORD).status_code == 302
    # A success resets the count: four more failures still do not lock.
    client.logout()
    for i in range(4):
        assert login(client, "lender", f"wrong-again-{i}").status_code == 200
    assert login(client, "lender", PASSWORD).status_code == 302


def test_the_token_endpoint_shares_the_lockout_with_the_login_form(world):
    url = reverse("api-auth-token")
    client = Client(REMOTE_ADDR=ATTACKER_IP)
    for i in range(3):
        assert login(client, "borrower_staff", f"wrong-{i}").status_code == 200
    bad = {"username": "borrower_staff", "password": "wrong"}
    assert client.post(url, bad, content_type="application/json").status_code == 400
    locked = client.post(url, bad, content_type="application/json")
    assert locked.status_code == 429  # 3 on the form + 2 on the API = 5
    assert locked.json()["detail"].startswith("Too many failed login attempts")
    assert locked["Retry-After"] == "3600"

    good = {"username": "borrower_staff", "password": PASSWORD}
    refused = client.post(url, good, content_type="application/json")
    assert refused.status_code == 429
    assert "token" not in refused.json()
    assert login(client, "borrower_staff", PASSWORD).status_code == 429


def test_a_forged_forwarded_for_does_not_escape_the_lockout(world):
    # No trusted proxy (the default): X-Forwarded-For is the client's own
    # claim and ignored, so changing it does not reset the count.
    client = Client(REMOTE_ADDR=ATTACKER_IP)
    statuses = [
        client.post(
            reverse("login"),
            {"username": "accountant", "password": "wrong"},
            headers={"X-Forwarded-For": f"10.0.0.{i}"},
        ).status_code
        for i in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "10.9.9.9", "192.0.2.1"),  # no proxy: the socket address
        (1, "10.9.9.9, 203.0.113.7", "203.0.113.7"),  # what our proxy saw, not the forgery
        (2, "10.9.9.9, 203.0.113.7, 172.16.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "192.0.2.1"),  # fewer hops than proxies: trust nothing
    ],
)
def test_client_ip_behind_trusted_proxies(settings, rf, proxies, forwarded_for, expected):
    settings.NOTEKEEPER_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected
