"""The projected schedule (DESIGN 3.2, 3.3), checked against hand-worked figures,
the annuity formula, numpy_financial and QuantLib's fixed-rate coupons."""

from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise

import numpy_financial as npf
import pytest
import QuantLib as ql
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings

from loans.engine.schedule import (
    amortization,
    build_schedule,
    due_dates,
    fixed_principal_amount,
    months_after,
    regular_installment,
)
from loans.engine.values import DayCountCode, Terms
from tests.engine.replay_factories import SEED
from tests.engine.strategies import note_terms


def _cents(value: Decimal | float) -> Decimal:
    """Reference rounding for expected values (floats via their shortest repr)."""
    number = Decimal(repr(float(value))) if isinstance(value, float) else value
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _monthly(principal: str, rate: str, periods: int, **terms: object) -> Terms:
    """A note dated 2024-01-01 paying on the 1st of each month, `periods` installments."""
    maturity = date(2024 + periods // 12, periods % 12 + 1, 1)
    base = Terms(
        principal=Decimal(principal),
        annual_rate=Decimal(rate),
        day_count="30/360",
        accrual_start=date(2024, 1, 1),
        first_payment_date=date(2024, 2, 1),
        maturity_date=maturity,
    )
    return replace(base, **terms)  # type: ignore[arg-type]


# --- the seed note -------------------------------------------------------------------


def test_seed_note_schedule_under_30_360() -> None:
    rows = build_schedule(SEED)
    assert len(rows) == 24
    # Period 1, 2005-12-31 -> 2006-02-01, is 31 days under 30/360:
    # 185,000 x 0.12 x 31/360 = 1,911.666... -> 1,911.67; every later month 22,200/12 = 1,850.
    assert (rows[0].period_start, rows[0].due_date, rows[0].days) == (
        date(2005, 12, 31),
        date(2006, 2, 1),
        31,
    )
    assert rows[0].interest == Decimal("1911.67")
    assert {row.interest for row in rows[1:]} == {Decimal("1850.00")}
    # 1,911.67 + 23 x 1,850.00 = 44,461.67
    assert sum(row.interest for row in rows) == Decimal("44461.67")
    assert [row.principal for row in rows[:-1]] == [Decimal("0.00")] * 23
    last = rows[-1]
    assert (last.due_date, last.principal, last.total) == (
        date(2008, 1, 1),
        Decimal("185000.00"),
        Decimal("186850.00"),
    )
    assert all(row.status == "upcoming" and row.paid == Decimal("0.00") for row in rows)
    assert [row.due_date for row in rows[:3]] == [
        date(2006, 2, 1),
        date(2006, 3, 1),
        date(2006, 4, 1),
    ]


def test_seed_note_first_period_under_act_365f() -> None:
    rows = build_schedule(replace(SEED, day_count="ACT/365F"))
    # 32 actual days: 185,000 x 0.12 x 32/365 = 710,400/365 = 1,946.30
    assert (rows[0].days, rows[0].interest) == (32, Decimal("1946.30"))


QL_COUNTERS: dict[DayCountCode, ql.DayCounter] = {
    "30/360": ql.Thirty360(ql.Thirty360.BondBasis),
    "30E/360": ql.Thirty360(ql.Thirty360.European),
    "ACT/360": ql.Actual360(),
    "ACT/365F": ql.Actual365Fixed(),
    "ACT/ACT": ql.ActualActual(ql.ActualActual.ISDA),
}


@pytest.mark.parametrize("code", list(QL_COUNTERS))
def test_interest_only_coupons_agree_with_quantlib(code: DayCountCode) -> None:
    schedule = ql.Schedule(
        ql.Date(31, 12, 2005),
        ql.Date(1, 1, 2008),
        ql.Period(ql.Monthly),
        ql.NullCalendar(),
        ql.Unadjusted,
        ql.Unadjusted,
        ql.DateGeneration.Forward,
        False,
        ql.Date(1, 2, 2006),
    )
    leg = ql.FixedRateLeg(schedule, QL_COUNTERS[code], [185000.0], [0.12])
    expected = [_cents(coupon.amount()) for coupon in leg]
    assert [row.interest for row in build_schedule(replace(SEED, day_count=code))] == expected


# --- due dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "maturity", "months", "expected"),
    [
        # A month-end anchor keeps every due date at a month end.
        (
            date(2024, 1, 31),
            date(2024, 6, 30),
            1,
            [
                (2024, 1, 31),
                (2024, 2, 29),
                (2024, 3, 31),
                (2024, 4, 30),
                (2024, 5, 31),
                (2024, 6, 30),
            ],
        ),
        # 28 Feb 2023 is a month end too.
        (
            date(2023, 2, 28),
            date(2023, 5, 31),
            1,
            [(2023, 2, 28), (2023, 3, 31), (2023, 4, 30), (2023, 5, 31)],
        ),
        # The 30th is not a month end in January: counted from the anchor, March is the
        # 30th again (adding a month to 29 Feb would wrongly give 29 Mar).
        (
            date(2024, 1, 30),
            date(2024, 4, 30),
            1,
            [(2024, 1, 30), (2024, 2, 29), (2024, 3, 30), (2024, 4, 30)],
        ),
        # Maturity off the sequence: a stub last period.
        (
            date(2024, 1, 15),
            date(2024, 4, 30),
            1,
            [(2024, 1, 15), (2024, 2, 15), (2024, 3, 15), (2024, 4, 15), (2024, 4, 30)],
        ),
        # Quarterly, semi-annual and annual.
        (
            date(2024, 3, 31),
            date(2025, 3, 31),
            3,
            [(2024, 3, 31), (2024, 6, 30), (2024, 9, 30), (2024, 12, 31), (2025, 3, 31)],
        ),
        (
            date(2024, 2, 29),
            date(2026, 2, 28),
            6,
            [(2024, 2, 29), (2024, 8, 31), (2025, 2, 28), (2025, 8, 31), (2026, 2, 28)],
        ),
        (
            date(2024, 7, 1),
            date(2027, 7, 1),
            12,
            [(2024, 7, 1), (2025, 7, 1), (2026, 7, 1), (2027, 7, 1)],
        ),
        (date(2024, 7, 1), date(2024, 7, 1), 1, [(2024, 7, 1)]),
    ],
)
def test_due_dates(
    first: date, maturity: date, months: int, expected: list[tuple[int, int, int]]
) -> None:
    terms = replace(
        SEED,
        accrual_start=date(2023, 1, 1),
        first_payment_date=first,
        maturity_date=maturity,
        payment_frequency_months=months,
    )
    assert due_dates(terms) == tuple(date(*ymd) for ymd in expected)


def test_maturity_before_first_payment_is_refused() -> None:
    with pytest.raises(ValueError):
        due_dates(replace(SEED, maturity_date=date(2006, 1, 1)))


def test_stub_last_period_interest() -> None:
    terms = replace(
        SEED,
        principal=Decimal("10000.00"),
        accrual_start=date(2024, 1, 15),
        first_payment_date=date(2024, 2, 15),
        maturity_date=date(2024, 3, 31),
    )
    rows = build_schedule(terms)
    # 2024-03-15 -> 03-31 under 30/360: D2=31 stays (D1=15), 16 days:
    # 10,000 x 0.12 x 16/360 = 53.333... -> 53.33
    assert [(row.due_date, row.days) for row in rows] == [
        (date(2024, 2, 15), 30),
        (date(2024, 3, 15), 30),
        (date(2024, 3, 31), 16),
    ]
    assert rows[-1].interest == Decimal("53.33")
    assert rows[-1].principal == Decimal("10000.00")


# --- level installments --------------------------------------------------------------


def _annuity(principal: str, rate: str, months: int, n: int) -> Decimal:
    """P*i / (1 - (1+i)^-n) in 50-digit decimals, rounded half-up."""
    with localcontext() as ctx:
        ctx.prec = 50
        i = Decimal(rate) / 100 * months / 12
        value = Decimal(principal) * i / (1 - (1 + i) ** -n)
    return _cents(value)


LEVEL_CASES = [
    ("185000.00", "12", 24),
    ("100000.00", "6", 360),
    ("250000.00", "6.5", 180),
    ("1000.00", "0.5", 12),
    ("50000.00", "9.875", 60),
    ("999999.99", "18", 120),
    ("12345.67", "3.25", 36),
    ("500000.00", "7.125", 240),
]


@pytest.mark.parametrize(("principal", "rate", "periods"), LEVEL_CASES)
def test_level_installment_matches_annuity_formula_and_numpy_financial(
    principal: str, rate: str, periods: int
) -> None:
    terms = _monthly(principal, rate, periods, repayment="level")
    installment = regular_installment(terms)
    assert installment == _annuity(principal, rate, 1, periods)
    rate_per_month = float(rate) / 100 / 12
    assert installment == _cents(npf.pmt(rate_per_month, periods, -float(principal)))


def _amortize(
    principal: Decimal, rate: Decimal, installment: Decimal, periods: int
) -> list[tuple[Decimal, Decimal]]:
    """(interest, principal) per regular month, interest rounded half-up each month,
    the last month paying the whole balance."""
    balance, rows = principal, []
    for number in range(1, periods + 1):
        interest = _cents(balance * rate / 1200)
        paid = balance if number == periods else installment - interest
        rows.append((interest, paid))
        balance -= paid
    return rows


@pytest.mark.parametrize(("principal", "rate", "periods"), LEVEL_CASES)
def test_level_schedule_closes_the_balance(principal: str, rate: str, periods: int) -> None:
    terms = _monthly(principal, rate, periods, repayment="level")
    rows = build_schedule(terms)
    installment = _annuity(principal, rate, 1, periods)
    expected = _amortize(Decimal(principal), Decimal(rate), installment, periods)
    assert [(row.interest, row.principal) for row in rows] == expected
    assert sum(row.principal for row in rows) == Decimal(principal)
    assert all(row.total == installment for row in rows[:-1])
    # The rounding residue on the last installment stays within a few cents per year.
    assert abs(rows[-1].total - installment) <= Decimal("0.01") * periods


def test_ten_year_note_amortized_over_thirty_years_ends_in_a_balloon() -> None:
    terms = _monthly("100000.00", "6", 120, repayment="level", amortization_periods=360)
    rows = build_schedule(terms)
    # npf.pmt(0.005, 360, -100000) = 599.5505... -> 599.55
    assert regular_installment(terms) == Decimal("599.55")
    assert all(row.total == Decimal("599.55") for row in rows[:-1])
    expected = _amortize(Decimal("100000.00"), Decimal("6"), Decimal("599.55"), 120)
    assert [(row.interest, row.principal) for row in rows] == expected
    # Closed form: the balance after 119 payments is -fv(0.005, 119, -599.55, 100000);
    # the month-by-month rounding keeps it within a cent or two of that.
    after_119 = Decimal(repr(float(-npf.fv(0.005, 119, -599.55, 100000))))
    assert abs(rows[-1].principal - after_119) < Decimal("0.05")
    assert rows[-1].principal > Decimal("80000")  # most of the principal is the balloon
    assert rows[-1].total == rows[-1].principal + _cents(rows[-1].principal * Decimal("0.005"))


def test_interest_only_lead_in_then_level() -> None:
    # 120,000 at 9%: 12 months of interest only (120,000 x 0.0075 = 900.00),
    # then 36 level installments of npf.pmt(0.0075, 36, -120000) = 3,815.95...
    terms = _monthly("120000.00", "9", 48, repayment="level", interest_only_periods=12)
    rows = build_schedule(terms)
    installment = _cents(npf.pmt(0.0075, 36, -120000))
    assert regular_installment(terms) == installment == _annuity("120000.00", "9", 1, 36)
    assert [(row.interest, row.principal) for row in rows[:12]] == [
        (Decimal("900.00"), Decimal("0.00"))
    ] * 12
    assert [(r.interest, r.principal) for r in rows[12:]] == _amortize(
        Decimal("120000.00"), Decimal("9"), installment, 36
    )
    assert sum(row.principal for row in rows) == Decimal("120000.00")


def test_stated_installment_wins() -> None:
    terms = _monthly("10000.00", "12", 12, repayment="level", installment_amount=Decimal("500.00"))
    assert regular_installment(terms) == Decimal("500.00")
    rows = build_schedule(terms)
    # Month 1: interest 100.00, principal 400.00; month 2: 9,600 x 1% = 96.00, principal 404.00.
    assert [(row.interest, row.principal) for row in rows[:2]] == [
        (Decimal("100.00"), Decimal("400.00")),
        (Decimal("96.00"), Decimal("404.00")),
    ]
    assert rows[-1].principal == Decimal("10000.00") - sum(row.principal for row in rows[:-1])


def test_installment_below_interest_pays_no_principal() -> None:
    terms = _monthly("10000.00", "12", 3, repayment="level", installment_amount=Decimal("60.00"))
    rows = build_schedule(terms)
    # 1% a month is 100.00 of interest, more than the 60.00 stated: no negative principal.
    assert [(row.principal, row.total) for row in rows[:2]] == [
        (Decimal("0.00"), Decimal("100.00"))
    ] * 2
    assert rows[-1].principal == Decimal("10000.00")


def test_odd_first_period_has_more_interest_and_less_principal() -> None:
    terms = replace(
        _monthly("100000.00", "6", 12, repayment="level"),
        accrual_start=date(2023, 12, 16),
    )
    rows = build_schedule(terms)
    installment = _annuity("100000.00", "6", 1, 12)  # 8,606.64
    # 2023-12-16 -> 2024-02-01 is 45 days under 30/360: 100,000 x 0.06 x 45/360 = 750.00
    assert rows[0].days == 45
    assert (rows[0].interest, rows[0].principal) == (
        Decimal("750.00"),
        installment - Decimal("750.00"),
    )


@pytest.mark.parametrize(
    ("months", "periods", "rate"),
    [(3, 20, "8"), (6, 20, "8"), (12, 5, "5")],
)
def test_quarterly_semiannual_annual_level(months: int, periods: int, rate: str) -> None:
    first = date(2024, 1 + months, 1) if months < 12 else date(2025, 1, 1)
    maturity_months = months * (periods - 1)
    maturity = date(
        first.year + (first.month - 1 + maturity_months) // 12,
        (first.month - 1 + maturity_months) % 12 + 1,
        1,
    )
    terms = Terms(
        principal=Decimal("100000.00"),
        annual_rate=Decimal(rate),
        day_count="30/360",
        accrual_start=date(2024, 1, 1),
        first_payment_date=first,
        maturity_date=maturity,
        payment_frequency_months=months,
        repayment="level",
    )
    rows = build_schedule(terms)
    assert len(rows) == periods
    i = float(rate) / 100 * months / 12
    expected = _cents(npf.pmt(i, periods, -100000))
    # quarterly 8%: pmt(0.02, 20) = 6,115.67; semi-annual: pmt(0.04, 20) = 7,358.18;
    # annual 5%: pmt(0.05, 5) = 23,097.48
    assert (
        expected == {3: Decimal("6115.67"), 6: Decimal("7358.18"), 12: Decimal("23097.48")}[months]
    )
    assert regular_installment(terms) == expected == _annuity("100000.00", rate, months, periods)
    assert rows[0].interest == _cents(Decimal("100000") * Decimal(rate) * months / 1200)
    assert sum(row.principal for row in rows) == Decimal("100000.00")


# --- fixed principal -----------------------------------------------------------------


def test_fixed_principal_with_remainder_on_the_last() -> None:
    terms = _monthly("100000.00", "12", 3, repayment="fixed_principal")
    assert fixed_principal_amount(terms) == Decimal("33333.33")
    rows = build_schedule(terms)
    # Interest at 1% a month on 100,000.00, 66,666.67 and 33,333.34.
    assert [(row.interest, row.principal) for row in rows] == [
        (Decimal("1000.00"), Decimal("33333.33")),
        (Decimal("666.67"), Decimal("33333.33")),
        (Decimal("333.33"), Decimal("33333.34")),
    ]


def test_fixed_principal_after_a_lead_in() -> None:
    terms = _monthly("9000.00", "12", 5, repayment="fixed_principal", interest_only_periods=2)
    rows = build_schedule(terms)
    # 3 amortizing periods of 3,000.00 after 2 interest-only months of 90.00.
    assert [(row.interest, row.principal) for row in rows] == [
        (Decimal("90.00"), Decimal("0.00")),
        (Decimal("90.00"), Decimal("0.00")),
        (Decimal("90.00"), Decimal("3000.00")),
        (Decimal("60.00"), Decimal("3000.00")),
        (Decimal("30.00"), Decimal("3000.00")),
    ]


def test_other_types_have_no_level_or_fixed_amount() -> None:
    assert regular_installment(SEED) is None
    assert fixed_principal_amount(SEED) is None
    assert fixed_principal_amount(_monthly("1000.00", "5", 12, repayment="level")) is None
    assert regular_installment(_monthly("1000.00", "5", 12, repayment="fixed_principal")) is None


@pytest.mark.parametrize(
    ("number", "balance", "interest", "expected"),
    [
        (1, "10000.00", "100.00", "0.00"),  # interest-only lead-in
        (2, "10000.00", "100.00", "0.00"),
        (3, "10000.00", "100.00", "2000.00"),  # level 2,100 - interest 100
        (3, "10000.00", "2500.00", "0.00"),  # never negative
        (4, "1500.00", "15.00", "1500.00"),  # never more than the balance
        (6, "4321.00", "43.21", "4321.00"),  # the last takes the whole balance
    ],
)
def test_scheduled_principal(number: int, balance: str, interest: str, expected: str) -> None:
    terms = _monthly(
        "10000.00",
        "12",
        6,
        repayment="level",
        interest_only_periods=2,
        installment_amount=Decimal("2100.00"),
    )
    assert amortization(terms).principal_due(
        number, Decimal(balance), Decimal(interest)
    ) == Decimal(expected)


def test_nothing_left_to_amortize_is_refused() -> None:
    with pytest.raises(ValueError):
        regular_installment(_monthly("1000.00", "5", 3, repayment="level", interest_only_periods=3))


def test_months_after_agrees_with_relativedelta() -> None:
    # The schedule counts months by hand for speed; dateutil is the reference.
    anchors = [date(2023, 1, 1) + timedelta(days=k) for k in range(0, 3 * 366, 3)]
    anchors += [date(2024, 1, 31), date(2024, 2, 29), date(2023, 2, 28), date(2024, 3, 30)]
    for anchor in anchors:
        for months in range(0, 400, 7):
            expected = anchor + relativedelta(months=months)
            assert months_after(anchor, months) == expected, (anchor, months)
            last = expected.replace(day=monthrange(expected.year, expected.month)[1])
            assert months_after(anchor, months, month_end=True) == last


@settings(max_examples=300, deadline=None)
@given(note_terms())
def test_schedule_invariants(terms: Terms) -> None:
    rows = build_schedule(terms)
    assert sum(row.principal for row in rows) == terms.principal
    assert rows[0].period_start == terms.accrual_start
    # The rows follow the due dates; they stop short of maturity only when the principal
    # is repaid sooner (amortization_periods < periods, or P/n rounded up on a tiny note).
    dues = due_dates(terms)
    assert tuple(row.due_date for row in rows) == dues[: len(rows)]
    assert rows[-1].due_date == terms.maturity_date or rows[-1].principal > 0
    for previous, row in pairwise(rows):
        assert row.period_start == previous.due_date < row.due_date
    for row in rows:
        assert row.principal >= 0 and row.interest >= 0
        assert row.total == row.interest + row.principal
        assert row.interest == row.interest.quantize(Decimal("0.01"))
    assert all(row.principal == 0 for row in rows[: terms.interest_only_periods])


def test_amortized_before_maturity_stops_the_schedule() -> None:
    terms = _monthly("9000.00", "12", 6, repayment="fixed_principal", amortization_periods=3)
    rows = build_schedule(terms)
    # 3,000.00 a month at 1% on 9,000, 6,000 and 3,000; nothing is left for months 4-6.
    assert [(row.interest, row.principal) for row in rows] == [
        (Decimal("90.00"), Decimal("3000.00")),
        (Decimal("60.00"), Decimal("3000.00")),
        (Decimal("30.00"), Decimal("3000.00")),
    ]
