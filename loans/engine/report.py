"""From the replay's state to its values (DESIGN 3.2 projection, 3.5 status, 3.7 balances)."""

import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from cachetools import LRUCache, cached

from loans.engine.daycount import basis_days, day_count_days
from loans.engine.money import ZERO, round_cents
from loans.engine.schedule import Amortization, ProjectionStart, project
from loans.engine.servicing import Servicer
from loans.engine.values import (
    Allocation,
    Balance,
    DayCountCode,
    Installment,
    InstallmentStatus,
    NoteStatusCode,
    Payoff,
    Replay,
    Terms,
)
from loans.engine.waterfall import Row


class Settled:
    """Installments fully paid, kept between the snapshots of one walk (`replay_at`).

    A fully paid installment's values do not depend on the as-of date, and within one
    walk nothing unpays it (a reversal that would starts a new walk), so a later
    snapshot reuses it as long as its figures are the same.
    """

    def __init__(self) -> None:
        self._rows: dict[int, tuple[tuple[object, ...], Installment]] = {}

    def installment(self, row: Row, code: DayCountCode, as_of: date) -> Installment:
        """The row as an `Installment`, reused when it was fully paid and is unchanged."""
        if row.unpaid != ZERO or row.paid_on is None:
            return _installment(row, code, as_of)
        key = (row.due_date, row.interest, row.principal, row.paid_on)
        known = self._rows.get(row.number)
        if known is None or known[0] != key:
            known = self._rows[row.number] = (key, _installment(row, code, as_of))
        return known[1]


def build_report(
    servicer: Servicer,
    as_of: date,
    allocations: tuple[Allocation, ...],
    settled: Settled | None = None,
) -> Replay:
    """Everything the engine says about the note as of `as_of`."""
    installments = _fallen_due(servicer, as_of, settled or Settled()) + _projected(servicer, as_of)
    balance = _balance(servicer, as_of, installments)
    return Replay(
        as_of=as_of,
        installments=installments,
        allocations=allocations,
        balance=balance,
        payoff=_payoff(balance),
        defaults=tuple(servicer.defaults),
        accelerated_on=servicer.accelerated_on,
        paid_off_on=servicer.paid_off_on,
        clocks=servicer.clocks.running(),
    )


# --- installments ---------------------------------------------------------------------


def _fallen_due(servicer: Servicer, as_of: date, settled: Settled) -> tuple[Installment, ...]:
    """Installments that have fallen due, with their status as of `as_of`."""
    code = servicer.terms.day_count
    return tuple(settled.installment(row, code, as_of) for row in servicer.ledger.rows)


def _installment(row: Row, code: DayCountCode, as_of: date) -> Installment:
    """One row with its DESIGN 3.5 status."""
    status, days_late = installment_status(row.due_date, row.unpaid, row.paid_on, as_of)
    return Installment(
        number=row.number,
        period_start=row.period_start,
        due_date=row.due_date,
        days=day_count_days(code, row.period_start, row.due_date),
        interest=row.interest,
        principal=row.principal,
        total=row.total,
        paid=row.paid,
        status=status,
        days_late=days_late,
        paid_on=row.paid_on if row.unpaid == ZERO else None,
    )


def installment_status(
    due: date, unpaid: Decimal, paid_on: date | None, as_of: date
) -> tuple[InstallmentStatus, int]:
    """paid / paid_late (days from due to fully paid) / upcoming / due / past_due."""
    if unpaid <= ZERO and paid_on is not None:
        late = (paid_on - due).days
        return ("paid", 0) if late <= 0 else ("paid_late", late)
    if due > as_of:
        return "upcoming", 0
    if due == as_of:
        return "due", 0
    return "past_due", (as_of - due).days


def _projected(servicer: Servicer, as_of: date) -> tuple[Installment, ...]:
    """Installments not yet due: `schedule.project` from the installment in progress."""
    if servicer.period is None:
        return ()
    start = ProjectionStart(
        number=servicer.period + 1,
        principal=servicer.principal,
        not_due=servicer.not_due,
        interest=servicer.projected_interest(),
        prepaid=servicer.prepaid,
        held=servicer.held_total(),
    )
    rows = _projection(servicer.terms, servicer.plan, start)
    return (_in_progress(rows[0], servicer, as_of), *rows[1:])


PROJECTIONS_KEPT = 128


@cached(
    LRUCache(PROJECTIONS_KEPT),
    key=lambda terms, plan, start: (repr(terms), repr(start)),
    lock=threading.Lock(),
)
def _projection(
    terms: Terms, plan: Amortization, start: ProjectionStart
) -> tuple[Installment, ...]:
    """`project`, remembered for the latest projections: snapshots of one note a few
    days apart (a statement's day ends, the interest line's period starts) mostly start
    from the same installment in the same state, and a projection is most of a
    snapshot's cost. Keyed by the repr of the terms and the start, not by value, so
    that amounts equal in value but written with other exponents (185000 and
    185000.00, one hash) never share rows. The rows are frozen values: one tuple may be
    handed out twice."""
    return project(terms, plan, start)


def _in_progress(row: Installment, servicer: Servicer, as_of: date) -> Installment:
    """The installment in progress with what is paid towards it: its period's prepayments
    and the money held for it, fully paid once held money covers the rest (DESIGN 3.5)."""
    prepaid, held = servicer.prepaid, servicer.held_total()
    owed = row.total - prepaid
    paid = prepaid + min(held, owed)
    covered = owed > ZERO and held >= owed
    paid_on = (servicer.held_covered_on or as_of) if covered else None
    status, days_late = installment_status(row.due_date, row.total - paid, paid_on, as_of)
    return replace(row, paid=paid, status=status, days_late=days_late, paid_on=paid_on)


# --- balances ---------------------------------------------------------------------------


def _balance(servicer: Servicer, as_of: date, installments: tuple[Installment, ...]) -> Balance:
    """The DESIGN 3.7 balances."""
    ledger = servicer.ledger
    accrued = servicer.accrued_to(as_of)
    open_interest = servicer.open_interest_to(as_of)
    interest_due = ledger.interest_due() + open_interest
    principal_due, charges_due = ledger.principal_due(), ledger.charges_due()
    held = servicer.held_total()
    owed = servicer.principal + interest_due + accrued + charges_due
    status = _status(servicer, as_of, owed, open_interest)
    next_due = _next_due(installments, as_of, status, servicer.terms.maturity_date)
    return Balance(
        as_of=as_of,
        principal=servicer.principal,
        interest_accrued=accrued,
        interest_due=interest_due,
        principal_due=principal_due,
        charges_due=charges_due,
        total_due=interest_due + principal_due + charges_due,
        payoff_amount=max(owed - held, ZERO),
        held=held,
        unapplied=servicer.unapplied(),
        per_diem=per_diem(servicer, as_of),
        days_past_due=_days_past_due(servicer, as_of, open_interest),
        next_due_date=next_due[0] if next_due else None,
        next_due_amount=next_due[1] if next_due else None,
        status=status,
    )


def per_diem(servicer: Servicer, as_of: date) -> Decimal:
    """principal x rate / basis (360, 365, or the as-of year's length), rounded to cents."""
    basis = basis_days(servicer.terms.day_count, as_of)
    return round_cents(Fraction(servicer.principal) * servicer.rate / basis)


def _days_past_due(servicer: Servicer, as_of: date, open_interest: Decimal) -> int:
    """Days since the oldest amount still unpaid fell due (0 if none)."""
    oldest = servicer.ledger.oldest_unpaid()
    if open_interest > ZERO and servicer.open_accrual is not None:
        start = servicer.open_accrual.start
        oldest = start if oldest is None else min(oldest, start)
    return max((as_of - oldest).days, 0) if oldest is not None else 0


def _next_due(
    installments: tuple[Installment, ...], as_of: date, status: NoteStatusCode, maturity: date
) -> tuple[date, Decimal] | None:
    """The earliest installment on or after `as_of` not fully paid, and its unpaid part."""
    if status in ("paid_off", "accelerated") or as_of > maturity:
        return None
    for row in installments:
        if row.due_date >= as_of and row.paid < row.total:
            return row.due_date, row.total - row.paid
    return None


def _status(
    servicer: Servicer, as_of: date, owed: Decimal, open_interest: Decimal
) -> NoteStatusCode:
    """paid_off > accelerated > in_default > matured > past_due > current."""
    if owed == ZERO:
        return "paid_off"
    if servicer.accelerated_on is not None:
        return "accelerated"
    if servicer.terms.acceleration == "optional" and any(
        d.waived_on is None for d in servicer.defaults
    ):
        return "in_default"
    if as_of > servicer.terms.maturity_date:
        return "matured"
    oldest = servicer.ledger.oldest_unpaid()
    if (oldest is not None and oldest < as_of) or open_interest > ZERO:
        return "past_due"
    return "current"


def _payoff(balance: Balance) -> Payoff:
    """The payoff quote good through the as-of date."""
    return Payoff(
        good_through=balance.as_of,
        principal=balance.principal,
        interest=balance.interest_due + balance.interest_accrued,
        charges=balance.charges_due,
        held=balance.held,
        payoff_amount=balance.payoff_amount,
        per_diem=balance.per_diem,
    )
