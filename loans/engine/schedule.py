"""The schedule (DESIGN 3.2, 3.3): due dates, the principal rule, the projection.

Pure functions of a note's `Terms`; nothing here knows about payments. The
principal of an installment is decided in one place, `Amortization.principal_due`
(and its `regular_principal`), which the replay uses as installments fall due and
as it holds money. `project` is the one projection: `build_schedule` is it from
the first installment with nothing paid, and the replay's report is it from the
installment in progress, with the principal then outstanding.
"""

from calendar import isleap
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from loans.engine.daycount import basis_days, day_count_days, year_fraction
from loans.engine.money import ZERO, round_cents
from loans.engine.values import Installment, RepaymentType, Terms


def due_dates(terms: Terms) -> tuple[date, ...]:
    """The note's due dates (see `due_dates_between`)."""
    return due_dates_between(
        terms.first_payment_date, terms.maturity_date, terms.payment_frequency_months
    )


def due_dates_between(first: date, maturity: date, step: int) -> tuple[date, ...]:
    """Due dates: every `step` months from the first payment date, to maturity.

    Each date is counted from the first payment date, never from the previous one;
    a first payment on a month end makes every due date a month end; a maturity
    off the sequence is the last due date (a stub period).
    """
    if maturity < first:
        raise ValueError("maturity date is before the first payment date")
    month_end = first.day == _month_length(first.year, first.month)
    dates: list[date] = []
    due = first
    while due < maturity:
        dates.append(due)
        due = months_after(first, len(dates) * step, month_end=month_end)
    dates.append(maturity)
    return tuple(dates)


def months_after(anchor: date, months: int, *, month_end: bool = False) -> date:
    """`anchor + relativedelta(months=months)`, or that month's last day if `month_end`.

    The same date dateutil gives (the day is clipped to the month's length), written
    out because the schedule computes one per installment (see docs/performance.md).
    """
    year, month0 = divmod(anchor.month - 1 + months, 12)
    year += anchor.year
    length = _month_length(year, month0 + 1)
    return date(year, month0 + 1, length if month_end else min(anchor.day, length))


def period_starts(terms: Terms, dues: tuple[date, ...] | None = None) -> tuple[date, ...]:
    """Start of each period: the accrual start, then the previous due date."""
    dues = due_dates(terms) if dues is None else dues
    if dues[0] <= terms.accrual_start:
        raise ValueError("first payment date is not after the accrual start")
    return (terms.accrual_start, *dues[:-1])


def amortizing_periods(terms: Terms, period_count: int) -> int:
    """n: `amortization_periods`, else the periods after the interest-only lead-in."""
    n = terms.amortization_periods
    if n is None:
        n = period_count - terms.interest_only_periods
    if n < 1:
        raise ValueError("no period left to amortize the principal over")
    return n


def periodic_rate(terms: Terms) -> Fraction:
    """i = annual rate x frequency / 12, exactly (the rate is in percent)."""
    return Fraction(terms.annual_rate) * terms.payment_frequency_months / 1200


def regular_installment(terms: Terms) -> Decimal | None:
    """A level note's installment: the stated one, else P·i / (1 - (1+i)^-n) in cents.

    Computed with exact fractions, so the cent is right; None for other types.
    """
    return amortization(terms).level_installment


def fixed_principal_amount(terms: Terms) -> Decimal | None:
    """A fixed-principal note's P/n in cents (the remainder falls on the last); else None."""
    return amortization(terms).fixed_principal


@dataclass(frozen=True)
class Amortization:
    """The principal rule of one note, worked out once (DESIGN 3.2)."""

    due_dates: tuple[date, ...]
    """Every due date, the last one being maturity."""
    period_starts: tuple[date, ...]
    """Start of each period (period 1: the accrual start)."""
    repayment: RepaymentType
    """interest_only, level or fixed_principal."""
    interest_only_periods: int
    """Leading installments that carry no principal."""
    level_installment: Decimal | None
    """The level installment (stated or computed), for level notes."""
    fixed_principal: Decimal | None
    """P/n in cents, for fixed-principal notes."""

    def principal_due(self, number: int, balance: Decimal, interest: Decimal) -> Decimal:
        """Principal due with installment `number` (1-based), given the principal not yet
        due before it and its interest: its regular principal; the last takes the balance."""
        if number >= len(self.due_dates):
            return balance
        return self.regular_principal(number, balance, interest)

    def regular_principal(self, number: int, balance: Decimal, interest: Decimal) -> Decimal:
        """The level or fixed-principal part of installment `number`, never a balloon or an
        interest-only note's final principal (what DESIGN 3.4 step 5 may hold for it)."""
        if self.repayment == "interest_only" or number <= self.interest_only_periods:
            return ZERO
        if self.level_installment is not None:
            return min(max(self.level_installment - interest, ZERO), balance)
        assert self.fixed_principal is not None
        return min(self.fixed_principal, balance)


def amortization(terms: Terms) -> Amortization:
    """The note's due dates, periods and principal amounts, computed once."""
    dues = due_dates(terms)
    level = fixed = None
    if terms.repayment == "level":
        level = terms.installment_amount
        if level is None:
            n = amortizing_periods(terms, len(dues))
            level = _annuity_payment(Fraction(terms.principal), periodic_rate(terms), n)
    elif terms.repayment == "fixed_principal":
        fixed = round_cents(Fraction(terms.principal) / amortizing_periods(terms, len(dues)))
    return Amortization(
        due_dates=dues,
        period_starts=period_starts(terms, dues),
        repayment=terms.repayment,
        interest_only_periods=terms.interest_only_periods,
        level_installment=level,
        fixed_principal=fixed,
    )


@dataclass(frozen=True)
class ProjectionStart:
    """Where a projection starts: the installment in progress and the principal then."""

    number: int
    """The installment in progress (1-based)."""
    principal: Decimal
    """All principal outstanding: it bears the interest (arrears stay unpaid)."""
    not_due: Decimal
    """Principal not yet due: what the installments from `number` on repay."""
    interest: Decimal | None = None
    """The in-progress installment's interest when part of its period is already
    booked (a principal change in the period); None: the period's interest."""
    prepaid: Decimal = ZERO
    """Principal prepaid during its period: shown in its principal column."""
    held: Decimal = ZERO
    """Money held for it: what exceeds it goes to principal on its due date."""


def build_schedule(terms: Terms) -> tuple[Installment, ...]:
    """The projection with nothing paid: each period's interest on the projected balance."""
    return project(terms, amortization(terms), ProjectionStart(1, terms.principal, terms.principal))


def project(terms: Terms, plan: Amortization, start: ProjectionStart) -> tuple[Installment, ...]:
    """Installments from `start.number` on, as if each is paid in full on its due date.

    Each row's principal column holds its scheduled principal plus what was prepaid
    in its period, so the rows add up to the principal not yet due plus `prepaid`.
    Held money beyond the first installment is principal on its due date: on the next
    row, or on the first when it retires the rest (no zero-day row, DESIGN 3.2).
    """
    interest_for = _PeriodInterest(terms)
    principal, not_due, extra = start.principal, start.not_due, start.prepaid
    rows: list[Installment] = []
    for number in range(start.number, len(plan.due_dates) + 1):
        if not_due <= ZERO:
            break  # amortized before maturity (amortization_periods < periods): no zero rows
        begin, due = plan.period_starts[number - 1], plan.due_dates[number - 1]
        days = day_count_days(terms.day_count, begin, due)
        interest = interest_for(principal, begin, due, days)
        if number == start.number and start.interest is not None:
            interest = start.interest
        scheduled = plan.principal_due(number, not_due, interest)
        carried = ZERO
        if number == start.number:
            carried = min(max(start.held - interest - scheduled, ZERO), not_due - scheduled)
            if carried == not_due - scheduled:
                scheduled, carried = scheduled + carried, ZERO
        rows.append(_upcoming(number, begin, due, days, interest, scheduled + extra))
        principal -= scheduled + carried
        not_due -= scheduled + carried
        extra = carried
    return tuple(rows)


class _PeriodInterest:
    """balance x rate x yf(start, due), exact, rounded once: one schedule's periods.

    Remembers its answers for the schedule being built (an interest-only note
    repeats one balance and one 30/360 month period after period), nothing more.
    """

    def __init__(self, terms: Terms) -> None:
        self.code = terms.day_count
        self.rate = Fraction(terms.annual_rate) / 100
        self.basis = None if self.code == "ACT/ACT" else basis_days(self.code, terms.accrual_start)
        self.known: dict[tuple[Decimal, int, int], Decimal] = {}

    def __call__(self, balance: Decimal, start: date, due: date, days: int) -> Decimal:
        if self.basis is None:
            weight = year_fraction(self.code, start, due)
            key = (balance, weight.numerator, weight.denominator)
        else:
            key = (balance, days, self.basis)
        interest = self.known.get(key)
        if interest is None:
            interest = self.known[key] = round_cents(self._exact(*key))
        return interest

    def _exact(self, balance: Decimal, weight_numerator: int, weight_denominator: int) -> Fraction:
        """balance x rate x weight as one Fraction (one normalization, not three)."""
        balance_numerator, balance_denominator = balance.as_integer_ratio()
        return Fraction(
            balance_numerator * self.rate.numerator * weight_numerator,
            balance_denominator * self.rate.denominator * weight_denominator,
        )


def _upcoming(
    number: int, start: date, due: date, days: int, interest: Decimal, principal: Decimal
) -> Installment:
    """An installment as projected: nothing paid, not yet due."""
    return Installment(
        number=number,
        period_start=start,
        due_date=due,
        days=days,
        interest=interest,
        principal=principal,
        total=interest + principal,
        paid=ZERO,
        status="upcoming",
        days_late=0,
    )


def _annuity_payment(principal: Fraction, i: Fraction, n: int) -> Decimal:
    """P·i / (1 - (1+i)^-n), exactly, rounded once to cents (P/n when i is 0)."""
    if i == 0:
        return round_cents(principal / n)
    growth = (1 + i) ** n
    return round_cents(principal * i * growth / (growth - 1))


def _month_length(year: int, month: int) -> int:
    """Days in the month."""
    if month == 2:
        return 29 if isleap(year) else 28
    return _MONTH_LENGTHS[month - 1]


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
