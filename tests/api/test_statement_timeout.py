"""Bounded work per request, on PostgreSQL: web connections carry a
statement_timeout, management commands none, and a deliberately heavy request
is cut off with a clear 503 while a concurrent balance read still answers.

Hand figures for the balance read: the seed note (185,000.00 at 12%, 30/360,
interest only) as of 2006-01-15, nothing paid: 2005-12-31 -> 2006-01-15 is
360*1 + 30*(1-12) + (15-30) = 15 days (D1 = 31 -> 30), so interest accrued is
185,000.00 * 0.12 * 15/360 = 925.00 and principal still 185,000.00.
"""

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SHOW_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SHOW statement_timeout')\n"
    "    print(cursor.fetchone()[0])\n"
)


def test_the_suite_and_web_connections_carry_five_seconds() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"


def show_timeout_in(*command: str) -> str:
    """Run `command` against the test database in a fresh process (no
    DB_STATEMENT_TIMEOUT in its environment); what PostgreSQL reports."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DB_STATEMENT_TIMEOUT"}
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_management_commands_run_without_a_timeout_and_gunicorns_app_with_one() -> None:
    assert show_timeout_in(sys.executable, "manage.py", "shell", "-c", SHOW_TIMEOUT) == "0"
    as_wsgi = "import config.wsgi\n" + SHOW_TIMEOUT  # what gunicorn imports
    assert show_timeout_in(sys.executable, "-c", as_wsgi) == "5s"


def clerk_client(clerk: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    return client


@pytest.fixture
def one_second_timeout(settings: Any) -> Iterator[None]:
    """One second instead of five, for a quick test: connections opened from now
    on get it; the ones opened after the test get five seconds again."""
    options = connection.settings_dict["OPTIONS"]
    web_options = options["options"]
    options["options"] = "-c statement_timeout=1s"
    settings.DB_STATEMENT_TIMEOUT = "1s"
    connection.close()
    yield
    options["options"] = web_options
    connection.close()


def test_a_heavy_request_is_cut_off_while_a_balance_read_answers(
    seed_note, monkeypatch, one_second_timeout
) -> None:

    def heavy_schedule(**kwargs: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(30)")

    monkeypatch.setattr("api.notes.note_schedule", heavy_schedule)
    clerk = get_user_model().objects.create_user("clerk", is_staff=True)
    heavy_client, reader = clerk_client(clerk), clerk_client(clerk)
    answers: dict[str, Any] = {}

    def timed(name: str, client: Client, url: str) -> None:
        try:
            started = time.monotonic()
            response = client.get(url)
            answers[name] = (response, started, time.monotonic())
        finally:
            connection.close()

    heavy = threading.Thread(
        target=timed, args=("heavy", heavy_client, f"/api/notes/{seed_note.pk}/schedule/")
    )
    heavy.start()
    time.sleep(0.3)  # the heavy query is running
    timed("balance", reader, f"/api/notes/{seed_note.pk}/balance/?as_of=2006-01-15")
    heavy.join(timeout=30)

    cut, heavy_start, heavy_end = answers["heavy"]
    assert cut.status_code == 503
    assert cut.json() == {
        "detail": "The request took longer than the database allows a web request (1s) and "
        "was stopped. Narrow it (a shorter date range) or try again later.",
        "errors": {},
    }
    assert 1.0 <= heavy_end - heavy_start < 5.0  # cut at 1 s, not after pg_sleep's 30

    read, read_start, read_end = answers["balance"]
    assert read.status_code == 200
    assert (read.json()["principal"], read.json()["interest_accrued"]) == ("185000.00", "925.00")
    assert read_end - read_start < 1.0 and read_end < heavy_end  # answered meanwhile
