"""Serializers of statements, the journal, the reports across notes and the watchlist
(DESIGN 4): they shape the values of statements/data.py and payments/watchlist.py."""

from typing import Any

from rest_framework import serializers

from api.fields import Serializer
from api.serializers import BalanceSerializer, SumField


class LenderShareSerializer(Serializer):
    name = serializers.CharField()
    share = serializers.DecimalField(max_digits=7, decimal_places=4, help_text="Percent.")

    def to_representation(self, instance: Any) -> Any:
        name, share = instance
        return super().to_representation({"name": name, "share": share})


class HeadingSerializer(Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    note_reference = serializers.CharField()
    borrower = serializers.CharField()
    lenders = LenderShareSerializer(many=True, help_text="Shares in effect on the as-of date.")
    interest_basis = serializers.CharField()
    period_start = serializers.DateField(allow_null=True, help_text="First day (inclusive).")
    period_end = serializers.DateField(help_text="Last day (inclusive).")
    as_of = serializers.DateField(help_text="Closing figures are those at the end of this day.")
    generated_at = serializers.DateTimeField()


class LineSerializer(Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=["payment", "reversal", "charge", "adjustment", "event"])
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    description = serializers.CharField()
    reference = serializers.CharField(allow_blank=True)
    amount = SumField()
    charges = SumField()
    interest = SumField()
    principal = SumField()
    held = SumField()
    unapplied = SumField()


class ReconciliationSerializer(Serializer):
    """opening + increases - decreases = closing; difference is zero when it reconciles."""

    name = serializers.CharField()
    opening = SumField()
    increases = SumField()
    decreases = SumField()
    closing = SumField()
    difference = SumField()


class BillingStatementSerializer(Serializer):
    heading = HeadingSerializer()
    due_date = serializers.DateField()
    installment_number = serializers.IntegerField(allow_null=True)
    installment_interest = SumField()
    installment_principal = SumField()
    paid_towards_installment = SumField()
    current_due = SumField()
    past_due = SumField()
    amount_due = SumField()
    principal_balance = SumField()
    previous_due_date = serializers.DateField(allow_null=True)
    payments_since_last_statement = LineSerializer(many=True)
    interest_paid_year_to_date = SumField()


class ActivityStatementSerializer(Serializer):
    heading = HeadingSerializer()
    start = serializers.DateField()
    end = serializers.DateField()
    opening = BalanceSerializer(help_text="At the end of the day before `start`.")
    closing = BalanceSerializer(help_text="At the end of `end`.")
    lines = LineSerializer(many=True)
    interest_earned = SumField()
    interest_recomputed = SumField()
    reconciliations = ReconciliationSerializer(many=True)
    reconciles = serializers.BooleanField()


class LenderInterestSerializer(Serializer):
    name = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    tax_id_masked = serializers.CharField(allow_blank=True)
    share = serializers.DecimalField(max_digits=7, decimal_places=4)
    interest_paid = SumField()


class YearEndStatementSerializer(Serializer):
    heading = HeadingSerializer()
    year = serializers.IntegerField()
    interest_paid = SumField()
    principal_paid = SumField()
    charges_paid = SumField()
    year_end_principal = SumField()
    lenders = LenderInterestSerializer(many=True)
    payments = LineSerializer(many=True)


class PayoffLetterSerializer(Serializer):
    heading = HeadingSerializer()
    good_through = serializers.DateField()
    principal = SumField()
    interest = SumField()
    charges = SumField()
    held = SumField()
    payoff_amount = SumField()
    per_diem = SumField()
    wiring_instructions = serializers.CharField()


class PostingSerializer(Serializer):
    account = serializers.CharField()
    debit = SumField()
    credit = SumField()
    lender = serializers.CharField(allow_blank=True)


class JournalEntrySerializer(Serializer):
    entry_id = serializers.CharField()
    date = serializers.DateField()
    note_reference = serializers.CharField()
    memo = serializers.CharField()
    postings = PostingSerializer(many=True)


class JournalSerializer(Serializer):
    heading = HeadingSerializer()
    book = serializers.ChoiceField(choices=["lender", "borrower"])
    entries = JournalEntrySerializer(many=True)


class NoteFiguresSerializer(Serializer):
    note_reference = serializers.CharField()
    borrower = serializers.CharField()
    status = serializers.CharField()
    principal = SumField()
    interest_due = SumField()
    interest_accrued = SumField()
    charges_due = SumField()
    payoff_amount = SumField()
    per_diem = SumField()
    next_due_date = serializers.DateField(allow_null=True)


class NotesReportSerializer(Serializer):
    heading = HeadingSerializer()
    notes = NoteFiguresSerializer(many=True)


class WatchItemSerializer(Serializer):
    note_id = serializers.IntegerField()
    note_reference = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.ChoiceField(
        choices=["next_due", "cure_deadline", "clock_deadline", "maturity", "collateral_lapse"]
    )
    description = serializers.CharField()
    amount = SumField(allow_null=True)


class WatchlistSerializer(Serializer):
    as_of = serializers.DateField()
    results = WatchItemSerializer(many=True)
