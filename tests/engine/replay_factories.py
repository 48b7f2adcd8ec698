"""Small builders for the replay tests: the seed note and its events."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import count

from loans.engine.values import Charge, NoteEvent, NoteEventKind, Payment, PaymentKind, Terms

SEED = Terms(
    principal=Decimal("185000.00"),
    annual_rate=Decimal("12"),
    day_count="30/360",
    accrual_start=date(2005, 12, 31),
    first_payment_date=date(2006, 2, 1),
    maturity_date=date(2008, 1, 1),
)
"""The Infinite Group note: 185,000.00 at 12%, 30/360, interest only, notice, automatic."""

_ids = count(1)


def seed(**changes: object) -> Terms:
    """The seed note with some terms changed."""
    return replace(SEED, **changes)  # type: ignore[arg-type]


def pay(on: date, amount: str, kind: PaymentKind = "regular", pid: str | None = None) -> Payment:
    """A payment received on `on`."""
    return Payment(id=pid or f"p{next(_ids)}", received_on=on, amount=Decimal(amount), kind=kind)


def charge(on: date, amount: str) -> Charge:
    """A cost of collection incurred on `on`."""
    return Charge(id=f"c{next(_ids)}", incurred_on=on, amount=Decimal(amount))


def event(kind: NoteEventKind, on: date, **fields: object) -> NoteEvent:
    """A note event (notice, bankruptcy, judgment, acceleration, waiver...)."""
    eid = str(fields.pop("id", f"e{next(_ids)}"))
    return NoteEvent(id=eid, kind=kind, date=on, **fields)  # type: ignore[arg-type]


def seed_on_time(through: date) -> list[Payment]:
    """The seed's installments paid in full on their due dates up to `through`:
    1,911.67 on 2006-02-01 (31 days of 30/360 interest), 1,850.00 each month after."""
    payments = [pay(date(2006, 2, 1), "1911.67")]
    day = date(2006, 3, 1)
    while day <= through and day < SEED.maturity_date:
        payments.append(pay(day, "1850.00"))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if through >= SEED.maturity_date:
        payments.append(pay(SEED.maturity_date, "186850.00"))
    return payments


def cents(text: str) -> Decimal:
    """An expected amount."""
    return Decimal(text)
