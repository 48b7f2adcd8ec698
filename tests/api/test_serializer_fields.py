"""api.fields.Serializer copies its declared fields for each serializer instead of
rebuilding them as DRF does (a deep copy): every API serializer gets the same fields,
bound alike, and gives the same answers and the same errors as with DRF's copies."""

import inspect
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import yaml
from rest_framework import serializers

import api.auth
import api.schema
import api.serializers
import api.statement_serializers
import api.transfer_serializers
from api.fields import Serializer
from payments.services import payment_record
from tests.api.conftest import Cast

MODULES = [api.auth, api.schema, api.serializers, api.statement_serializers,
           api.transfer_serializers]  # fmt: skip


def _subclasses(cls: type) -> Iterator[type]:
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        yield sub
        yield from _subclasses(sub)


SERIALIZERS = sorted(
    {cls for cls in _subclasses(Serializer) if cls.__module__ in {m.__name__ for m in MODULES}},
    key=lambda cls: (cls.__module__, cls.__qualname__),
)


def deep_copying(cls: type) -> type:
    """`cls` making its fields as DRF does: a deep copy of the declared ones."""
    return type(
        f"DeepCopying{cls.__name__}", (cls,), {"get_fields": serializers.Serializer.get_fields}
    )


def test_every_api_serializer_is_one() -> None:
    names = {cls.__name__ for cls in SERIALIZERS}
    assert {"PaymentSerializer", "PaymentCreateSerializer", "BalanceSerializer",
            "ErrorSerializer", "TokenRequestSerializer", "HeadingSerializer"} <= names  # fmt: skip
    assert len(SERIALIZERS) >= 30


def _bound(field: Any) -> tuple[Any, ...]:
    return (type(field), repr(field), field.field_name, field.source, field.source_attrs,
            field.label, field.required, field.read_only, field.allow_null)  # fmt: skip


@pytest.mark.django_db  # a related field's repr shows its queryset's rows
@pytest.mark.parametrize("cls", SERIALIZERS, ids=lambda cls: cls.__qualname__)
def test_the_same_fields_bound_alike(cls: type) -> None:
    ours = cls()
    theirs = deep_copying(cls)()
    assert list(ours.fields) == list(theirs.fields)
    for name, field in ours.fields.items():
        declared = cls._declared_fields[name]  # type: ignore[attr-defined]
        assert _bound(field) == _bound(theirs.fields[name])
        assert field is not declared
        assert field.parent is ours
        assert declared.parent is None, "the declared field stays unbound"
        for attribute, held in vars(field).items():
            if isinstance(held, serializers.Field) and attribute != "parent":
                assert held is not vars(declared)[attribute], f"{name}.{attribute} shared"
                assert held.parent is field


def test_two_serializers_at_once_share_no_binding() -> None:
    first = api.serializers.PaymentSerializer()
    second = api.serializers.PaymentSerializer()
    for name in first.fields:
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first
        assert second.fields[name].parent is second
    assert first.fields["reversal"].method_name == "get_reversal"  # type: ignore[attr-defined]
    declared = api.serializers.PaymentSerializer._declared_fields["reversal"]
    assert declared.method_name is None  # type: ignore[attr-defined]


class WithDefaults(Serializer):
    tags = serializers.ListField(child=serializers.CharField(), default=list)
    labels = serializers.JSONField(default={})  # a mutable default: the case under test
    plain = serializers.CharField(default="x")


def test_a_mutable_default_is_not_shared_between_requests() -> None:
    first, second = WithDefaults(data={}), WithDefaults(data={})
    assert first.is_valid() and second.is_valid()
    assert first.validated_data == second.validated_data == {"tags": [], "labels": {},
                                                             "plain": "x"}  # fmt: skip
    first.validated_data["labels"]["changed"] = True
    assert second.validated_data["labels"] == {}
    assert WithDefaults._declared_fields["labels"].default == {}
    assert first.fields["plain"] is not WithDefaults._declared_fields["plain"]


BODIES: list[dict[str, Any]] = [
    {"received_on": "2007-03-01", "amount": "1850.00", "method": "check"},
    {"received_on": "2007-03-01", "amount": "1850.00", "method": "wire", "kind": "principal"},
    {
        "received_on": "2007-03-01",
        "amount": "0.01",
        "method": "check",
        "reference": "W-1",
        "memo": "March",
    },
    {"received_on": "2007-02-30", "amount": "1e3", "method": "barter"},
    {"received_on": "2007-03-01", "amount": "-5", "method": "check", "kind": "gift"},
    {"amount": "1.005", "method": "check", "reference": "x" * 101, "colour": "red"},
    {},
]


@pytest.mark.parametrize("body", BODIES)
def test_a_payment_body_validates_as_with_drf_copies(body: dict[str, Any]) -> None:
    cls = api.serializers.PaymentCreateSerializer
    ours, theirs = cls(data=body), deep_copying(cls)(data=body)
    assert ours.is_valid() == theirs.is_valid()
    if ours.errors:
        assert ours.errors == theirs.errors
    else:
        assert ours.validated_data == theirs.validated_data


@pytest.mark.django_db
def test_a_payment_answers_as_with_drf_copies(cast: Cast) -> None:
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.get(username="borrower_staff")
    recorded = payment_record(note=cast.note, received_on=date(2007, 3, 1), amount="1850.00",
                              method="check", reference="4471", entered_by=clerk,
                              today=date(2007, 3, 15))  # fmt: skip
    context = {"allocations": {str(recorded.payment.pk): recorded.allocation},
               "just_recorded": True}  # fmt: skip
    cls = api.serializers.PaymentSerializer
    ours = cls(recorded.payment, context=context).data
    assert ours == deep_copying(cls)(recorded.payment, context=context).data
    assert (ours["amount"], ours["reference"], ours["method"]) == ("1850.00", "4471", "check")
    assert ours["allocation"]["interest"] == "1850.00"


@pytest.mark.django_db
def test_the_schema_describes_a_serializer_only_by_its_own_docstring(cast: Cast) -> None:
    schema = yaml.safe_load(cast["servicer"].get("/api/schema/").content)
    components = schema["components"]["schemas"]
    # No docstring of their own: neither a base class's nor a mixin's describes them.
    assert "description" not in components["PaymentCreateRequest"]
    assert "description" not in components["ReverseRequest"]
    assert "description" not in components["Allocation"]
    payment = inspect.getdoc(api.serializers.PaymentSerializer)
    assert components["Payment"]["description"] == payment


@pytest.mark.parametrize("cls", [*SERIALIZERS, WithDefaults], ids=lambda cls: cls.__qualname__)
def test_which_fields_are_deep_copied_is_decided_once_per_class(cls: type) -> None:
    from api import fields

    cls()  # the class decided
    declared = cls._declared_fields  # type: ignore[attr-defined]
    assert fields._DEEP_COPIED[cls] == {
        name for name, field in declared.items() if fields._not_shareable(field)
    }


def test_the_deep_copied_fields_of_a_class_are_not_looked_over_again(monkeypatch) -> None:
    from api import fields

    WithDefaults()
    assert fields._DEEP_COPIED[WithDefaults] == {"tags", "labels"}
    looked: list[object] = []

    def looking(field: object) -> bool:
        looked.append(field)
        return True

    monkeypatch.setattr(fields, "_not_shareable", looking)
    made = WithDefaults(data={})
    assert made.is_valid()
    assert looked == []
    assert made.fields["plain"] is not WithDefaults._declared_fields["plain"]
