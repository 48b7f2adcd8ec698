"""Dates are accepted from 1900-01-01 to 2199-12-31 (loans/dates.py); boarding answers
a field error for any date outside, never a ValueError from the schedule."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from loans.dates import DATE_MAX, DATE_MIN, date_in_range
from loans.models import Note, Party
from loans.services import note_board

pytestmark = pytest.mark.django_db

OUTSIDE = [date(1, 1, 1), date(1899, 12, 31), date(2200, 1, 1), date(9999, 12, 31)]
INSIDE = [date(1900, 1, 1), date(2199, 12, 31)]


@pytest.fixture
def terms(make_party: Any) -> dict[str, Any]:
    """Interest-only, $10,000.00 at 5%, monthly from 2024-02-01."""
    return {
        "reference": "BOUNDS-1",
        "borrower": make_party("Borrower Co"),
        "lenders": [(make_party("Lender", kind=Party.Kind.PERSON), Decimal("100"))],
        "principal": Decimal("10000.00"),
        "annual_rate": Decimal("5"),
        "day_count": "30/360",
        "dated": date(2024, 1, 1),
        "first_payment_date": date(2024, 2, 1),
        "maturity_date": date(2025, 1, 1),
        "repayment": "interest_only",
    }


def board_errors(terms: dict[str, Any], **changes: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        note_board(**(terms | changes))
    assert Note.objects.count() == 0
    return refused.value.message_dict


def test_the_bound_is_the_documented_one():
    assert (date(1900, 1, 1), date(2199, 12, 31)) == (DATE_MIN, DATE_MAX)
    for day in INSIDE:
        assert date_in_range(day, "day") == day
    for day in OUTSIDE:
        with pytest.raises(ValidationError) as refused:
            date_in_range(day, "day")
        assert refused.value.message_dict == {
            "day": [f"{day.isoformat()} is outside 1900-01-01..2199-12-31."]
        }


@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_a_maturity_outside_the_range_is_a_field_error(terms, day):
    errors = board_errors(terms, maturity_date=day)
    if day > terms["first_payment_date"]:
        # 9999-12-31 made the schedule step past the last date Python has (ValueError).
        assert errors == {
            "maturity_date": [f"{day.isoformat()} is outside 1900-01-01..2199-12-31."]
        }
    else:
        assert "maturity_date" in errors


@pytest.mark.parametrize("field", ["dated", "accrual_start", "first_payment_date"])
@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_every_date_term_is_bounded(terms, field, day):
    errors = board_errors(terms, **{field: day})
    assert errors[field] == [f"{day.isoformat()} is outside 1900-01-01..2199-12-31."]


@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_collateral_dates_are_bounded(terms, day):
    collateral = [{"kind": "ucc1_filing", "title": "UCC-1", "filing_date": day}]
    errors = board_errors(terms, collateral=collateral)
    assert errors == {
        "collateral": [
            f"Collateral 1: filing_date {day.isoformat()} is outside 1900-01-01..2199-12-31."
        ]
    }


def test_a_note_inside_the_range_to_its_last_day_boards(terms):
    # 2199-01-01 .. 2199-12-01 monthly, maturing 2199-12-31: the last accepted day.
    note = note_board(
        **terms
        | {
            "dated": date(2198, 12, 31),
            "first_payment_date": date(2199, 1, 31),
            "maturity_date": date(2199, 12, 31),
        }
    )
    assert note.maturity_date == DATE_MAX
