"""Money: Decimals built from strings, and the engine's one rounding helper.

Amounts are `Decimal` with two places. Exact intermediate values (interest
summed over sub-intervals) are `Fraction`s; they become money only through
`round_cents`, half-up to the cent (DESIGN 3: "rounding happens only where
stated here, in one helper, half-up to cents").
"""

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

ZERO = Decimal("0.00")
"""Zero money, two places."""
CENT = Decimal("0.01")
"""One cent: the quantum of every amount."""

_WIDE = Context(prec=60, rounding=ROUND_HALF_UP)
"""Enough digits that quantizing any realistic amount never loses a digit."""


def D(text: str) -> Decimal:
    """A Decimal from its text; floats (and anything else) are refused."""
    if not isinstance(text, str):
        raise TypeError(f"D() takes a string, not {type(text).__name__}")
    return Decimal(text)


def round_cents(x: Decimal | Fraction) -> Decimal:
    """`x` rounded to cents, ROUND_HALF_UP (ties away from zero), exactly.

    A Fraction is rounded with integer arithmetic, so no digit is lost however
    long its expansion; a Decimal is quantized in a 60-digit context.
    """
    if isinstance(x, Fraction):
        return _fraction_cents(x.numerator, x.denominator)
    if not isinstance(x, Decimal):
        raise TypeError(f"round_cents() takes a Decimal or a Fraction, not {type(x).__name__}")
    if not x.is_finite():
        raise ValueError(f"cannot round {x} to cents")
    rounded = x.quantize(CENT, context=_WIDE)
    return ZERO if rounded.is_zero() else rounded


def _fraction_cents(numerator: int, denominator: int) -> Decimal:
    """numerator/denominator in cents, half-up: floor(100·|n|/d + 1/2), sign restored."""
    cents = (200 * abs(numerator) + denominator) // (2 * denominator)
    return Decimal(-cents if numerator < 0 else cents).scaleb(-2)
