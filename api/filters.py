"""List filters (django-filter) for notes and payments."""

from typing import Any

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from api.fields import MAX_ID
from loans.models import Note, NoteStatus
from payments.models import Payment, PaymentKind


class StrictFilterForm(forms.Form):
    """A filter given with no value is an error, not silently ignored: `?maturity_to=`
    is answered with a field error like any other bad date."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.fields:
            if name in self.data and self.data.get(name) in ("", None):
                self.add_error(name, "Give a value or leave the filter out.")
        return cleaned


class StrictBooleanField(forms.NullBooleanField):
    """true or false; anything else is a field error (not "no filter")."""

    widget = forms.TextInput  # the default select widget reads unknown words as "unknown"

    # NullBooleanField answers None for "no value"; its stubs keep BooleanField's bool.
    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if value in (None, ""):
            return None
        if str(value).lower() in ("true", "1"):
            return True
        if str(value).lower() in ("false", "0"):
            return False
        raise forms.ValidationError("Use true or false.")

    def validate(self, value: Any) -> None:
        return None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A primary key: a positive 64-bit integer."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class NoteFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=NoteStatus.choices)
    borrower = IdFilter(field_name="borrower_id")
    lender = IdFilter(field_name="lender_shares__party_id", distinct=True)
    maturity_from = django_filters.DateFilter(field_name="maturity_date", lookup_expr="gte")
    maturity_to = django_filters.DateFilter(field_name="maturity_date", lookup_expr="lte")

    class Meta:
        model = Note
        form = StrictFilterForm
        fields = ["status", "borrower", "lender", "maturity_from", "maturity_to"]


class PaymentFilter(django_filters.FilterSet):
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    kind = django_filters.ChoiceFilter(choices=PaymentKind.choices)
    reversed = StrictBooleanFilter(field_name="reversal", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Payment
        form = StrictFilterForm
        fields = ["received_from", "received_to", "kind", "reversed"]
