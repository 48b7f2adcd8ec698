"""The reading pages: each role's home, the note page, the watchlist.

Every view fetches through a selector that applies the user's memberships (a
note the user may not see is 404), and renders. Nothing here decides a figure
or a status; the engine does, through web/selectors.py.
"""

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.access import note_and_actions
from accounts.permissions import Action, actions_anywhere, is_servicer
from accounts.selectors import memberships_of
from loans.business_date import business_date
from loans.dates import date_range_error
from web.selectors import (
    balance_box,
    instrument_bytes,
    note_for_page,
    note_page,
    note_summaries,
    portfolio_totals,
    watch_rows,
)

HOME_WATCH_ROWS = 8
"""How many watchlist dates the servicer's home page shows (the rest: /watchlist/)."""


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = business_date()
    anywhere = actions_anywhere(request.user)
    summaries = note_summaries(user=request.user, as_of=today, anywhere=anywhere)
    servicer = is_servicer(request.user)
    context = {
        "summaries": summaries,
        "memberships": memberships_of(request.user),
        "is_servicer": servicer,
        "may_export": Action.EXPORT in anywhere,
        "may_board": Action.BOARD_NOTE in anywhere,
        "totals": portfolio_totals(summaries) if servicer else None,
        "watch": watch_rows(user=request.user, today=today)[:HOME_WATCH_ROWS] if servicer else [],
    }
    return render(request, "web/home.html", context)


@require_GET
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note, allowed = note_for_page(user=request.user, pk=pk)
    as_of, error = _as_of(request)
    all_payments = request.GET.get("payments") == "all"
    page = note_page(
        user=request.user, note=note, as_of=as_of, all_payments=all_payments, allowed=allowed
    )
    context = {"page": page, "note": note, "as_of_error": error, "as_of_value": _raw_as_of(request)}
    return render(request, "web/note.html", context, status=400 if error else 200)


@require_GET
def note_balance(request: HttpRequest, pk: int) -> HttpResponse:
    """The balance box alone, as of the date picked (the note page swaps it in with htmx)."""
    note, _ = note_and_actions(user=request.user, pk=pk)  # seen as the page is seen
    as_of, error = _as_of(request)
    box = balance_box(note=note, as_of=as_of)
    context = {"page": box, "note": note, "as_of_error": error, "as_of_value": _raw_as_of(request)}
    return render(request, "web/_balance.html", context, status=400 if error else 200)


@require_GET
def note_instrument(request: HttpRequest, pk: int) -> HttpResponse:
    """The original instrument, byte for byte (its SHA-256 is on the note page)."""
    note, _ = note_and_actions(user=request.user, pk=pk)  # seen as the page is seen
    content = instrument_bytes(note)
    if content is None:
        raise Http404("No instrument is kept for this note.")
    return HttpResponse(content, content_type="text/plain; charset=utf-8")


@require_GET
def watchlist_page(request: HttpRequest) -> HttpResponse:
    rows = watch_rows(user=request.user, today=business_date())
    return render(request, "web/watchlist.html", {"rows": rows})


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico before any page names its icon."""
    response = HttpResponse(status=301)
    response["Location"] = static("web/favicon.svg")
    return response


def _raw_as_of(request: HttpRequest) -> str:
    return request.GET.get("as_of", "")


def _as_of(request: HttpRequest) -> tuple[date, str | None]:
    """The date the page is as of: ?as_of=YYYY-MM-DD, else the business date.
    A date that cannot be read falls back to the business date, with the reason."""
    raw = _raw_as_of(request).strip()
    if not raw:
        return business_date(), None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return (
            business_date(),
            f"“{raw[:40]}” is not a date. Enter it as year-month-day, e.g. 2007-03-15.",
        )
    out_of_range = date_range_error(day)
    if out_of_range is not None:
        return business_date(), f"{out_of_range} Showing {business_date().isoformat()} instead."
    return day, None
