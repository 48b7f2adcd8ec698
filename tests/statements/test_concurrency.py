"""Statements read while payments are posted, on PostgreSQL with real threads (DESIGN 4:
"a payment committed meanwhile is in all of it or in none of it").

Payments of 1,911.67 on 2006-02-01 and 1,850.00 on each later first of the month are
posted by one thread while others read the 2006 activity statement through the API:
every answer is a 200 that reconciles, and every payment line's parts add up to its
amount. The negative control shows the same reads without the snapshot transaction
can see a payment row the replay never saw.
"""

import contextlib
import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.test import APIClient

import statements.log
from loans.models import Membership, Role
from loans.seed import seed_note_board
from payments.services import payment_record
from statements.selectors import activity_statement
from tests.statements.conftest import pay_on_time

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(settings: Any) -> Any:
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"
    note = seed_note_board()
    users = get_user_model().objects
    clerk = users.create_user(username="clerk", password="pw-not-used-123")
    Membership.objects.create(user=clerk, party=note.borrower, role=Role.BORROWER_STAFF)
    accountant = users.create_user(username="acct", password="pw-not-used-123")
    Membership.objects.create(user=accountant, party=note.borrower, role=Role.ACCOUNTANT)
    return note, clerk, accountant


def parts_add_up(line: dict[str, str]) -> bool:
    parts = ("charges", "interest", "principal", "held", "unapplied")
    return sum(Decimal(line[p]) for p in parts) == Decimal(line["amount"])


def test_statements_read_while_payments_are_posted(setup: Any) -> None:
    note, clerk, accountant = setup
    answers: list[Any] = []
    errors: list[BaseException] = []
    posting_done = threading.Event()

    def post() -> None:
        try:
            pay_on_time(note, clerk, through=date(2006, 12, 1))
        except BaseException as error:
            errors.append(error)
        finally:
            posting_done.set()
            connection.close()

    def read() -> None:
        client = APIClient()
        client.force_authenticate(accountant)
        try:
            while not posting_done.is_set() or len(answers) < 4:
                answers.append(
                    client.get(
                        f"/api/notes/{note.pk}/statements/activity/?from=2006-01-01&to=2006-12-31"
                    )
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post), *(threading.Thread(target=read) for _ in range(3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert {a.status_code for a in answers} == {200}
    bodies = [a.json() for a in answers]
    assert all(b["reconciles"] for b in bodies)
    assert all(
        parts_add_up(line) for b in bodies for line in b["lines"] if line["kind"] == "payment"
    )
    # The readers saw the log grow; read once more after the last post: all eleven.
    assert len({len(b["lines"]) for b in bodies}) > 1
    assert (
        len(activity_statement(note=note, start=date(2006, 1, 1), end=date(2006, 12, 31)).lines)
        == 11
    )


def payment_committed_between_reads(note: Any, clerk: Any, monkeypatch: Any) -> None:
    """Commit a payment from another connection after the log's events are read and
    before its payment rows are."""
    real = statements.log._payments

    def payments_after_a_concurrent_post(note_ids: Any) -> Any:
        def post() -> None:
            payment_record(note=note, received_on=date(2006, 3, 1), amount="1850.00",
                           method="check", entered_by=clerk)  # fmt: skip
            connection.close()

        thread = threading.Thread(target=post)
        thread.start()
        thread.join(timeout=60)
        return real(note_ids)

    monkeypatch.setattr(statements.log, "_payments", payments_after_a_concurrent_post)


def test_one_snapshot_hides_a_payment_committed_meanwhile(setup: Any, monkeypatch: Any) -> None:
    note, clerk, _ = setup
    pay_on_time(note, clerk, through=date(2006, 2, 1))
    payment_committed_between_reads(note, clerk, monkeypatch)

    s = activity_statement(note=note, start=date(2006, 1, 1), end=date(2006, 3, 31))

    assert [line.amount for line in s.lines] == [Decimal("1911.67")]
    assert s.reconciles


def test_negative_control_without_the_snapshot(setup: Any, monkeypatch: Any) -> None:
    note, clerk, _ = setup
    pay_on_time(note, clerk, through=date(2006, 2, 1))
    payment_committed_between_reads(note, clerk, monkeypatch)
    monkeypatch.setattr(statements.log, "one_snapshot", contextlib.nullcontext)

    s = activity_statement(note=note, start=date(2006, 1, 1), end=date(2006, 3, 31))

    # The payment row is there, the replay never saw it: a line whose parts are all zero.
    [_, second] = s.lines
    assert (second.amount, second.interest, second.held) == (
        Decimal("1850.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
