"""Field formats of DESIGN 6: money as two-decimal strings, rates as percent strings."""

import copy
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from loans.engine.money import AMOUNT_PATTERN, MoneyError, parse_amount_text

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
        # What the schema's pattern refuses, the server refuses too (a JSON number,
        # "1e2", "1_000", a sign, non-ASCII digits), so a generated client and the
        # server agree on every amount.
        try:
            amount = parse_amount_text(data)
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


class Serializer(serializers.Serializer[Any]):
    # DRF's `Serializer`, its declared fields copied for each serializer made, not
    # rebuilt. (A comment, not a docstring: drf-spectacular would describe every API
    # serializer without one of its own with it.)
    #
    # DRF deep-copies a serializer's declared fields every time one is made: each field
    # is built again from its arguments (a `ChoiceField` reads its choices again), the
    # largest cost of the API's own Python after the engine (docs/performance.md, run
    # 21). A field is built once, with its class; per serializer it only gets what
    # `bind` assigns: its name, parent and source, set on the copy. What the copy shares
    # with the declared field is what `__init__` built and nothing changes afterwards:
    # choices, messages, validators (DRF's deep copy shares validators too). Deep-copied
    # as DRF does: a field holding another field or a serializer (a list's child, a
    # nested serializer), which binds it to itself; and a field whose default (or
    # initial value) is a list, dict or set, which a request's data would otherwise
    # share with every other request's. Which fields those are is decided once per
    # class (`_deep_copied`): the declared fields are never bound, so never change.

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        deep = _deep_copied(type(self))
        return {
            name: copy.deepcopy(field) if name in deep else copy.copy(field)
            for name, field in self._declared_fields.items()
        }


_DEEP_COPIED: dict[type[serializers.BaseSerializer[Any]], frozenset[str]] = {}
"""Per serializer class, the declared fields deep-copied (`_not_shareable`)."""


def _deep_copied(cls: type[serializers.BaseSerializer[Any]]) -> frozenset[str]:
    # Looking each field over again for every serializer made cost a payment's body and
    # answer 0.045 ms (docs/performance.md, run 22).
    # Two threads may both decide a class at first: the same answer, stored twice.
    deep = _DEEP_COPIED.get(cls)
    if deep is None:
        declared: dict[str, serializers.Field[Any, Any, Any, Any]] = cls._declared_fields  # type: ignore[attr-defined]
        deep = _DEEP_COPIED[cls] = frozenset(
            name for name, field in declared.items() if _not_shareable(field)
        )
    return deep


def _not_shareable(field: serializers.Field[Any, Any, Any, Any]) -> bool:
    attributes = vars(field)
    return (
        isinstance(field, serializers.BaseSerializer)
        or any(isinstance(value, serializers.Field) for value in attributes.values())
        or any(
            isinstance(attributes.get(name), list | dict | set) for name in ("default", "initial")
        )
    )


class KnownFieldsOnly:
    # A serializer mixin: a body naming a field the serializer does not have is refused
    # (400, one message per unknown name) rather than silently ignored, so a misspelt
    # optional field never turns into its default. Read-only fields are known: a client
    # may send back what it read. (A comment: as a docstring, drf-spectacular described
    # every request body without a docstring of its own with it.)

    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field: this operation does not take it."] for name in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]


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


class MoneyFieldSchema(OpenApiSerializerFieldExtension):
    """Money in the schema: in a request, the pattern the server accepts (a positive
    amount, two decimals at most); in a response, the two-decimal text it writes."""

    target_class = MoneyField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        if direction == "request":
            return {
                "type": "string",
                "format": "decimal",
                "pattern": f"^{AMOUNT_PATTERN}$",
                "example": "1850.00",
                "description": "An amount greater than zero: digits 0-9, at most two decimals.",
            }
        return {
            "type": "string",
            "format": "decimal",
            "pattern": r"^-?[0-9]+\.[0-9]{2}$",
            "example": "1850.00",
        }


class StatementKindConverter:
    """A statement kind in a path; any other word falls through to the JSON 404."""

    regex = "billing|activity|year-end|payoff"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
