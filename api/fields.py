"""Field formats of DESIGN 6: money as two-decimal strings, rates as percent strings."""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from loans.engine.money import MoneyError, parse_money

THOUSANDTH = Decimal("0.001")


class MoneyField(serializers.DecimalField):
    """An amount of money: "1850.00" (string, two decimals). Up to 14 digits, as
    stored (numeric(14,2)); `max_digits=None` for sums the engine reports, which
    may exceed any one stored amount."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs["coerce_to_string"] = True
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        # JSON numbers arrive as floats; the shortest text of a float is what the client
        # wrote ("1850.5"), so it is read as that text, not as a binary fraction.
        text = repr(data) if isinstance(data, float) else data
        try:
            amount = parse_money(text)
        except MoneyError as error:
            raise serializers.ValidationError(str(error)) from None
        return super().to_internal_value(amount)


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.000"})
class RateField(serializers.DecimalField):
    """An annual rate in percent: "12.000" (at least three decimals, up to six)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 6)
        kwargs["coerce_to_string"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        rate = Decimal(value)
        shown = rate.quantize(THOUSANDTH) if rate == rate.quantize(THOUSANDTH) else rate.normalize()
        return f"{shown:f}"


MAX_ID = 2**63 - 1
"""The largest primary key any supported database stores (64-bit signed)."""


class IdField(serializers.IntegerField):
    """A primary key in a body: a positive 64-bit integer."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class PartyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key naming a row, checked to be a 64-bit integer before it is looked up."""

    def to_internal_value(self, data: Any) -> Any:
        IdField().run_validation(data)
        return super().to_internal_value(data)


class IdConverter:
    """Path ids: at most 18 digits, so that every one fits a 64-bit integer; longer
    paths fall through to the JSON 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
