"""Day counts cross-checked against QuantLib, plus hand-worked cases (DESIGN 3.1)."""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction

import pytest
import QuantLib as ql

from loans.engine.daycount import DAY_COUNT_CODES, basis_days, day_count_days, year_fraction
from loans.engine.values import DayCountCode

QUANTLIB: dict[DayCountCode, ql.DayCounter] = {
    "30/360": ql.Thirty360(ql.Thirty360.BondBasis),
    "30E/360": ql.Thirty360(ql.Thirty360.European),
    "ACT/360": ql.Actual360(),
    "ACT/365F": ql.Actual365Fixed(),
    "ACT/ACT": ql.ActualActual(ql.ActualActual.ISDA),
}

PAIRS_PER_CONVENTION = 12_000


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _edge_dates() -> list[date]:
    """Month ends, the 30th, February's last days and New Year around leap years."""
    days = []
    for year in (1999, 2000, 2004, 2005, 2006, 2007, 2008, 2023, 2024, 2100):
        for month in range(1, 13):
            days += [date(year, month, 1), _month_end(year, month), date(year, month, 28)]
            if month != 2:
                days.append(date(year, month, 30))
        days += [date(year, 2, 27), date(year, 12, 31), date(year, 1, 1)]
    return sorted(set(days))


EDGE_PAIRS = [
    (date(2005, 12, 31), date(2006, 2, 1)),  # the seed's period 1
    (date(2007, 12, 1), date(2008, 1, 1)),
    (date(2024, 1, 31), date(2024, 2, 29)),
    (date(2024, 2, 29), date(2024, 3, 31)),
    (date(2023, 2, 28), date(2023, 3, 31)),
    (date(2024, 3, 30), date(2024, 3, 31)),
    (date(2024, 3, 31), date(2024, 3, 31)),
    (date(2024, 1, 31), date(2025, 1, 31)),
    (date(2003, 12, 31), date(2009, 1, 1)),
    (date(2000, 2, 29), date(2100, 3, 1)),
]


def _generated_pairs(seed: int) -> Iterator[tuple[date, date]]:
    """Seeded pairs: random days, month ends and edge dates, spans up to 40 years."""
    rng = random.Random(seed)
    edges = _edge_dates()
    origin = date(1990, 1, 1)
    for _ in range(PAIRS_PER_CONVENTION):
        shape = rng.random()
        if shape < 0.3:
            a, b = rng.choice(edges), rng.choice(edges)
        else:
            a = origin + timedelta(days=rng.randint(0, 80 * 365))
            if shape < 0.5:
                a = _month_end(a.year, a.month)
            b = a + timedelta(days=rng.choice((rng.randint(0, 400), rng.randint(0, 40 * 365))))
            if rng.random() < 0.3:
                b = _month_end(b.year, b.month)
        yield (a, b) if a <= b else (b, a)


def _ql(day: date) -> ql.Date:
    return ql.Date(day.day, day.month, day.year)


@pytest.mark.parametrize("code", DAY_COUNT_CODES)
def test_day_counts_agree_with_quantlib(code: DayCountCode) -> None:
    counter = QUANTLIB[code]
    pairs = [*EDGE_PAIRS, *_generated_pairs(seed=31 + DAY_COUNT_CODES.index(code))]
    assert len(pairs) >= 10_000
    for a, b in pairs:
        qa, qb = _ql(a), _ql(b)
        assert day_count_days(code, a, b) == counter.dayCount(qa, qb), (a, b)
        fraction = year_fraction(code, a, b)
        assert isinstance(fraction, Fraction)
        assert float(fraction) == pytest.approx(counter.yearFraction(qa, qb), rel=1e-13, abs=1e-15)


@pytest.mark.parametrize(
    ("code", "a", "b", "days", "fraction"),
    [
        # Seed period 1 under 30/360: D1=31 -> 30, D2=1: 360*1 + 30*(2-12) + (1-30) = 31.
        ("30/360", date(2005, 12, 31), date(2006, 2, 1), 31, Fraction(31, 360)),
        ("ACT/365F", date(2005, 12, 31), date(2006, 2, 1), 32, Fraction(32, 365)),
        # Bond basis keeps D2=31 when D1 < 30; Eurobond always cuts it to 30.
        ("30/360", date(2024, 3, 1), date(2024, 3, 31), 30, Fraction(30, 360)),
        ("30E/360", date(2024, 3, 1), date(2024, 3, 31), 29, Fraction(29, 360)),
        ("30/360", date(2024, 3, 30), date(2024, 3, 31), 0, Fraction(0)),
        # February's end is not adjusted by either 30/360 basis: 28 Feb -> 31 Mar.
        ("30/360", date(2023, 2, 28), date(2023, 3, 31), 33, Fraction(33, 360)),
        ("30E/360", date(2023, 2, 28), date(2023, 3, 31), 32, Fraction(32, 360)),
        ("ACT/360", date(2024, 1, 1), date(2025, 1, 1), 366, Fraction(366, 360)),
        # ACT/ACT ISDA: 2003-12-31 -> 2004-01-01 is 1/365; then all of 2004 (366/366),
        # then 2005-01-01 -> 2005-07-02 is 182/365: 1/365 + 1 + 182/365 = 1 + 183/365.
        ("ACT/ACT", date(2003, 12, 31), date(2005, 7, 2), 549, 1 + Fraction(183, 365)),
        ("ACT/ACT", date(2024, 2, 1), date(2024, 3, 1), 29, Fraction(29, 366)),
    ],
)
def test_hand_worked_day_counts(
    code: DayCountCode, a: date, b: date, days: int, fraction: Fraction
) -> None:
    assert day_count_days(code, a, b) == days
    assert year_fraction(code, a, b) == fraction


@pytest.mark.parametrize(
    ("code", "on", "basis"),
    [
        ("30/360", date(2024, 6, 1), 360),
        ("30E/360", date(2024, 6, 1), 360),
        ("ACT/360", date(2024, 6, 1), 360),
        ("ACT/365F", date(2024, 6, 1), 365),
        ("ACT/ACT", date(2024, 6, 1), 366),
        ("ACT/ACT", date(2023, 6, 1), 365),
    ],
)
def test_basis_days_for_per_diem(code: DayCountCode, on: date, basis: int) -> None:
    assert basis_days(code, on) == basis


def test_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError):
        year_fraction("ACT/364", date(2024, 1, 1), date(2024, 2, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        basis_days("BUS/252", date(2024, 1, 1))  # type: ignore[arg-type]
