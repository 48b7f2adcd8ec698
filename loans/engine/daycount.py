"""Day-count conventions (DESIGN 3.1): exact year fractions as Fractions.

`yf(a, b)` covers `a` inclusive to `b` exclusive. Codes:

- `30/360`: Bond Basis, ISDA 2006 4.16(f): D1=31 -> 30; D2=31 -> 30 only if D1 >= 30.
- `30E/360`: Eurobond basis, ISDA 2006 4.16(g): D1=31 -> 30, D2=31 -> 30.
- `ACT/360`, `ACT/365F`: actual days over 360 or 365.
- `ACT/ACT`: ISDA: the days falling in each calendar year over that year's length.
"""

from calendar import isleap
from datetime import date
from fractions import Fraction

from loans.engine.values import DayCountCode

DAY_COUNT_CODES: tuple[DayCountCode, ...] = ("30/360", "30E/360", "ACT/360", "ACT/365F", "ACT/ACT")
"""Every convention the engine knows."""

_FIXED_BASIS: dict[str, int] = {"30/360": 360, "30E/360": 360, "ACT/360": 360, "ACT/365F": 365}


def day_count_days(code: DayCountCode, a: date, b: date) -> int:
    """Days from `a` to `b` under `code`: the 360-day count for 30/360 codes, else actual."""
    if code == "30/360":
        return _thirty_360(a, b, eurobond=False)
    if code == "30E/360":
        return _thirty_360(a, b, eurobond=True)
    if code in ("ACT/360", "ACT/365F", "ACT/ACT"):
        return (b - a).days
    raise ValueError(f"unknown day count {code!r}")


def year_fraction(code: DayCountCode, a: date, b: date) -> Fraction:
    """The exact year fraction from `a` (inclusive) to `b` (exclusive) under `code`."""
    if code == "ACT/ACT":
        return _actual_actual_isda(a, b)
    days = day_count_days(code, a, b)
    return Fraction(days, _FIXED_BASIS[code])


def basis_days(code: DayCountCode, on: date) -> int:
    """Days in the year for a per diem: 360, 365, or for ACT/ACT the length of `on`'s year."""
    if code == "ACT/ACT":
        return _year_length(on.year)
    if code in _FIXED_BASIS:
        return _FIXED_BASIS[code]
    raise ValueError(f"unknown day count {code!r}")


def _thirty_360(a: date, b: date, *, eurobond: bool) -> int:
    """360·ΔY + 30·ΔM + ΔD after the convention's end-of-month adjustments."""
    d1 = min(a.day, 30)
    d2 = b.day
    if d2 == 31 and (eurobond or d1 == 30):
        d2 = 30
    return 360 * (b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1)


def _actual_actual_isda(a: date, b: date) -> Fraction:
    """ISDA ACT/ACT: each calendar year's days over its own length."""
    if a > b:
        return -_actual_actual_isda(b, a)
    if a.year == b.year:
        return Fraction((b - a).days, _year_length(a.year))
    first = Fraction((date(a.year + 1, 1, 1) - a).days, _year_length(a.year))
    last = Fraction((b - date(b.year, 1, 1)).days, _year_length(b.year))
    return first + (b.year - a.year - 1) + last


def _year_length(year: int) -> int:
    """366 in a leap year, else 365."""
    return 366 if isleap(year) else 365
