"""Posting under concurrency, on PostgreSQL with real threads (DESIGN 5: posting locks the
note row and claims the idempotency key in the same transaction).

Hand figures: the seed note on 2006-01-15, before its first due date (2006-02-01).
- Installment 1 is 1,911.67 (30/360: 31 days; 185,000 * 0.12 * 31/360 = 1,911.666...).
- 400 payments of 4.00 = 1,600.00 < 1,911.67: every payment is held for installment 1
  (DESIGN 3.4 step 5): held 4.00 each, nothing to principal.
- Interest accrued 2005-12-31 -> 2006-01-15 under 30/360: 360*1 + 30*(1-12) + (15-30) = 15 days
  (D1 = 31 -> 30); 185,000 * 0.12 * 15/360 = 925.00.
- payoff = 185,000.00 + 925.00 - 1,600.00 held = 184,325.00.
"""

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from django.db import IntegrityError, connection

import payments.services
from loans.models import Note
from payments.models import Payment
from payments.selectors import note_replay
from payments.services import payment_record

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RECEIVED_ON = date(2006, 1, 15)


def run_in_threads(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Start `count` threads at once (a barrier); each closes its own connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except BaseException as error:  # collected, then asserted on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors


def post_keyed(note: Note, clerk: Any, key: str, index: int) -> Any:
    return post(note, clerk, "5.00", key=key)


def post(
    note: Note, clerk: Any, amount: str = "4.00", key: str | None = None, on: date = RECEIVED_ON
) -> Any:
    return payment_record(
        note=note, received_on=on, amount=amount, method="ach", entered_by=clerk,
        idempotency_key=key,
    )  # fmt: skip


def test_16_threads_of_25_payments_lose_and_double_nothing(note, clerk, on):
    on("2006-01-15")

    def post_25(index: int) -> list[Any]:
        return [post(note, clerk) for _ in range(25)]

    results, errors = run_in_threads(16, post_25)
    assert errors == []
    answers = [recorded for batch in results for recorded in batch]
    assert len(answers) == 400 and all(r.created for r in answers)
    assert all(r.allocation.held == Decimal("4.00") for r in answers)
    assert Payment.objects.filter(note=note).count() == 400
    assert len({r.payment.pk for r in answers}) == 400

    replay = note_replay(note=note, as_of=RECEIVED_ON)  # computed afterwards, from the log
    assert len(replay.allocations) == 400
    assert sum(a.held for a in replay.allocations) == Decimal("1600.00")
    balance = replay.balance
    assert balance.held == Decimal("1600.00")
    assert balance.principal == Decimal("185000.00")
    assert balance.interest_accrued == Decimal("925.00")
    assert balance.payoff_amount == Decimal("184325.00")
    assert Note.objects.get(pk=note.pk).status == balance.status == "current"


JUNE = date(2006, 6, 15)


def post_10_in_june(note: Note, clerk: Any, index: int) -> list[Any]:
    return [post(note, clerk, "100.00", on=JUNE) for _ in range(10)]


def test_every_answer_is_the_allocation_its_payment_keeps_in_the_log(note, clerk, on):
    """Where a payment goes depends on every payment before it: each answer must be its
    payment's allocation in the log as it stands afterwards. 16 threads post 10 payments
    of 100.00 each on 2006-06-15, when five installments of interest are due:
    1,911.67 + 4 * 1,850.00 = 9,311.67; 160 * 100.00 = 16,000.00, so the first 93
    payments (9,300.00) are interest only and the rest are not.

    A posting that read the note's checkpoint or log as it was before it waited for the
    lock would answer for a log without the payments committed meanwhile (PostgreSQL's
    READ COMMITTED: a SELECT ... FOR UPDATE that waited sees the rest of its query as of
    before it waited; why the checkpoint is read after the lock, docs/posting.md)."""
    on(JUNE.isoformat())

    results, errors = run_in_threads(16, partial(post_10_in_june, note, clerk))
    assert errors == []
    answers = sorted((r for batch in results for r in batch), key=lambda r: r.payment.pk)
    assert len(answers) == 160
    replay = note_replay(note=note, as_of=JUNE)  # computed afterwards, from the log
    kept = {a.payment_id: a for a in replay.allocations}
    assert [r.allocation for r in answers] == [kept[str(r.payment.pk)] for r in answers]
    interest = [r.allocation.interest for r in answers]
    assert interest[:93] == [Decimal("100.00")] * 93
    assert interest[93] == Decimal("11.67")
    assert sum(interest) == Decimal("9311.67")
    assert replay.balance.interest_due == Decimal("0.00")


def test_negative_control_without_the_lock_answers_miss_each_other(note, clerk, on, monkeypatch):
    """The same postings with the note lock replaced by a plain read: each posting reads
    the log without the rows of the others still in flight, and some answers differ from
    where the payment stands in the log afterwards. Proves the test above can fail."""
    on(JUNE.isoformat())
    monkeypatch.setattr(payments.services, "note_lock", lambda n: Note.objects.get(pk=n.pk))

    for _attempt in range(3):  # a race: a few tries make the negative control dependable
        results, _errors = run_in_threads(16, partial(post_10_in_june, note, clerk))
        answers = [r for batch in results if batch for r in batch]
        kept = {a.payment_id: a for a in note_replay(note=note, as_of=JUNE).allocations}
        wrong = [r for r in answers if r.allocation != kept[str(r.payment.pk)]]
        if wrong:
            break
    assert wrong, "without the lock, every answer still matched the log"


def test_50_threads_posting_one_idempotency_key_make_one_payment(note, clerk, on):
    on("2006-01-15")
    results, errors = run_in_threads(50, lambda i: post(note, clerk, "1911.67", key="retry-1"))
    assert errors == []
    assert Payment.objects.filter(note=note).count() == 1
    assert sum(r.created for r in results) == 1
    assert len({(r.payment.pk, r.allocation) for r in results}) == 1  # 50 identical answers
    assert results[0].allocation.held == Decimal("1911.67")


def test_negative_control_without_the_lock_the_key_race_is_lost(note, clerk, on, monkeypatch):
    """The same test with the note lock replaced by a plain read: concurrent posts of one key
    all miss each other's uncommitted claim, and all but one crash on the unique constraint
    (or get a different payment). Proves the test above can fail."""
    on("2006-01-15")
    monkeypatch.setattr(payments.services, "note_lock", lambda n: Note.objects.get(pk=n.pk))
    for attempt in range(3):  # a race: a few tries make the negative control dependable
        key = f"race-{attempt}"
        results, errors = run_in_threads(50, partial(post_keyed, note, clerk, key))
        answered = {r.payment.pk for r in results if r is not None}
        if errors or len(answered) > 1:
            break
    assert errors or len(answered) > 1, "without the lock, posts of one key never collided"
    # What went wrong: duplicate claims of the key, stopped only by the unique constraint
    # (IntegrityError: those clients got an error instead of the original payment).
    assert all(isinstance(error, IntegrityError) for error in errors)
    assert Payment.objects.filter(note=note, idempotency_key=key).count() == 1
