"""The statements pages: every statement and export of DESIGN 4 with its date pickers.

The pages only choose dates: each form is a GET to the API endpoint that renders the
statement (`/api/notes/<id>/statements/<kind>/`, `/api/exports/journal/`, `.../accrual/`,
`.../portfolio/`), one button per format, so the figures on screen and in every download
come from one place.
"""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import Action, user_may
from accounts.selectors import notes_visible_to
from loans.business_date import business_date
from payments.selectors import note_balance
from web.views.access import note_for

FORMATS = (("html", "View on screen"), ("pdf", "PDF"), ("csv", "CSV"), ("xlsx", "Excel (XLSX)"))
JOURNAL_FORMATS = (*FORMATS, ("ledger", "Ledger file (hledger)"))


def _statement_years(start: date, today: date) -> list[date]:
    """The last day of each calendar year the note has run in, newest first."""
    return [date(year, 12, 31) for year in range(today.year, start.year - 1, -1)]


@require_GET
@login_required
def note_statements(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_for(request, pk, Action.READ)
    today = business_date()
    balance = note_balance(note=note, as_of=today)
    context = {
        "note": note,
        "today": today,
        "next_due": balance.next_due_date or today,
        "year_start": date(today.year, 1, 1),
        "years": _statement_years(note.accrual_start, today),
        "last_year_end": date(today.year - 1, 12, 31),
        "formats": FORMATS,
    }
    return render(request, "web/actions/note_statements.html", context)


@require_GET
@login_required
def statements(request: HttpRequest) -> HttpResponse:
    today = business_date()
    notes = notes_visible_to(request.user).select_related("borrower").order_by("reference")
    context = {
        "notes": notes,
        "may_export": user_may(request.user, Action.EXPORT),
        "year_start": date(today.year, 1, 1),
        "today": today,
        "formats": FORMATS,
        "journal_formats": JOURNAL_FORMATS,
    }
    return render(request, "web/actions/statements.html", context)
