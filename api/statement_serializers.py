"""Serializers of statements, the journal and the watchlist (DESIGN 4): they
shape the values of statements/selectors.py and payments/watchlist.py."""

from typing import Any

from rest_framework import serializers

from api.serializers import (
    AllocationSerializer,
    BalanceSerializer,
    InstallmentSerializer,
    SumField,
)


class PaymentLineSerializer(serializers.Serializer[Any]):
    payment_id = serializers.IntegerField()
    received_on = serializers.DateField()
    amount = SumField(help_text="0.00 on a reallocation line: only its allocation moved.")
    method = serializers.CharField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    allocation = AllocationSerializer()


class ChargeLineSerializer(serializers.Serializer[Any]):
    charge_id = serializers.IntegerField()
    incurred_on = serializers.DateField()
    amount = SumField()
    kind = serializers.CharField()
    description = serializers.CharField()


class ReconciliationSerializer(serializers.Serializer[Any]):
    """opening + increases - decreases = closing."""

    opening = SumField()
    increases = SumField()
    decreases = SumField()
    closing = SumField()


class BillingStatementSerializer(serializers.Serializer[Any]):
    note_reference = serializers.CharField()
    as_of = serializers.DateField()
    due_date = serializers.DateField()
    installment = InstallmentSerializer(allow_null=True)
    current_due = SumField()
    past_due = SumField()
    amount_due = SumField()
    principal_balance = SumField()
    payments_since_last_statement = PaymentLineSerializer(many=True)
    interest_paid_year_to_date = SumField()


class ActivityStatementSerializer(serializers.Serializer[Any]):
    note_reference = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    opening = BalanceSerializer()
    closing = BalanceSerializer()
    payments = PaymentLineSerializer(many=True)
    reallocations = PaymentLineSerializer(many=True)
    charges = ChargeLineSerializer(many=True)
    principal = ReconciliationSerializer()
    interest = ReconciliationSerializer()
    charges_due = ReconciliationSerializer()


class LenderInterestSerializer(serializers.Serializer[Any]):
    party_id = serializers.IntegerField()
    name = serializers.CharField()
    share = serializers.DecimalField(max_digits=7, decimal_places=4)
    interest_paid = SumField()


class YearEndStatementSerializer(serializers.Serializer[Any]):
    note_reference = serializers.CharField()
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    interest_paid = SumField()
    principal_paid = SumField()
    charges_paid = SumField()
    year_end_principal = SumField()
    lenders = LenderInterestSerializer(many=True)


class JournalLineSerializer(serializers.Serializer[Any]):
    account = serializers.CharField()
    debit = SumField()
    credit = SumField()


class JournalEntrySerializer(serializers.Serializer[Any]):
    note_reference = serializers.CharField()
    date = serializers.DateField()
    memo = serializers.CharField()
    lines = JournalLineSerializer(many=True)


class JournalSerializer(serializers.Serializer[Any]):
    book = serializers.ChoiceField(choices=["lender", "borrower"])
    start = serializers.DateField()
    end = serializers.DateField()
    entries = JournalEntrySerializer(many=True)


class WatchItemSerializer(serializers.Serializer[Any]):
    note_id = serializers.IntegerField()
    note_reference = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.ChoiceField(
        choices=["next_due", "cure_deadline", "clock_deadline", "maturity", "collateral_lapse"]
    )
    description = serializers.CharField()
    amount = SumField(allow_null=True)


class WatchlistSerializer(serializers.Serializer[Any]):
    as_of = serializers.DateField()
    results = WatchItemSerializer(many=True)
