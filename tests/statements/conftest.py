"""Statement fixtures: the API cast of tests/api (the seed note, one client per role),
and helpers that record the seed note's history through the posting services.

Seed note: 185,000.00 at 12% under 30/360, accrual from 2005-12-31, interest only,
installment 1 (2005-12-31 -> 2006-02-01: 31 days) 1,911.67, later ones 1,850.00
(185,000 x 0.12 x 30/360), maturity 2008-01-01.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from loans.models import Note
from payments.models import Payment
from payments.services import payment_record, payment_reverse
from tests.api.conftest import cast

__all__ = ["cast", "clerk", "pay_on_time", "reverse"]


@pytest.fixture
def clerk(cast: Any) -> Any:
    """The borrower's staff user who records payments."""
    return cast.note.borrower.memberships.first().user


def pay_on_time(note: Note, clerk: Any, through: date, first: int = 1) -> list[Payment]:
    """Pay installments `first`.. on their due dates, through `through`."""
    paid, number = [], first
    due = date(2006, 2, 1) + relativedelta(months=number - 1)
    while due <= through:
        amount = Decimal("1911.67") if number == 1 else Decimal("1850.00")
        recorded = payment_record(
            note=note, received_on=due, amount=amount, method="check", entered_by=clerk
        )
        paid.append(recorded.payment)
        number += 1
        due = date(2006, 2, 1) + relativedelta(months=number - 1)
    return paid


def reverse(payment: Payment, on: date, servicer: Any) -> None:
    payment_reverse(payment=payment, reversed_on=on, reason="returned check", entered_by=servicer)
