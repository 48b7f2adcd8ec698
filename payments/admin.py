"""Admin for the event log: read-only (append-only, DESIGN 2), with who entered what and when.

Servicers see every payment, reversal, charge, confirmation, notice of default and default
event with its author and time: the audit trail. Corrections go through the services (a
reversal), never through the admin.
"""

from django.contrib import admin
from django.http import HttpRequest

from payments.models import (
    Charge,
    DefaultNotice,
    NoteEvent,
    Payment,
    PaymentConfirmation,
    PaymentReversal,
)


class ViewOnly:
    """No add and no change, whoever the user (admins and inlines alike)."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class EventLogAdmin(ViewOnly, admin.ModelAdmin):
    """View-only: no add, change or delete, whoever the user."""

    date_hierarchy = "entered_at"

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReversalInline(ViewOnly, admin.StackedInline):
    model = PaymentReversal
    readonly_fields = ("reversed_on", "reason", "entered_by", "entered_at")
    fields = readonly_fields
    extra = 0
    can_delete = False


class ConfirmationInline(ViewOnly, admin.TabularInline):
    model = PaymentConfirmation
    readonly_fields = ("lender_party", "confirmed", "comment", "by", "at")
    fields = readonly_fields
    extra = 0
    can_delete = False


@admin.register(Payment)
class PaymentAdmin(EventLogAdmin):
    list_display = [
        "note", "received_on", "amount", "method", "kind", "reference", "is_reversed",
        "entered_by", "entered_at",
    ]  # fmt: skip
    list_filter = ["method", "kind", "note", "received_on"]
    search_fields = ["note__reference", "reference", "memo", "idempotency_key"]
    list_select_related = ["note", "entered_by", "reversal"]
    inlines = [ReversalInline, ConfirmationInline]

    @admin.display(boolean=True, description="reversed")
    def is_reversed(self, payment: Payment) -> bool:
        return payment.is_reversed


@admin.register(PaymentReversal)
class PaymentReversalAdmin(EventLogAdmin):
    list_display = ["payment", "reversed_on", "reason", "entered_by", "entered_at"]
    list_filter = ["reversed_on"]
    search_fields = ["payment__note__reference", "reason"]
    list_select_related = ["payment__note", "entered_by"]


@admin.register(Charge)
class ChargeAdmin(EventLogAdmin):
    list_display = ["note", "incurred_on", "amount", "kind", "entered_by", "entered_at"]
    list_filter = ["kind", "note"]
    search_fields = ["note__reference", "description"]
    list_select_related = ["note", "entered_by"]


@admin.register(PaymentConfirmation)
class PaymentConfirmationAdmin(EventLogAdmin):
    date_hierarchy = "at"
    list_display = ["payment", "lender_party", "confirmed", "comment", "by", "at"]
    list_filter = ["confirmed", "lender_party"]
    search_fields = ["payment__note__reference", "comment"]
    list_select_related = ["payment__note", "lender_party", "by"]


class FollowUpInline(ViewOnly, admin.TabularInline):
    model = NoteEvent
    fk_name = "refers_to"
    readonly_fields = ("kind", "date", "description", "entered_by", "entered_at")
    fields = readonly_fields
    extra = 0
    can_delete = False
    verbose_name = "follow-up"


@admin.register(DefaultNotice)
class DefaultNoticeAdmin(EventLogAdmin):
    list_display = [
        "note",
        "sent_on",
        "installments",
        "delivery_method",
        "entered_by",
        "entered_at",
    ]
    list_filter = ["delivery_method", "note"]
    search_fields = ["note__reference"]
    list_select_related = ["note", "entered_by"]


@admin.register(NoteEvent)
class NoteEventAdmin(EventLogAdmin):
    list_display = ["note", "kind", "date", "refers_to", "affiliate", "entered_by", "entered_at"]
    list_filter = ["kind", "note"]
    search_fields = ["note__reference", "description"]
    list_select_related = ["note", "refers_to", "entered_by"]
    inlines = [FollowUpInline]


# Share transfers, view-only like the rest of the log (their own file).
import payments.admin_transfers  # noqa: E402, F401
