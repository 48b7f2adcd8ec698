"""The demo history of `make run` (`manage.py load_seed_note --demo`): a year of
installment payments on the seed note, recorded through `payment_record` like any
other payment.

It lives with the commands, above the event log, because it writes to it; the seed
note and the demo users it needs are the domain's (loans/seed.py).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model

from loans.seed import seed_note_board
from payments.services import payment_record

# Demo history: installments 1-14 (due 2006-02-01 .. 2007-03-01) paid by check.
# Worked by hand, 30/360: period 1 runs 2005-12-31 -> 2006-02-01, D1 31 -> 30, so
# 360*1 + 30*(2-12) + (1-30) = 31 days; 185,000.00 x 12% x 31/360 = 1,911.666... -> 1,911.67.
# Every later month: 185,000.00 x 12% / 12 = 1,850.00.
DEMO_INSTALLMENTS = 14
DEMO_FIRST_DUE = date(2006, 2, 1)
DEMO_FIRST_INTEREST = Decimal("1911.67")
DEMO_MONTHLY_INTEREST = Decimal("1850.00")
DEMO_LATE_INSTALLMENT = 8  # due 2006-09-01, received 2006-09-14
DEMO_DAYS_LATE = 13


@dataclass(frozen=True)
class DemoPayment:
    """One installment of the demo history."""

    number: int
    """Installment number (1 is due 2006-02-01)."""
    due_date: date
    """Its due date."""
    received_on: date
    """When the check arrived (on the due date, or 13 days late for one)."""
    amount: Decimal
    """The installment's interest."""


def demo_history() -> list[DemoPayment]:
    """The 14 demo payments, in order."""
    history = []
    for number in range(1, DEMO_INSTALLMENTS + 1):
        due = DEMO_FIRST_DUE + relativedelta(months=number - 1)
        late = number == DEMO_LATE_INSTALLMENT
        received = due + timedelta(days=DEMO_DAYS_LATE) if late else due
        amount = DEMO_FIRST_INTEREST if number == 1 else DEMO_MONTHLY_INTEREST
        history.append(DemoPayment(number, due, received, amount))
    return history


def seed_demo_payments(*, today: date) -> int:
    """Record the demo history through `payment_record` (idempotency keys make a
    second run a no-op), up to `today`; the number newly recorded."""
    note = seed_note_board()
    clerk = get_user_model().objects.get(username="borrower")
    created = 0
    for paid in demo_history():
        if paid.received_on > today:
            break
        recorded = payment_record(
            note=note,
            received_on=paid.received_on,
            amount=paid.amount,
            method="check",
            reference=f"check {1000 + paid.number}",
            memo=f"demo history: installment {paid.number} due {paid.due_date.isoformat()}",
            entered_by=clerk,
            idempotency_key=f"demo-history-{paid.number}",
            today=today,
        )
        created += recorded.created
    return created
