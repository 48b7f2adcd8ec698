"""Activity statement: opening (end of the day before), every item, closing (end of the
last day), reconciled by an interest line computed from the principal outstanding each
day (statements/accrued.py), never from the closing balance.

30/360 day counts used below (DESIGN 3.1, D1=31 -> 30):
- 2005-12-31 -> 2006-01-01: 1 day; 185,000 x 0.12 / 360 = 61.666... -> 61.67.
- 2006-01-01 -> 2007-01-01: 360 days; 185,000 x 0.12 = 22,200.00.
- 2006-12-01 -> 2007-01-01: 30 days: 1,850.00.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import statements.selectors
from payments.services import payment_record
from statements.selectors import activity_statement
from tests.statements.conftest import pay_on_time

D = Decimal


def test_2006_opens_and_closes_at_185000_and_reconciles(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 12, 1))

    s = activity_statement(note=cast.note, start=date(2006, 1, 1), end=date(2006, 12, 31))

    assert (s.opening.as_of, s.closing.as_of) == (date(2005, 12, 31), date(2006, 12, 31))
    assert (s.opening.principal, s.closing.principal) == (D("185000.00"), D("185000.00"))
    assert (s.opening.interest_accrued, s.closing.interest_accrued) == (D("61.67"), D("1850.00"))
    assert s.interest_earned == D("22200.00")
    # 61.67 + 22,200.00 - 20,411.67 paid = 1,850.00 accrued at the close.
    interest = s.reconciliations[1]
    assert (interest.opening, interest.increases, interest.decreases, interest.closing) == (
        D("61.67"),
        D("22200.00"),
        D("20411.67"),
        D("1850.00"),
    )
    assert [line.kind for line in s.lines] == ["payment"] * 11
    assert s.reconciles


def test_the_reconciliation_can_fail(cast: Any, clerk: Any, monkeypatch: Any) -> None:
    # Negative control: an interest line one cent off no longer reconciles, so the
    # check is not an identity.
    pay_on_time(cast.note, clerk, through=date(2006, 3, 1))
    real = statements.selectors.interest_for_days
    monkeypatch.setattr(
        statements.selectors,
        "interest_for_days",
        lambda log, first, last: real(log, first, last) + D("0.01"),
    )

    s = activity_statement(note=cast.note, start=date(2006, 1, 1), end=date(2006, 3, 31))

    assert not s.reconciles
    assert s.reconciliations[1].difference == D("-0.01")


def test_closing_accrued_interest_is_through_the_last_day(cast: Any, clerk: Any) -> None:
    # 2006-02-28: February is 30 days of 30/360 (02-01 -> 03-01), so 1,850.00 has accrued
    # by the end of the 28th (not 1,665.00, which is 02-01 -> 02-28: 27 days).
    pay_on_time(cast.note, clerk, through=date(2006, 2, 1))

    s = activity_statement(note=cast.note, start=date(2006, 2, 1), end=date(2006, 2, 28))

    assert (s.closing.interest_due, s.closing.interest_accrued) == (D("0.00"), D("1850.00"))
    assert s.closing.payoff_amount == D("186850.00")


def prepay_june(cast: Any, clerk: Any) -> None:
    """Installments through 2006-06-01, then 50,000.00 prepaid on 2006-06-15."""
    pay_on_time(cast.note, clerk, through=date(2006, 6, 1))
    payment_record(
        note=cast.note,
        received_on=date(2006, 6, 15),
        amount=D("50000.00"),
        method="wire",
        kind="prepayment",
        entered_by=clerk,
    )


def test_a_prepayment_within_the_period(cast: Any, clerk: Any) -> None:
    # DESIGN 3.3: June's period is 185,000 x 0.12 x 14/360 + 135,000 x 0.12 x 16/360
    # = 863.333... + 720.00 = 1,583.33 (rounded once).
    prepay_june(cast, clerk)

    s = activity_statement(note=cast.note, start=date(2006, 6, 1), end=date(2006, 6, 30))

    assert s.interest_earned == D("1583.33")
    assert [(line.date, line.principal) for line in s.lines] == [
        (date(2006, 6, 1), D("0.00")),
        (date(2006, 6, 15), D("50000.00")),
    ]
    assert (s.closing.principal, s.closing.interest_accrued) == (D("135000.00"), D("1583.33"))
    assert s.reconciles


def test_part_of_a_period_around_a_prepayment(cast: Any, clerk: Any) -> None:
    # 06-10..06-20. Opening: 06-01 -> 06-10 is 9 days at 185,000: 555.00.
    # Through 06-20: 14 days at 185,000 (863.333...) + 6 days at 135,000 (270.00)
    # = 1,133.33; so the days 06-10..06-20 earn 1,133.33 - 555.00 = 578.33.
    prepay_june(cast, clerk)

    s = activity_statement(note=cast.note, start=date(2006, 6, 10), end=date(2006, 6, 20))

    assert s.opening.interest_accrued == D("555.00")
    assert s.interest_earned == D("578.33")
    assert s.closing.interest_accrued == D("1133.33")
    assert s.reconciles


def test_a_charge_and_money_held(cast: Any, clerk: Any, settings: Any) -> None:
    # A 250.00 collection cost on 03-10; a 1,850.00 payment on 03-20 pays the charge
    # first (250.00), and holds the rest (1,600.00) for installment 3 due 04-01, on
    # which it is applied to interest. The statement 03-01..03-31 shows the charge
    # incurred and paid, and 1,600.00 held at the close.
    from payments.services import charge_record

    pay_on_time(cast.note, clerk, through=date(2006, 3, 1))
    charge_record(
        note=cast.note,
        incurred_on=date(2006, 3, 10),
        amount="250.00",
        kind="collection_cost",
        description="Collection letter",
        entered_by=clerk,
    )
    payment_record(
        note=cast.note, received_on=date(2006, 3, 20), amount="1850.00", method="check",
        entered_by=clerk,
    )  # fmt: skip

    march = activity_statement(note=cast.note, start=date(2006, 3, 1), end=date(2006, 3, 31))
    april = activity_statement(note=cast.note, start=date(2006, 4, 1), end=date(2006, 4, 30))

    charges, held = march.reconciliations[2], march.reconciliations[3]
    assert (charges.increases, charges.decreases, charges.closing) == (
        D("250.00"),
        D("250.00"),
        D("0.00"),
    )
    assert (held.closing, march.closing.held) == (D("1600.00"), D("1600.00"))
    assert march.reconciles
    # April: the held 1,600.00 moves to interest on 04-01 (an adjustment line).
    [adjustment] = [line for line in april.lines if line.kind == "adjustment"]
    assert (adjustment.held, adjustment.interest) == (D("-1600.00"), D("1600.00"))
    assert april.closing.interest_due == D("250.00")  # 1,850.00 - 1,600.00 still due
    assert april.reconciles


@pytest.mark.parametrize("end", [date(2006, 1, 31), date(2006, 2, 1), date(2006, 7, 31)])
def test_statements_with_no_activity_reconcile(cast: Any, end: date) -> None:
    s = activity_statement(note=cast.note, start=date(2006, 1, 1), end=end)

    assert s.lines == ()
    assert s.reconciles


def accelerate_in_february(cast: Any, clerk: Any) -> None:
    """Installment 1 unpaid; notice 02-05, cure deadline 02-15, so an event of default
    on 02-16 accelerates the note (automatic); 20,000.00 is paid on 03-10."""
    cast["lender"].post(
        f"/api/notes/{cast.note.pk}/events/",
        {"kind": "default_notice", "date": "2006-02-05"},
        format="json",
    )
    payment_record(
        note=cast.note, received_on=date(2006, 3, 10), amount="20000.00", method="wire",
        entered_by=clerk,
    )  # fmt: skip


def test_after_acceleration_interest_is_one_open_period(cast: Any, clerk: Any) -> None:
    # Accelerated 02-16: installment 1 (1,911.67) and 02-01 -> 02-16 (15 days, 925.00)
    # are due. The open period from 02-16: to 03-01 is 15 days of 30/360, 925.00.
    # The 20,000.00 of 03-10 pays 1,911.67 + 925.00 + 02-16 -> 03-10 (24 days, 1,480.00)
    # = 4,316.67 of interest and 15,683.33 of principal: 169,316.67 left, from which a
    # new open period runs: 03-10 -> 04-01 is 21 days, 169,316.67 x 0.12 x 21/360
    # = 1,185.2167 -> 1,185.22.
    # March earns (1,480.00 - 925.00) + 1,185.22 = 1,740.22;
    # 3,761.67 + 1,740.22 - 4,316.67 = 1,185.22 owed at the end of 03-31.
    accelerate_in_february(cast, clerk)

    feb = activity_statement(note=cast.note, start=date(2006, 2, 16), end=date(2006, 2, 28))
    march = activity_statement(note=cast.note, start=date(2006, 3, 1), end=date(2006, 3, 31))

    assert feb.interest_earned == D("925.00")
    assert march.opening.status == "accelerated"
    assert march.opening.interest_due + march.opening.interest_accrued == D("3761.67")
    assert march.interest_earned == D("1740.22")
    [payment] = march.lines
    assert (payment.interest, payment.principal) == (D("4316.67"), D("15683.33"))
    assert march.closing.principal == D("169316.67")
    assert march.closing.interest_due + march.closing.interest_accrued == D("1185.22")
    assert feb.reconciles and march.reconciles
