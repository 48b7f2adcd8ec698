"""Statements, the journal export and the watchlist (DESIGN 4 and 6), as JSON or CSV."""

import csv
import dataclasses
import io
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import Action, NoteActionPermission, requires, user_may
from accounts.selectors import notes_visible_to
from api.common import NoteScopedView, date_param
from loans.business_date import business_date
from loans.models import Note
from loans.selectors import note_balance
from loans.watchlist import watchlist
from statements.selectors import (
    activity_statement,
    billing_statement,
    journal_entries,
    payoff_quote,
    year_end_statement,
)

FORMATS = ("json", "csv")
STATEMENT_KINDS = ("billing", "activity", "year-end", "payoff")
PERIOD = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (activity, journal)."),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        description="Last day; billing: the due date billed (default the next due date); "
        "year-end: a day of the year (default the last year ended); payoff: good-through date.",
    ),
    OpenApiParameter(
        "format", OpenApiTypes.STR, enum=FORMATS, description="json (default) or csv."
    ),
]


def plain(value: Any) -> Any:
    """Values as JSON: money as two-decimal strings, dates ISO."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def flattened(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [row for k, v in data.items() for row in flattened(v, f"{prefix}{k}.")]
    if isinstance(data, list):
        return [row for i, v in enumerate(data) for row in flattened(v, f"{prefix}{i}.")]
    return [(prefix.rstrip("."), data)]


def rendered(request: Request, data: Any, name: str) -> Any:
    chosen = request.query_params.get("format", "json")
    if chosen not in FORMATS:
        raise ValidationError({"format": [f"Choose one of {', '.join(FORMATS)}."]})
    if chosen == "json":
        return Response(data)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["field", "value"])
    writer.writerows(flattened(data))
    response = HttpResponse(out.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def statement_data(request: Request, note: Note, kind: str) -> Any:
    today = business_date()
    if kind == "billing":
        default_due = note_balance(note=note, as_of=today).next_due_date or today
        due = date_param(request, "to", default=default_due)
        return billing_statement(note=note, due_date=due, as_of=today)
    if kind == "activity":
        start = date_param(request, "from", default=note.accrual_start)
        end = date_param(request, "to", default=today)
        if end < start:
            raise ValidationError({"to": ["The period ends before it starts."]})
        return activity_statement(note=note, start=start, end=end)
    if kind == "year-end":
        year = date_param(request, "to", default=date(today.year - 1, 12, 31)).year
        return year_end_statement(note=note, year=year, as_of=today)
    return payoff_quote(note=note, good_through=date_param(request, "to", default=today))


class NoteStatement(NoteScopedView):
    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=STATEMENT_KINDS),
            *PERIOD,
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request, pk: int, kind: str) -> Any:
        note = self.visible_note(request, pk)
        if kind not in STATEMENT_KINDS:
            raise NotFound(f"No statement '{kind}': choose {', '.join(STATEMENT_KINDS)}.")
        data = plain(statement_data(request, note, kind))
        return rendered(request, data, f"{note.reference}-{kind}")


class JournalExport(APIView):
    permission_classes = [requires(Action.EXPORT)]

    @extend_schema(
        parameters=[
            *PERIOD,
            OpenApiParameter("book", OpenApiTypes.STR, enum=["lender", "borrower"], required=True),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request) -> Any:
        book = request.query_params.get("book", "")
        if book not in ("lender", "borrower"):
            raise ValidationError({"book": ["Choose lender or borrower."]})
        today = business_date()
        start = date_param(request, "from", default=date(today.year, 1, 1))
        end = date_param(request, "to", default=today)
        if end < start:
            raise ValidationError({"to": ["The period ends before it starts."]})
        notes = [
            n for n in notes_visible_to(request.user) if user_may(request.user, Action.EXPORT, n)
        ]
        entries = journal_entries(notes=notes, start=start, end=end, book=book)
        return rendered(
            request,
            {"book": book, "from": start, "to": end, "entries": plain(entries)},
            f"journal-{book}",
        )


class Watchlist(APIView):
    permission_classes = [NoteActionPermission]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        today = business_date()
        items = watchlist(notes=notes_visible_to(request.user), today=today)
        return Response({"as_of": today.isoformat(), "results": plain(items)})
