"""Selectors: the note's terms and event log as engine values, and what the replay says.

Hand figures (seed terms: 185,000.00 at 12%, 30/360, accrual start 2005-12-31):
- 2005-12-31 -> 2006-01-15 is 15 days under 30/360 (D1 = 31 -> 30): accrued
  185,000 * 0.12 * 15/360 = 925.00; payoff on 2006-01-15 = 185,925.00;
- per diem 185,000 * 0.12 / 360 = 61.666... -> 61.67;
- installment 1 (31 days) 1,911.67, then 1,850.00 a month; 24 installments.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from loans.engine import values
from loans.models import Note
from payments.models import Charge, DefaultNotice, NoteEvent, Payment, PaymentReversal
from payments.selectors import (
    note_balance,
    note_events,
    note_payoff,
    note_replay,
    note_schedule,
    note_terms,
)
from tests.payments.factories import make_note, make_user

pytestmark = pytest.mark.django_db


def fill_log(note: Note, user: Any, payments: int) -> dict[str, Any]:
    rows = [
        Payment.objects.create(
            note=note,
            received_on=date(2006, 2, 1),
            amount=Decimal("10.00"),
            method="check",
            entered_by=user,
        )
        for _ in range(payments)
    ]
    reversal = PaymentReversal.objects.create(
        payment=rows[0], reversed_on=date(2006, 2, 3), reason="returned", entered_by=user
    )
    charge = Charge.objects.create(
        note=note, incurred_on=date(2006, 2, 4), amount=Decimal("75.50"),
        kind="collection_cost", entered_by=user,
    )  # fmt: skip
    notice = DefaultNotice.objects.create(
        note=note, sent_on=date(2006, 2, 5), installments=[1], delivery_method="email",
        entered_by=user,
    )  # fmt: skip
    case = NoteEvent.objects.create(
        note=note, kind="judgment", date=date(2006, 2, 6), entered_by=user
    )
    satisfied = NoteEvent.objects.create(
        note=note, kind="judgment_satisfied", date=date(2006, 2, 7), refers_to=case,
        entered_by=user,
    )  # fmt: skip
    return {"payments": rows, "reversal": reversal, "charge": charge, "notice": notice,
            "case": case, "satisfied": satisfied}  # fmt: skip


def test_note_terms_carry_every_term():
    note = make_note(cure_days=15, grace_days=3, acceleration="optional", notice_required=False)
    assert note_terms(note) == values.Terms(
        principal=Decimal("185000.00"),
        annual_rate=Decimal("12"),
        day_count="30/360",
        accrual_start=date(2005, 12, 31),
        first_payment_date=date(2006, 2, 1),
        maturity_date=date(2008, 1, 1),
        payment_frequency_months=1,
        repayment="interest_only",
        interest_only_periods=0,
        amortization_periods=None,
        installment_amount=None,
        notice_required=False,
        cure_days=15,
        grace_days=3,
        acceleration="optional",
    )


def test_note_events_maps_every_kind_of_row():
    note = make_note()
    log = fill_log(note, make_user(), payments=2)
    events = note_events(note)
    first, second = log["payments"]
    assert values.Payment(
        id=str(first.pk), received_on=date(2006, 2, 1), amount=Decimal("10.00"),
        kind="regular", sequence=first.pk,
    ) in events  # fmt: skip
    assert any(isinstance(e, values.Payment) and e.id == str(second.pk) for e in events)
    assert (
        values.Reversal(
            payment_id=str(first.pk), reversed_on=date(2006, 2, 3), sequence=log["reversal"].pk
        )
        in events
    )
    assert values.Charge(
        id=str(log["charge"].pk), incurred_on=date(2006, 2, 4), amount=Decimal("75.50"),
        sequence=log["charge"].pk,
    ) in events  # fmt: skip
    notice = next(
        e for e in events if isinstance(e, values.NoteEvent) and e.kind == "default_notice"
    )
    assert (notice.id, notice.installments) == (f"notice-{log['notice'].pk}", (1,))
    satisfied = next(
        e for e in events if isinstance(e, values.NoteEvent) and e.kind == "judgment_satisfied"
    )
    assert satisfied.refers_to == str(log["case"].pk)
    assert len(events) == 2 + 1 + 1 + 1 + 2


@pytest.mark.parametrize("payments", [1, 40])
def test_note_events_takes_five_queries_whatever_the_log_length(
    django_assert_num_queries, payments
):
    note = make_note()
    fill_log(note, make_user(), payments=payments)
    fill_log(make_note("TEST-OTHER"), make_user("other"), payments=3)  # not this note's
    with django_assert_num_queries(5):
        events = note_events(note)
    assert len(events) == payments + 5  # a reversal, a charge, a notice, two events


def test_the_read_selectors_agree_with_the_hand_figures(settings):
    note = make_note()
    as_of = date(2006, 1, 15)
    schedule = note_schedule(note=note, as_of=as_of)
    assert len(schedule) == 24
    assert (schedule[0].interest, schedule[0].status) == (Decimal("1911.67"), "upcoming")
    assert {row.interest for row in schedule[1:]} == {Decimal("1850.00")}
    assert schedule[-1].principal == Decimal("185000.00")
    balance = note_balance(note=note, as_of=as_of)
    assert balance.interest_accrued == Decimal("925.00")
    assert balance.payoff_amount == Decimal("185925.00")
    assert balance.per_diem == Decimal("61.67")
    assert (balance.next_due_date, balance.next_due_amount) == (
        date(2006, 2, 1),
        Decimal("1911.67"),
    )
    assert balance.status == "current"
    payoff = note_payoff(note=note, as_of=as_of)
    assert (payoff.principal, payoff.interest, payoff.payoff_amount) == (
        Decimal("185000.00"), Decimal("925.00"), Decimal("185925.00"),
    )  # fmt: skip
    assert note_replay(note=note, as_of=as_of).balance == balance
