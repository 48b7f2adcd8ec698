"""Payments, their reversals, charges and lender confirmations: the note's money events.

Append-only (see loans/append_only.py): a mistake is corrected by a reversal, never by
editing a row. Every row records who entered it and when (the audit trail).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from loans.append_only import AppendOnlyModel
from loans.models import Note, Party


class PaymentMethod(models.TextChoices):
    CHECK = "check", "Check"
    WIRE = "wire", "Wire"
    ACH = "ach", "ACH"
    CASH = "cash", "Cash"
    OTHER = "other", "Other"


class PaymentKind(models.TextChoices):
    REGULAR = "regular", "Regular (applied in the note's order)"
    PREPAYMENT = "prepayment", "Prepayment (principal first)"


class ChargeKind(models.TextChoices):
    COLLECTION_COST = "collection_cost", "Cost of collection"
    ATTORNEYS_FEES = "attorneys_fees", "Attorneys' fees"
    OTHER = "other", "Other"


IDEMPOTENCY_KEY_LENGTH = 255
"""The longest Idempotency-Key a client may send."""


def _money() -> "models.DecimalField[Decimal, Decimal]":
    return models.DecimalField(max_digits=14, decimal_places=2)


class Payment(AppendOnlyModel):
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="payments")
    received_on = models.DateField(help_text="Effective date: the day the money was received.")
    amount = _money()
    method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    reference = models.CharField(max_length=100, blank=True, help_text="Check or wire number.")
    kind = models.CharField(max_length=12, choices=PaymentKind.choices, default="regular")
    memo = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments_entered"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)
    idempotency_key = models.CharField(
        max_length=IDEMPOTENCY_KEY_LENGTH,
        blank=True,
        help_text="Client's Idempotency-Key; empty when none.",
    )
    request_fingerprint = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the request body, to compare retries."
    )

    class Meta:
        ordering = ["received_on", "pk"]
        indexes = [
            # A note's payments in their order: its log for the replay, and the latest
            # ones for its page (read backwards, without sorting the note's history).
            models.Index(fields=["note", "received_on", "id"], name="payment_note_received"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(
                fields=["note", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="payment_idempotency_key_unique_per_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.note} {self.received_on} {self.amount}"

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversal")


class PaymentReversal(AppendOnlyModel):
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="reversal")
    reversed_on = models.DateField()
    reason = models.TextField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reversals_entered"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["reversed_on", "pk"]

    def __str__(self) -> str:
        return f"Reversal of {self.payment} on {self.reversed_on}"


class Charge(AppendOnlyModel):
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="charges")
    incurred_on = models.DateField(help_text="Due on this date, past due from the next day.")
    amount = _money()
    kind = models.CharField(max_length=16, choices=ChargeKind.choices)
    description = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="charges_entered"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["incurred_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="charge_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} on {self.incurred_on}"


class PaymentConfirmation(AppendOnlyModel):
    """A lender confirms or disputes receipt; the latest one per lender stands."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="confirmations")
    lender_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="payment_confirmations"
    )
    confirmed = models.BooleanField(help_text="True: receipt confirmed; False: disputed.")
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="confirmations_entered"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        verdict = "confirmed" if self.confirmed else "disputed"
        return f"{self.lender_party} {verdict} {self.payment}"
