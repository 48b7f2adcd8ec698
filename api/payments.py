"""Payments, reversals, confirmations and charges of a note."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import answering_lender
from accounts.permissions import Action
from accounts.selectors import charges_visible_to, payments_visible_to
from api.common import AS_OF, NoteScopedView, as_of_param
from api.filters import PaymentFilter
from api.serializers import (
    ChargeSerializer,
    ConfirmSerializer,
    PaymentCreateSerializer,
    PaymentSerializer,
    ReverseSerializer,
)
from loans.business_date import business_date
from payments.models import Charge, Payment
from payments.models.money import IDEMPOTENCY_KEY_LENGTH
from payments.selectors import note_allocations
from payments.services import charge_record, payment_confirm, payment_record, payment_reverse

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="Retry safely: the same key and body return the first payment (200); "
    "the same key with another body is refused (409).",
)
IDEMPOTENCY_KEY_MAX = IDEMPOTENCY_KEY_LENGTH


class NotePayments(NoteScopedView, GenericAPIView[Payment]):
    note_actions = {"POST": Action.RECORD_PAYMENT}
    error_statuses = {"POST": ["409"]}
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Payment.objects.none()
        return (
            payments_visible_to(self.request.user)
            .filter(note_id=self.kwargs["pk"])
            .select_related("entered_by", "reversal__entered_by")
            .prefetch_related("confirmations__by")
            .order_by("received_on", "pk")
        )

    @extend_schema(parameters=[AS_OF], responses=PaymentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The note's payments received by a date, each with where it went (allocation)."""
        note = self.visible_note(request, pk)
        as_of = as_of_param(request)
        payments = self.filter_queryset(self.get_queryset()).filter(received_on__lte=as_of)
        page = self.paginate_queryset(payments)
        context = {"allocations": note_allocations(note=note, as_of=as_of)}
        return self.get_paginated_response(PaymentSerializer(page, many=True, context=context).data)

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=PaymentCreateSerializer,
        responses={201: PaymentSerializer, 200: PaymentSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a payment received (borrower staff, servicers); 201 with its allocation.
        With an `Idempotency-Key`, a retry with the same body answers 200 with the
        same payment, and the same key with another body 409."""
        note = self.visible_note(request, pk)
        body = PaymentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > IDEMPOTENCY_KEY_MAX:
            raise ValidationError(
                {"Idempotency-Key": [f"At most {IDEMPOTENCY_KEY_MAX} characters."]}
            )
        recorded = payment_record(
            note=note,
            entered_by=self.actor(request),
            idempotency_key=key or None,
            today=business_date(),
            **body.validated_data,
        )
        context = {
            "allocations": {str(recorded.payment.pk): recorded.allocation},
            "just_recorded": recorded.created,
        }
        answer = status.HTTP_201_CREATED if recorded.created else status.HTTP_200_OK
        return Response(PaymentSerializer(recorded.payment, context=context).data, status=answer)


class PaymentAction(NoteScopedView):
    def answer(self, payment: Payment) -> Response:
        payment.refresh_from_db()
        as_of = max(business_date(), payment.received_on)
        context = {"allocations": note_allocations(note=payment.note, as_of=as_of)}
        return Response(PaymentSerializer(payment, context=context).data)


class PaymentReverse(PaymentAction):
    note_actions = {"POST": Action.REVERSE_PAYMENT}
    error_statuses = {"POST": ["409"]}

    @extend_schema(request=ReverseSerializer, responses=PaymentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """Reverse a payment (servicers): it stops counting from the reversal date and
        later payments are re-applied; 409 if it is already reversed."""
        payment = self.visible_payment(request, pk)
        body = ReverseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        today = business_date()
        payment_reverse(
            payment=payment,
            reversed_on=body.validated_data.get("reversed_on", today),
            reason=body.validated_data["reason"],
            entered_by=self.actor(request),
            today=today,
        )
        return self.answer(payment)


class PaymentConfirm(PaymentAction):
    note_actions = {"POST": Action.CONFIRM_PAYMENT}

    @extend_schema(request=ConfirmSerializer, responses=PaymentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """A lender confirms (or disputes) that a payment reached them."""
        payment = self.visible_payment(request, pk)
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        payment_confirm(
            payment=payment,
            lender_party=answering_lender(
                user=request.user,
                payment=payment,
                party_id=body.validated_data.get("lender_party"),
            ),
            confirmed=body.validated_data["confirmed"],
            comment=body.validated_data["comment"],
            by=self.actor(request),
            today=business_date(),
        )
        return self.answer(payment)


class NoteCharges(NoteScopedView, GenericAPIView[Any]):
    note_actions = {"POST": Action.RECORD_CHARGE}
    serializer_class = ChargeSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Charge.objects.none()
        return (
            charges_visible_to(self.request.user)
            .filter(note_id=self.kwargs["pk"])
            .select_related("entered_by")
            .order_by("incurred_on", "pk")
        )

    @extend_schema(responses=ChargeSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The note's charges (collection costs, attorneys' fees, other)."""
        self.visible_note(request, pk)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ChargeSerializer(page, many=True).data)

    @extend_schema(responses={201: ChargeSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Record a charge the borrower owes (servicers)."""
        note = self.visible_note(request, pk)
        body = ChargeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        charge = charge_record(
            note=note, entered_by=self.actor(request), today=business_date(), **body.validated_data
        )
        return Response(ChargeSerializer(charge).data, status=status.HTTP_201_CREATED)
