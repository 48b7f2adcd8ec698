"""payment_record: the seed note's life, validation, idempotency (DESIGN 3.4, 6).

Hand figures for the seed note (185,000.00 at 12%, 30/360, interest only):
- installment 1, 2005-12-31 -> 2006-02-01: 30/360 days = 360*1 + 30*(2-12) + (1-30) = 31
  (D1 = 31 -> 30), interest 185,000 * 0.12 * 31/360 = 1,911.666... -> 1,911.67;
- every later month: 185,000 * 0.12 / 12 = 1,850.00;
- the last (2008-01-01) also takes the principal: 1,850.00 + 185,000.00 = 186,850.00.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from loans.errors import Conflict
from loans.models import Note
from payments.models import Payment
from payments.selectors import note_balance
from payments.services import note_lock, payment_record

DUE_DATES = [date(2006, 2, 1) + relativedelta(months=k) for k in range(24)]
AMOUNTS = [Decimal("1911.67")] + [Decimal("1850.00")] * 22 + [Decimal("186850.00")]


def record(note, clerk, received_on, amount, **extra):
    return payment_record(
        note=note, received_on=received_on, amount=amount, method=extra.pop("method", "check"),
        entered_by=clerk, **extra,
    )  # fmt: skip


def test_the_seed_note_paid_on_time_for_its_whole_life(note, clerk, on):
    assert DUE_DATES[-1] == date(2008, 1, 1) and len(DUE_DATES) == 24
    for due, amount in zip(DUE_DATES[:-1], AMOUNTS[:-1], strict=True):
        on(due.isoformat())  # entered on the day it is received
        recorded = record(note, clerk, due, amount)
        assert recorded.created
        assert (recorded.allocation.interest, recorded.allocation.principal) == (amount, 0)
        assert Note.objects.get(pk=note.pk).status == "current"
    on("2008-01-01")
    last = record(note, clerk, date(2008, 1, 1), "186850.00", method="wire")
    assert last.allocation.interest == Decimal("1850.00")
    assert last.allocation.principal == Decimal("185000.00")
    assert last.allocation.unapplied == Decimal("0.00")
    balance = note_balance(note=note, as_of=date(2008, 1, 1))
    assert balance.principal == balance.payoff_amount == balance.total_due == Decimal("0.00")
    assert balance.status == "paid_off"
    assert Note.objects.get(pk=note.pk).status == "paid_off"
    assert Payment.objects.filter(note=note).count() == 24
    # 1,911.67 + 22 * 1,850.00 + 1,850.00 = 44,461.67 of interest (DESIGN 3.3).
    assert sum(AMOUNTS) - Decimal("185000.00") == Decimal("44461.67")


def test_a_payment_on_a_paid_off_note_is_accepted_as_unapplied(note, clerk, on):
    on("2006-03-01")
    # Payoff on 2006-03-01: installment 1 (1,911.67) paid on time, then principal plus
    # the 2006-03-01 installment's interest: 185,000.00 + 1,850.00.
    record(note, clerk, date(2006, 2, 1), "1911.67")
    payoff = record(note, clerk, date(2006, 3, 1), "186850.00")
    assert payoff.allocation.unapplied == Decimal("0.00")
    assert Note.objects.get(pk=note.pk).status == "paid_off"
    refund_due = record(note, clerk, date(2006, 3, 1), "100.00")
    assert refund_due.created
    assert refund_due.allocation.unapplied == Decimal("100.00")
    assert refund_due.allocation.interest == refund_due.allocation.principal == Decimal("0.00")
    assert note_balance(note=note, as_of=date(2006, 3, 1)).unapplied == Decimal("100.00")


BAD_INPUTS = [
    ({"amount": "0"}, "amount"),
    ({"amount": "0.00"}, "amount"),
    ({"amount": "-1850.00"}, "amount"),
    ({"amount": "1850.001"}, "amount"),
    ({"amount": "one thousand"}, "amount"),
    ({"amount": 1850.0}, "amount"),
    ({"received_on": date(2005, 12, 30)}, "received_on"),  # before the accrual start
    ({"received_on": date(2006, 4, 16)}, "received_on"),  # after the business date
    ({"received_on": "2006-13-01"}, "received_on"),
    ({"method": "bitcoin"}, "method"),
    ({"kind": "gift"}, "kind"),
]


@pytest.mark.parametrize(("change", "field"), BAD_INPUTS)
def test_each_invalid_input_is_refused_by_field_and_writes_nothing(note, clerk, on, change, field):
    on("2006-04-15")
    body = {"received_on": date(2006, 2, 1), "amount": "1911.67", "method": "check"} | change
    with pytest.raises(ValidationError) as refused:
        payment_record(note=note, entered_by=clerk, idempotency_key="k-bad", **body)
    assert list(refused.value.message_dict) == [field]
    assert Payment.objects.count() == 0
    assert Note.objects.get(pk=note.pk).status == "current"  # untouched


def test_every_bad_field_is_named_at_once(note, clerk, on):
    on("2006-04-15")
    with pytest.raises(ValidationError) as refused:
        payment_record(
            note=note, received_on=date(2007, 1, 1), amount="-5", method="barter",
            kind="regular", entered_by=clerk,
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"received_on", "amount", "method"}
    assert Payment.objects.count() == 0


def test_an_unknown_note_is_refused(note, clerk, on):
    on("2006-04-15")
    ghost = Note(pk=note.pk + 1000, reference="NO-SUCH-NOTE")
    with pytest.raises(ValidationError) as refused:
        record(ghost, clerk, date(2006, 2, 1), "1911.67")
    assert "note" in refused.value.message_dict
    assert Payment.objects.count() == 0


def test_the_lock_reads_the_note_afresh(note):
    """note_lock answers the row as stored now, every field, not the caller's copy."""
    stale = Note.objects.get(pk=note.pk)
    Note.objects.filter(pk=note.pk).update(status="late", reference="RENAMED")
    with transaction.atomic():
        locked = note_lock(stale)
    fresh = Note.objects.get(pk=note.pk)
    fields = [field.attname for field in Note._meta.concrete_fields]
    assert [getattr(locked, f) for f in fields] == [getattr(fresh, f) for f in fields]
    assert (locked.status, locked.reference, stale.status) == ("late", "RENAMED", note.status)


@pytest.mark.postgres
def test_the_lock_is_one_select_for_update_of_the_note(note):
    """On PostgreSQL note_lock is one `SELECT ... FOR UPDATE` of the note's row, run again
    (composed once a connection) with each note's id."""
    other = Note.objects.create(**{
        f.attname: getattr(note, f.attname)
        for f in Note._meta.concrete_fields if f.attname not in ("id", "reference")
    }, reference="OTHER-1")  # fmt: skip
    with transaction.atomic(), CaptureQueriesContext(connection) as ran:
        first, second = note_lock(note), note_lock(other)
    assert (first.pk, second.pk) == (note.pk, other.pk)
    assert len(ran) == 2
    for query, pk in zip(ran, (note.pk, other.pk), strict=True):
        assert query["sql"].endswith(f'"loans_note"."id" = {pk} FOR UPDATE'), query["sql"]


def test_the_same_key_and_body_returns_the_original_payment(note, clerk, on):
    on("2006-04-15")
    first = record(note, clerk, date(2006, 2, 1), "1911.67", idempotency_key="abc")
    again = record(note, clerk, date(2006, 2, 1), Decimal("1911.670"), idempotency_key="abc")
    assert first.created and not again.created
    assert again.payment.pk == first.payment.pk
    assert again.allocation == first.allocation
    assert Payment.objects.count() == 1


def test_the_same_key_with_a_different_body_is_a_conflict(note, clerk, on):
    on("2006-04-15")
    record(note, clerk, date(2006, 2, 1), "1911.67", idempotency_key="abc")
    for change in ({"amount": "1911.68"}, {"memo": "other"}, {"method": "wire"}):
        body: dict[str, Any] = {
            "received_on": date(2006, 2, 1),
            "amount": "1911.67",
            "method": "check",
        } | change
        with pytest.raises(Conflict):
            payment_record(note=note, entered_by=clerk, idempotency_key="abc", **body)
    assert Payment.objects.count() == 1


def test_a_key_belongs_to_one_note(note, clerk, on):
    from tests.payments.factories import make_note

    on("2006-04-15")
    other = make_note("TEST-OTHER")
    a = record(note, clerk, date(2006, 2, 1), "1911.67", idempotency_key="same")
    b = record(other, clerk, date(2006, 2, 1), "1911.67", idempotency_key="same")
    assert a.created and b.created and a.payment.pk != b.payment.pk


def test_trailing_zeros_are_not_extra_decimals(note, clerk, on):
    on("2006-04-15")
    recorded = record(note, clerk, date(2006, 2, 1), "1911.670")
    assert Payment.objects.get(pk=recorded.payment.pk).amount == Decimal("1911.67")
