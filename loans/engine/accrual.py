"""Interest accrual (DESIGN 3.3): one period's interest, exactly, sub-interval by sub-interval.

A period starts at `start` (the previous due date, the accrual start, or for the
open period after maturity or acceleration the last rounding point). Whenever the
principal changes on `t`, the old balance is booked for `[since, t)`, each
sub-interval `[a, b)` weighing `yf(start, b) - yf(start, a)`, so the weights of a
period add up exactly to its year fraction. Interest stays a `Fraction` until it is
rounded once, by `money.round_cents`, where DESIGN 3.3 says so.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from loans.engine.daycount import year_fraction
from loans.engine.money import round_cents
from loans.engine.values import DayCountCode


def annual_rate(percent: Decimal) -> Fraction:
    """The note's rate as an exact fraction per year (12% -> 3/25)."""
    return Fraction(percent) / 100


@dataclass
class PeriodAccrual:
    """The exact interest earned so far in one period (mutable: the replay's state)."""

    day_count: DayCountCode
    """The note's convention."""
    rate: Fraction
    """Annual rate as a fraction (0.12, not 12)."""
    start: date
    """Start of the period; every weight is measured from it."""
    since: date = field(default=date.min)
    """Start of the sub-interval not booked yet (the last principal change)."""
    earned: Fraction = Fraction(0)
    """Interest of the sub-intervals booked so far, exactly."""

    def __post_init__(self) -> None:
        if self.since == date.min:
            self.since = self.start

    def weight(self, a: date, b: date) -> Fraction:
        """The year fraction of `[a, b)` within this period: yf(s, b) - yf(s, a)."""
        if b <= a:
            return Fraction(0)
        s = self.start
        return year_fraction(self.day_count, s, b) - year_fraction(self.day_count, s, a)

    def exact_to(self, on: date, balance: Decimal) -> Fraction:
        """Interest for `[start, on)` if `balance` stands from `since` to `on`."""
        return self.earned + Fraction(balance) * self.rate * self.weight(self.since, on)

    def rounded_to(self, on: date, balance: Decimal) -> Decimal:
        """The same, rounded once to cents (half-up): the figure a period shows."""
        return round_cents(self.exact_to(on, balance))

    def book(self, on: date, balance: Decimal) -> None:
        """Close the sub-interval `[since, on)` at `balance`: the principal changes on `on`."""
        if on > self.since:
            self.earned = self.exact_to(on, balance)
            self.since = on
