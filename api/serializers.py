"""Serializers of the public API (DESIGN 6). They shape data; services decide."""

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import is_servicer
from api.fields import (
    IdField,
    KnownFieldsOnly,
    MoneyField,
    PartyRelatedField,
    RateField,
    Serializer,
)
from api.text_fields import LineField, PlainTextModelSerializer, TextField
from loans.models import CollateralReference, Note, NoteLender, NoteStatus, Party
from loans.services.boarding import COLLATERAL_FIELDS, TERM_FIELDS
from payments.models import (
    ChargeKind,
    DeliveryMethod,
    NoteEventKind,
    Payment,
    PaymentKind,
    PaymentMethod,
)


class PartySerializer(PlainTextModelSerializer):
    """A borrower or lender: a person or an organization."""

    class Meta:
        model = Party
        fields = [
            "id",
            "name",
            "kind",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "postal_code",
            "email",
            "phone",
            "tax_id",
        ]

    def to_representation(self, instance: Party) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not (request and is_servicer(request.user)):
            data["tax_id"] = instance.tax_id_masked
        return data


class NoteLenderSerializer(KnownFieldsOnly, serializers.ModelSerializer[NoteLender]):
    party = PartyRelatedField(queryset=Party.objects.all())
    name = serializers.CharField(source="party.name", read_only=True)
    share = serializers.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        model = NoteLender
        fields = ["party", "name", "share"]


class CollateralSerializer(PlainTextModelSerializer):
    """What secures the note: a reference to a deed of trust, a UCC filing, etc."""

    class Meta:
        model = CollateralReference
        fields = ["id", *COLLATERAL_FIELDS]
        read_only_fields = ["id"]


class NoteSerializer(PlainTextModelSerializer):
    """A promissory note: its terms, borrower, lenders' shares and collateral."""

    borrower = PartyRelatedField(queryset=Party.objects.all())
    lenders = NoteLenderSerializer(
        many=True,
        source="lender_shares",
        help_text="The lenders and their shares as boarded (the note as signed). Shares move "
        "only by share transfers (/api/notes/{id}/transfers/); the statements give the "
        "shares in effect on a date.",
    )
    collateral = CollateralSerializer(many=True, required=False)
    principal = MoneyField()
    annual_rate = RateField()
    installment_amount = MoneyField(
        required=False,
        allow_null=True,
        default=None,
        help_text="level: the note's stated installment; default computed from the terms.",
    )
    accrual_start = serializers.DateField(
        required=False, help_text="Default: the date the note is dated."
    )

    class Meta:
        model = Note
        fields = [
            "id",
            "reference",
            "borrower",
            "lenders",
            *TERM_FIELDS,
            "governing_law",
            "prepayment_terms",
            "status",
            "collateral",
            "instrument_sha256",
        ]
        read_only_fields = ["id", "status", "instrument_sha256"]
        # note_board checks uniqueness with a clear message, in its own transaction.
        extra_kwargs: ClassVar[dict[str, dict[str, Any]]] = {"reference": {"validators": []}}


def SumField(**kwargs: Any) -> MoneyField:
    """Money the engine computes (balances, allocations): no digit limit."""
    return MoneyField(max_digits=None, **kwargs)


class InstallmentSerializer(Serializer):
    number = serializers.IntegerField()
    period_start = serializers.DateField()
    due_date = serializers.DateField()
    days = serializers.IntegerField()
    interest = SumField()
    principal = SumField()
    total = SumField()
    paid = SumField()
    status = serializers.ChoiceField(choices=["paid", "paid_late", "upcoming", "due", "past_due"])
    days_late = serializers.IntegerField()


class BalanceSerializer(Serializer):
    as_of = serializers.DateField()
    principal = SumField()
    interest_accrued = SumField()
    interest_due = SumField()
    principal_due = SumField()
    charges_due = SumField()
    total_due = SumField()
    payoff_amount = SumField()
    held = SumField()
    unapplied = SumField()
    per_diem = SumField()
    days_past_due = serializers.IntegerField()
    next_due_date = serializers.DateField(allow_null=True)
    next_due_amount = SumField(allow_null=True)
    status = serializers.ChoiceField(choices=NoteStatus.choices)  # the note's, as of the date


class PayoffSerializer(Serializer):
    good_through = serializers.DateField()
    principal = SumField()
    interest = SumField()
    charges = SumField()
    held = SumField()
    payoff_amount = SumField()
    per_diem = SumField()


class AllocationSerializer(Serializer):
    charges = SumField()
    interest = SumField()
    principal = SumField()
    unapplied = SumField()
    held = SumField()
    reversed = serializers.BooleanField()


class ReversalSerializer(Serializer):
    reversed_on = serializers.DateField()
    reason = serializers.CharField()
    entered_by = serializers.CharField(source="entered_by.username")
    entered_at = serializers.DateTimeField()


class ConfirmationSerializer(Serializer):
    lender_party = serializers.IntegerField(source="lender_party_id")
    confirmed = serializers.BooleanField()
    comment = serializers.CharField()
    by = serializers.CharField(source="by.username")
    at = serializers.DateTimeField()


class PaymentSerializer(Serializer):
    """A recorded payment with where it went as of the request's as-of date."""

    id = serializers.IntegerField()
    note = serializers.IntegerField(source="note_id")
    received_on = serializers.DateField()
    amount = MoneyField()
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=PaymentKind.choices)
    memo = serializers.CharField()
    entered_by = serializers.CharField(source="entered_by.username")
    entered_at = serializers.DateTimeField()
    reversal = serializers.SerializerMethodField()
    confirmations = serializers.SerializerMethodField()
    allocation = serializers.SerializerMethodField()

    @extend_schema_field(ReversalSerializer(allow_null=True))  # oneOf [Reversal, null]
    def get_reversal(self, payment: Payment) -> dict[str, Any] | None:
        if self.context.get("just_recorded"):
            return None  # stored by this request: nothing can have reversed it yet
        reversal = getattr(payment, "reversal", None)
        return None if reversal is None else ReversalSerializer(reversal).data

    @extend_schema_field(ConfirmationSerializer(many=True))
    def get_confirmations(self, payment: Payment) -> list[Any]:
        if self.context.get("just_recorded"):
            return []  # nor confirmed it
        return list(ConfirmationSerializer(payment.confirmations.all(), many=True).data)

    @extend_schema_field(AllocationSerializer(allow_null=True))
    def get_allocation(self, payment: Payment) -> dict[str, Any] | None:
        allocation = self.context["allocations"].get(str(payment.pk))
        return None if allocation is None else AllocationSerializer(allocation).data


class PaymentCreateSerializer(KnownFieldsOnly, Serializer):
    received_on = serializers.DateField()
    amount = MoneyField()
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = LineField(max_length=100, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=PaymentKind.choices, default=PaymentKind.REGULAR)
    memo = TextField(allow_blank=True, default="")


class ReverseSerializer(KnownFieldsOnly, Serializer):
    reversed_on = serializers.DateField(required=False, help_text="Default: the business date.")
    reason = TextField()


class ConfirmSerializer(KnownFieldsOnly, Serializer):
    confirmed = serializers.BooleanField(help_text="true: receipt confirmed; false: disputed.")
    comment = TextField(allow_blank=True, default="")
    lender_party = IdField(
        required=False, help_text="The lender party answering; default the caller's only one."
    )


class ChargeSerializer(KnownFieldsOnly, Serializer):
    id = serializers.IntegerField(read_only=True)
    note = serializers.IntegerField(source="note_id", read_only=True)
    incurred_on = serializers.DateField()
    amount = MoneyField()
    kind = serializers.ChoiceField(choices=ChargeKind.choices)
    description = TextField(allow_blank=True, default="")
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)
    entered_at = serializers.DateTimeField(read_only=True)


EVENT_KINDS = ["default_notice", *NoteEventKind.values]


class EventSerializer(KnownFieldsOnly, Serializer):
    """A notice of default or a default event; POST body of /api/notes/{id}/events/."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=EVENT_KINDS)
    date = serializers.DateField()
    refers_to = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="bankruptcy_consent/bankruptcy_dismissed: the involuntary case; "
        "judgment_satisfied: the judgment.",
    )
    installments = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        help_text="default_notice: installment numbers; default all past due on the date.",
    )
    delivery_method = serializers.ChoiceField(
        choices=DeliveryMethod.choices,
        required=False,
        allow_null=True,
        default=DeliveryMethod.OTHER,
        help_text="default_notice: how the notice was delivered.",
    )
    affiliate = serializers.BooleanField(required=False, default=False)
    description = TextField(required=False, allow_blank=True, default="")
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)
    entered_at = serializers.DateTimeField(read_only=True)
