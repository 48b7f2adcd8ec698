"""Money helpers: Decimals from strings only, one exact half-up rounding to cents."""

import random
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest

from loans.engine.money import CENT, ZERO, D, MoneyError, parse_money, round_cents


def test_d_builds_decimals_from_text_and_refuses_floats() -> None:
    assert D("1850.00") == Decimal("1850.00")
    assert str(D("0.10")) == "0.10"
    with pytest.raises(TypeError):
        D(0.1)  # type: ignore[arg-type]


def test_zero_and_cent_are_two_place_money() -> None:
    assert str(ZERO) == "0.00"
    assert str(CENT) == "0.01"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Ties go away from zero (half-up): 0.005 -> 0.01, -0.005 -> -0.01.
        (Fraction(1, 200), "0.01"),
        (Fraction(-1, 200), "-0.01"),
        # Just below a tie stays down, however far out the difference sits:
        # 0.005 - 10^-40 has 40 significant digits, more than a 28-digit context keeps.
        (Fraction(1, 200) - Fraction(1, 10**40), "0.00"),
        (Fraction(1, 200) + Fraction(1, 10**40), "0.01"),
        # The seed note's first period: 185,000 x 12% x 31/360 = 1,911.666... -> 1,911.67.
        (Fraction(185000) * Fraction(12, 100) * Fraction(31, 360), "1911.67"),
        # Under ACT/365F: 185,000 x 0.12 x 32/365 = 710,400/365 = 1,946.3013... -> 1,946.30.
        (Fraction(185000) * Fraction(12, 100) * Fraction(32, 365), "1946.30"),
        # The prepayment example of DESIGN 3.3: 863.333... + 720.00 = 1,583.333... -> 1,583.33.
        (
            Fraction(185000) * Fraction(12, 100) * Fraction(14, 360)
            + Fraction(135000) * Fraction(12, 100) * Fraction(16, 360),
            "1583.33",
        ),
        (Fraction(2, 3), "0.67"),
        (Fraction(-2, 3), "-0.67"),
        (Fraction(-1, 1000), "0.00"),
        (Decimal("2.345"), "2.35"),
        (Decimal("2.3449999999999999999999999999999999"), "2.34"),
        (Decimal("-2.345"), "-2.35"),
        (Decimal("-0.004"), "0.00"),
        (Decimal("12345678901234567890123456789.125"), "12345678901234567890123456789.13"),
        (Decimal("7"), "7.00"),
    ],
)
def test_round_cents_is_half_up_and_exact(value: Decimal | Fraction, expected: str) -> None:
    result = round_cents(value)
    assert str(result) == expected


def test_round_cents_agrees_with_decimal_half_up_on_random_fractions() -> None:
    # Reference: the decimal module's own ROUND_HALF_UP, in a context wide enough to
    # divide p/q to 80 digits; random q make exact ties rare, so ties are added.
    rng = random.Random(20051231)
    cases = [Fraction(rng.randint(-(10**12), 10**12), rng.randint(1, 10**6)) for _ in range(5000)]
    cases += [Fraction(2 * k + 1, 200) for k in range(-500, 500)]
    for value in cases:
        with localcontext() as ctx:
            ctx.prec = 80
            quotient = Decimal(value.numerator) / Decimal(value.denominator)
            expected = quotient.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert round_cents(value) == expected, value


def test_round_cents_refuses_floats() -> None:
    with pytest.raises(TypeError):
        round_cents(0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        round_cents(Decimal("NaN"))


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1850", "1850.00"),
        ("1850.5", "1850.50"),
        (" 1850.00 ", "1850.00"),
        ("1850.000", "1850.00"),  # trailing zeros are not a fraction of a cent
        ("1.85e3", "1850.00"),
        ("-12.30", "-12.30"),  # the sign is the caller's rule
        (Decimal("0.07"), "0.07"),
        (1850, "1850.00"),
    ],
)
def test_parse_money_reads_amounts_to_the_cent(text: object, cents: str) -> None:
    amount = parse_money(text)
    assert amount == Decimal(cents)
    assert str(amount) == cents  # two places, as stored


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (1850.5, "not a float"),
        ("1850.001", "more than two decimal places"),
        ("0.005", "more than two decimal places"),
        ("12,50", "valid amount"),
        ("", "valid amount"),
        ("NaN", "valid amount"),
        ("Infinity", "valid amount"),
        (True, "valid amount"),
        (None, "valid amount"),
        ("1e70", "too large"),
        ("1" * 101, "valid amount"),  # longer than any amount is written
    ],
)
def test_parse_money_refuses_what_is_not_money(text: object, reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        parse_money(text)
