"""Year-end interest statement: interest paid in a calendar year, split by lender share.

Seed note paid on time (DESIGN 3.3): 2006 pays installments 1..11 (due 2006-02-01 to
2006-12-01): 1,911.67 + 10 x 1,850.00 = 20,411.67 (the installment due 2007-01-01 is
December's interest, paid in 2007). 2007 pays installments 12..23 (2007-01-01 to
2007-12-01): 12 x 1,850.00 = 22,200.00.

Split 50/50 by each payment's date: 1,911.67 / 2 = 955.835, the first lender 955.84
(half-up), the last lender the rest 955.83; 1,850.00 / 2 = 925.00 each. So 2006 gives
955.84 + 10 x 925.00 = 10,205.84 and 955.83 + 9,250.00 = 10,205.83.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from jobs.demo_history import seed_demo_payments
from loans.business_date import business_date
from loans.seed import seed_demo_users
from statements.log import note_log
from statements.selectors import year_end_statement
from statements.shares import shares_in_effect, split_by_share
from tests.statements.conftest import pay_on_time, reverse


def test_2006_interest_paid_on_time_split_half_and_half(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 12, 1))

    statement = year_end_statement(note=cast.note, year=2006)

    assert statement.interest_paid == Decimal("20411.67")
    assert [(lender.share, lender.interest_paid) for lender in statement.lenders] == [
        (Decimal("50.0000"), Decimal("10205.84")),
        (Decimal("50.0000"), Decimal("10205.83")),
    ]
    assert (statement.principal_paid, statement.year_end_principal) == (
        Decimal("0.00"),
        Decimal("185000.00"),
    )


def test_2007_interest_paid_on_time(cast: Any, clerk: Any, settings: Any) -> None:
    settings.NOTEKEEPER_BUSINESS_DATE = "2008-03-01"
    pay_on_time(cast.note, clerk, through=date(2007, 12, 1))

    statement = year_end_statement(note=cast.note, year=2007)

    assert statement.interest_paid == Decimal("22200.00")
    assert [lender.interest_paid for lender in statement.lenders] == [
        Decimal("11100.00"),
        Decimal("11100.00"),
    ]


def test_the_demo_history_pays_the_same_2006_interest(seed_note: Any, settings: Any) -> None:
    # The demo pays installment 8 (due 2006-09-01) 13 days late, on 2006-09-14: still
    # in 2006, so 2006 interest is the same 20,411.67.
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"
    seed_demo_users()
    assert business_date() == date(2007, 3, 15)
    seed_demo_payments(today=business_date())

    statement = year_end_statement(note=seed_note, year=2006)

    assert statement.interest_paid == Decimal("20411.67")
    assert [lender.interest_paid for lender in statement.lenders] == [
        Decimal("10205.84"),
        Decimal("10205.83"),
    ]


def test_a_reversal_in_the_year_takes_the_interest_back(cast: Any, clerk: Any) -> None:
    payments = pay_on_time(cast.note, clerk, through=date(2006, 3, 1))
    servicer = get_user_model().objects.get(username="servicer")
    reverse(payments[1], date(2006, 4, 10), servicer)

    statement = year_end_statement(note=cast.note, year=2006)

    # 1,911.67 + 1,850.00 - 1,850.00 reversed.
    assert statement.interest_paid == Decimal("1911.67")


def test_split_rounding_rule(cast: Any) -> None:
    shares = shares_in_effect(note_log(cast.note), date(2006, 12, 31))

    assert split_by_share(Decimal("0.01"), shares) == [Decimal("0.01"), Decimal("0.00")]
    assert split_by_share(Decimal("-1911.67"), shares) == [Decimal("-955.84"), Decimal("-955.83")]
