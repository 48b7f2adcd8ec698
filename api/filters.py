"""List filters (django-filter) for notes and payments."""

import django_filters

from loans.models import Note, NoteStatus


class NoteFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=NoteStatus.choices)
    borrower = django_filters.NumberFilter(field_name="borrower_id")
    lender = django_filters.NumberFilter(field_name="lender_shares__party_id", distinct=True)
    maturity_from = django_filters.DateFilter(field_name="maturity_date", lookup_expr="gte")
    maturity_to = django_filters.DateFilter(field_name="maturity_date", lookup_expr="lte")

    class Meta:
        model = Note
        fields = ["status", "borrower", "lender", "maturity_from", "maturity_to"]
