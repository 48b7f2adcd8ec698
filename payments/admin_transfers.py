"""Share transfers in the admin: listed with their author, never added or changed
here (they are recorded through payments.share_transfers, which checks them)."""

from django.contrib import admin

from payments.admin import EventLogAdmin
from payments.models import ShareTransfer


@admin.register(ShareTransfer)
class ShareTransferAdmin(EventLogAdmin):
    list_display = [
        "note", "effective_on", "from_party", "to_party", "share", "entered_by", "entered_at",
    ]  # fmt: skip
    list_filter = ["note", "effective_on"]
    search_fields = ["note__reference", "from_party__name", "to_party__name", "description"]
    list_select_related = ["note", "from_party", "to_party", "entered_by"]
