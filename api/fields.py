"""Field formats of DESIGN 6: money as two-decimal strings, rates as percent strings."""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

THOUSANDTH = Decimal("0.001")


class MoneyField(serializers.DecimalField):
    """An amount of money: "1850.00" (string, two decimals)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs["coerce_to_string"] = True
        super().__init__(**kwargs)


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
