"""Data for the engine benchmark: notes and event logs of a chosen size.

Deterministic (no randomness): the same size always gives the same events, so
timings from different runs compare.
"""

from datetime import date
from decimal import Decimal

from loans.engine.schedule import due_dates, months_after
from loans.engine.values import Payment, Terms

SEED_TERMS = Terms(
    principal=Decimal("185000.00"),
    annual_rate=Decimal("12"),
    day_count="30/360",
    accrual_start=date(2005, 12, 31),
    first_payment_date=date(2006, 2, 1),
    maturity_date=date(2008, 1, 1),
)
"""The seed note (DESIGN 3.3): 24 monthly interest payments, principal at maturity."""


def long_monthly_note(installments: int) -> Terms:
    """The seed note stretched to `installments` monthly periods (a 200-year note at 2,400)."""
    maturity = months_after(SEED_TERMS.first_payment_date, installments - 1)
    return Terms(
        principal=SEED_TERMS.principal,
        annual_rate=SEED_TERMS.annual_rate,
        day_count=SEED_TERMS.day_count,
        accrual_start=SEED_TERMS.accrual_start,
        first_payment_date=SEED_TERMS.first_payment_date,
        maturity_date=maturity,
    )


def paid_on_time(terms: Terms) -> tuple[Payment, ...]:
    """One regular payment of the scheduled interest on each due date but the last.

    1,850.00 a month for the seed-rate note (1,911.67 for the long first period),
    so every replayed payment walks the whole waterfall and leaves the note current.
    """
    dues = due_dates(terms)
    payments = [Payment(id="p1", received_on=dues[0], amount=Decimal("1911.67"), sequence=1)]
    payments += [
        Payment(id=f"p{k}", received_on=due, amount=Decimal("1850.00"), sequence=k)
        for k, due in enumerate(dues[1:-1], 2)
    ]
    return tuple(payments)


def many_small_payments(
    count: int, total: Decimal | None = None
) -> tuple[Terms, tuple[Payment, ...]]:
    """The seed note with `count` equal payments adding up to `total` over its 24 months.

    The default total, 30,000.00, stays below the interest falling due (about 1,300
    a month against 1,850), so at every size each payment does the same kind of work
    (held for the next installment, applied to its interest on the due date) and no
    size turns into principal prepayments: the sizes compare like for like. A total
    above the interest (PREPAYING_TOTAL) makes the later payments prepay principal.
    """
    total = SMALL_PAYMENTS_TOTAL if total is None else total
    span = (SEED_TERMS.maturity_date - SEED_TERMS.first_payment_date).days
    amount = (total / count).quantize(Decimal("0.01"))
    payments = tuple(
        Payment(
            id=f"s{k}",
            received_on=date.fromordinal(
                SEED_TERMS.first_payment_date.toordinal() + k * span // count
            ),
            amount=amount,
            sequence=k,
        )
        for k in range(count)
    )
    return SEED_TERMS, payments


SMALL_PAYMENTS_TOTAL = Decimal("30000.00")
"""What the many small payments add up to, whatever their number."""
PREPAYING_TOTAL = Decimal("100000.00")
"""A total above the note's 44,461.67 of interest: about 55,000 goes to principal."""
