"""/healthz (DESIGN 5, Operations): 200 {"status": "ok"} only when the database
answers a query, 503 when it does not; no login, whoever asks."""

from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.accounts.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_up_when_the_database_answers(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):  # a real round trip to the database
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_down_when_the_database_does_not_answer(client: Client, monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection to server at 127.0.0.1:5432 refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_needs_no_login_even_from_a_locked_out_client(client: Client) -> None:
    # Five failed logins lock "servicer" out from this address (django-axes);
    # the probe from the same address still answers.
    make_user("servicer", staff=True)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "servicer", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "servicer", "password": PASSWORD})
    assert locked.status_code == 429

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
