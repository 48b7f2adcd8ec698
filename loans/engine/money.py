"""Money: Decimals built from strings, and the engine's one rounding helper.

Amounts are `Decimal` with two places. Exact intermediate values (interest
summed over sub-intervals) are `Fraction`s; they become money only through
`round_cents`, half-up to the cent (DESIGN 3: "rounding happens only where
stated here, in one helper, half-up to cents").
"""

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
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


_LONGEST_TEXT = 100
"""Characters of the longest text read as an amount."""


class MoneyError(ValueError):
    """Not an amount of money; the message says why, in words a user can act on."""


def parse_money(text: object) -> Decimal:
    """An amount of money from its text ("1850", "1850.00", " 1850.5 "), with two places.

    The one parser of amounts that come from outside (API bodies, forms, service
    arguments). A Decimal or an int is read as its text. Refused with a MoneyError:
    a float (a binary fraction is not an amount of cents), anything that is not a
    finite number, and a fraction of a cent ("1850.001"; "1850.000" is 1850.00).
    The sign and the size allowed are the caller's rules.
    """
    if isinstance(text, float):
        raise MoneyError("Give the amount as a decimal string, not a float.")
    try:
        raw = str(text).strip()
    except ValueError:  # an int past Python's 4300-digit str() limit
        raise MoneyError("The amount is too large.") from None
    if len(raw) > _LONGEST_TEXT:  # no amount is written so long; spare the parser
        raise MoneyError("Enter a valid amount, e.g. 1850.00.")
    try:
        amount = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise MoneyError("Enter a valid amount, e.g. 1850.00.") from None
    if isinstance(text, bool) or not amount.is_finite():
        raise MoneyError("Enter a valid amount, e.g. 1850.00.")
    if amount.adjusted() >= _WIDE.prec - 2:
        raise MoneyError("The amount is too large.")
    cents = amount.quantize(CENT, context=_WIDE)
    if cents != amount:
        raise MoneyError("The amount has more than two decimal places.")
    return cents


AMOUNT_PATTERN = r"0*([1-9][0-9]{0,11}(\.[0-9]{1,2})?|0?\.(0[1-9]|[1-9][0-9]?))"
"""A positive amount as written in an API body: ASCII digits, at most two decimals,
at most 12 digits before the point (numeric(14,2)); the API schema declares it."""
_AMOUNT = re.compile(AMOUNT_PATTERN, re.ASCII)


def parse_amount_text(text: object) -> Decimal:
    """A positive amount from text an integrator wrote, read strictly: only what
    AMOUNT_PATTERN matches ("1850", "1850.5", "0.01"). No JSON number, sign, space,
    exponent, underscore or non-ASCII digit: such text is refused with a MoneyError
    rather than guessed at. Then read by `parse_money`, the one parser."""
    if not isinstance(text, str):
        raise MoneyError('Give the amount as a string of digits, e.g. "1850.00".')
    if not _AMOUNT.fullmatch(text):
        raise MoneyError(
            "Enter an amount greater than zero in digits 0-9 with at most two decimals "
            "and 12 digits before the point, e.g. 1850.00."
        )
    return parse_money(text)


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
