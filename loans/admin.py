"""The servicer's admin for parties, notes (with lenders and collateral inline),
collateral and memberships. Changes are kept as history (django-simple-history).

The note form runs the same term checks as `note_board`, and the lender inline
the same share checks, so a note edited here obeys the rules of one boarded
through the service; the database constraints stand behind both.

Nothing changes in place (DESIGN 2): once anything is recorded against a note
its terms and lender shares are read-only here (shares then move only by a
share transfer, payments.share_transfers); the instrument and its SHA-256 are
read-only from the moment the note is boarded.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from loans.append_only import note_has_events
from loans.instrument import instrument_digest
from loans.models import CollateralReference, Membership, Note, NoteLender, Party
from loans.services.boarding import (
    COLLATERAL_FIELDS,
    TERM_FIELDS,
    UCC1_LIFETIME,
    collateral_errors,
    lender_errors,
    note_terms_errors,
)


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "city", "state", "email", "phone", "masked_tax_id")
    list_filter = ("kind", "state")
    search_fields = ("name", "city", "email", "phone")
    fieldsets = (
        (None, {"fields": ("name", "kind")}),
        ("Address", {"fields": ("address_line1", "address_line2", "city", "state", "postal_code")}),
        ("Contact", {"fields": ("email", "phone")}),
        ("Tax", {"fields": ("tax_id",)}),
    )

    @admin.display(description="tax id")
    def masked_tax_id(self, party: Party) -> str:
        return party.tax_id_masked


class LenderFormSet(forms.BaseInlineFormSet):
    """Shares above 0, at most 100, adding up to 100; no lender twice; not the borrower."""

    def clean(self) -> None:
        super().clean()
        kept = [form.cleaned_data for form in self.forms if self._kept(form)]
        lenders = [(data["party"], data["share"]) for data in kept]
        borrower = self.instance.borrower if self.instance.borrower_id else None
        problems = lender_errors(lenders=lenders, borrower=borrower)
        if problems:
            raise ValidationError(problems["lenders"])

    @staticmethod
    def _kept(form: forms.BaseForm) -> bool:
        data = getattr(form, "cleaned_data", None)
        if not data:
            return False
        return not data.get("DELETE") and data.get("party") is not None


class NoteLenderInline(admin.TabularInline):
    """The lender shares as boarded: editable until anything is recorded against the
    note, then shown read-only (no change, add or delete)."""

    model = NoteLender
    formset = LenderFormSet
    extra = 0
    min_num = 1
    autocomplete_fields = ("party",)

    def get_formset(self, request: HttpRequest, obj: Note | None = None, **kwargs: Any) -> Any:
        if _is_fixed(obj):
            kwargs["formset"] = forms.BaseInlineFormSet  # nothing editable to check
        return super().get_formset(request, obj, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Note | None = None) -> Any:
        return ("party", "share") if _is_fixed(obj) else ()

    def has_add_permission(self, request: HttpRequest, obj: Note | None = None) -> bool:
        return not _is_fixed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Note | None = None) -> bool:
        return not _is_fixed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Note | None = None) -> bool:
        return not _is_fixed(obj) and super().has_delete_permission(request, obj)


def _is_fixed(note: Note | None) -> bool:
    """A note with anything recorded against it keeps its terms and shares."""
    return note is not None and note.pk is not None and note_has_events(note)


class CollateralForm(forms.ModelForm):
    class Meta:
        model = CollateralReference
        fields = ("note", *COLLATERAL_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        item = {key: data.get(key) for key in ("kind", "title", "filing_date", "lapse_date")}
        problems = collateral_errors(collateral=[item])
        if problems:
            raise ValidationError([m.replace("Collateral 1: ", "") for m in problems["collateral"]])
        if data.get("kind") == "ucc1_filing" and data.get("filing_date"):
            data["lapse_date"] = data.get("lapse_date") or data["filing_date"] + UCC1_LIFETIME
            self.instance.lapse_date = data["lapse_date"]
        return data


class CollateralInline(admin.StackedInline):
    model = CollateralReference
    form = CollateralForm
    extra = 0
    fields = (
        ("kind", "title", "date"),
        "parties",
        ("filing_office", "filing_number", "filing_date", "lapse_date"),
        "notes",
    )


class NoteForm(forms.ModelForm):
    # As given: no stripping of leading or trailing whitespace (DESIGN 2, byte for byte).
    instrument_text = forms.CharField(widget=forms.Textarea, required=False, strip=False)

    class Meta:
        model = Note
        fields = (
            "reference",
            "borrower",
            *TERM_FIELDS,
            "governing_law",
            "prepayment_terms",
            "instrument_file",
            "instrument_text",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(field not in data for field in TERM_FIELDS):
            return data  # a field is already invalid on its own
        terms = {field: data[field] for field in TERM_FIELDS}
        for field, messages in note_terms_errors(terms=terms).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(Note)
class NoteAdmin(SimpleHistoryAdmin):
    form = NoteForm
    inlines = (NoteLenderInline, CollateralInline)
    list_display = (
        "reference",
        "borrower",
        "lender_names",
        "principal",
        "annual_rate",
        "repayment",
        "maturity_date",
        "status",
    )
    list_filter = ("status", "repayment", "day_count", "acceleration", "payment_frequency_months")
    search_fields = ("reference", "borrower__name", "lenders__name")
    date_hierarchy = "maturity_date"
    autocomplete_fields = ("borrower",)
    readonly_fields = ("status", "created_at", "instrument_sha256")
    list_select_related = ("borrower",)
    fieldsets = (
        (None, {"fields": ("reference", "borrower", "status", "created_at")}),
        ("Money", {"fields": ("principal", "annual_rate", "day_count")}),
        (
            "Dates",
            {"fields": ("dated", "accrual_start", "first_payment_date", "maturity_date")},
        ),
        (
            "Repayment",
            {
                "fields": (
                    "repayment",
                    "payment_frequency_months",
                    "interest_only_periods",
                    "amortization_periods",
                    "installment_amount",
                    "prepayment_terms",
                )
            },
        ),
        (
            "Default",
            {"fields": ("notice_required", "cure_days", "grace_days", "acceleration")},
        ),
        (
            "Instrument",
            {
                "fields": (
                    "governing_law",
                    "instrument_file",
                    "instrument_text",
                    "instrument_sha256",
                ),
                "description": "Kept byte for byte. Text typed or pasted in a browser is sent "
                "with CRLF line endings; upload the file to keep it exactly as written.",
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Note]:
        return super().get_queryset(request).prefetch_related("lender_shares__party")

    def get_readonly_fields(self, request: HttpRequest, obj: Note | None = None) -> Any:
        # Once payments or events are recorded, the terms they were applied under stay.
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None:
            readonly = (*readonly, "instrument_file", "instrument_text")
        if _is_fixed(obj):
            readonly = (*readonly, *TERM_FIELDS)
        return readonly

    def save_model(
        self, request: HttpRequest, obj: Note, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:  # boarded here: the digest of the instrument as uploaded or typed
            uploaded = form.cleaned_data.get("instrument_file") or None
            obj.instrument_sha256 = instrument_digest(file=uploaded, text=obj.instrument_text)
        super().save_model(request, obj, form, change)

    @admin.display(description="lenders")
    def lender_names(self, note: Note) -> str:
        return ", ".join(str(share) for share in note.lender_shares.all())


@admin.register(CollateralReference)
class CollateralReferenceAdmin(SimpleHistoryAdmin):
    form = CollateralForm
    list_display = ("title", "note", "kind", "date", "filing_number", "lapse_date")
    list_filter = ("kind",)
    search_fields = ("title", "note__reference", "filing_number", "parties")
    autocomplete_fields = ("note",)
    list_select_related = ("note",)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "party", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email", "party__name")
    autocomplete_fields = ("user", "party")
    list_select_related = ("user", "party")
