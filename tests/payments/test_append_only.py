"""The event log is append-only (DESIGN 2): a posted payment is never updated or deleted."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from loans.append_only import AppendOnlyError, note_has_events
from payments.default_events import note_event_record
from payments.models import Charge, Payment, PaymentReversal
from payments.services import charge_record, payment_record
from tests.payments.factories import make_note, make_user


@pytest.fixture
def payment(note, clerk) -> Payment:
    return Payment.objects.create(
        note=note,
        received_on=date(2006, 2, 1),
        amount=Decimal("1911.67"),
        method="check",
        entered_by=clerk,
    )


def test_saving_a_changed_payment_is_refused_and_the_row_is_unchanged(payment):
    payment.amount = Decimal("1.00")
    with pytest.raises(AppendOnlyError, match="append-only"):
        payment.save()
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("1911.67")


def test_deleting_a_payment_is_refused(payment):
    with pytest.raises(AppendOnlyError):
        payment.delete()
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_queryset_update_and_delete_are_refused(payment):
    with pytest.raises(AppendOnlyError):
        Payment.objects.filter(pk=payment.pk).update(amount=Decimal("2.00"))
    with pytest.raises(AppendOnlyError):
        Payment.objects.all().delete()
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("1911.67")


def test_reversals_and_charges_are_append_only_too(payment, note, clerk):
    reversal = PaymentReversal.objects.create(
        payment=payment, reversed_on=date(2006, 2, 10), reason="returned check", entered_by=clerk
    )
    charge = Charge.objects.create(
        note=note, incurred_on=date(2006, 3, 1), amount=Decimal("250.00"),
        kind="attorneys_fees", entered_by=clerk,
    )  # fmt: skip
    for row in (reversal, charge):
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()


def test_the_database_refuses_a_second_reversal_and_a_non_positive_amount(payment, note, clerk):
    PaymentReversal.objects.create(
        payment=payment, reversed_on=date(2006, 2, 10), reason="returned check", entered_by=clerk
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        PaymentReversal.objects.create(
            payment=payment, reversed_on=date(2006, 2, 11), reason="again", entered_by=clerk
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        Payment.objects.create(
            note=note, received_on=date(2006, 2, 1), amount=Decimal("0.00"),
            method="check", entered_by=clerk,
        )  # fmt: skip


def test_the_database_refuses_a_reused_idempotency_key_on_one_note(note, clerk):
    fields = {"note": note, "received_on": date(2006, 2, 1), "method": "wire", "entered_by": clerk}
    Payment.objects.create(amount=Decimal("1.00"), idempotency_key="k-1", **fields)
    Payment.objects.create(amount=Decimal("2.00"), **fields)  # no key: many allowed
    Payment.objects.create(amount=Decimal("3.00"), **fields)
    with pytest.raises(DatabaseError), transaction.atomic():
        Payment.objects.create(amount=Decimal("4.00"), idempotency_key="k-1", **fields)
    assert Payment.objects.filter(note=note).count() == 3


@pytest.mark.postgres
def test_postgres_trigger_refuses_raw_sql_update_and_delete(payment):
    table = Payment._meta.db_table
    for sql in (f"UPDATE {table} SET amount = 1 WHERE id = %s", f"DELETE FROM {table} WHERE id=%s"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [payment.pk])
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("1911.67")


def test_a_note_has_events_once_anything_is_appended_against_it(db):
    # loans.append_only.note_has_events asks every append-only model with a note,
    # without importing the event log: a payment, a charge, a notice or an event count.
    clerk = make_user()
    paid_note, charged_note, event_note, quiet_note = (
        make_note(f"NOTE-{n}") for n in ("PAID", "CHARGED", "EVENT", "QUIET")
    )
    today = date(2006, 3, 1)
    payment_record(
        note=paid_note, received_on=date(2006, 2, 1), amount="10.00", method="check",
        entered_by=clerk, today=today,
    )  # fmt: skip
    charge_record(
        note=charged_note, incurred_on=today, amount="10.00", kind="other", description="",
        entered_by=clerk, today=today,
    )  # fmt: skip
    note_event_record(
        note=event_note, kind="borrower_assignment", date=today, affiliate=True,
        entered_by=clerk, today=today,
    )  # fmt: skip
    assert [note_has_events(n) for n in (paid_note, charged_note, event_note, quiet_note)] == [
        True,
        True,
        True,
        False,
    ]
