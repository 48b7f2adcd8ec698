"""Statements, the journal export and the watchlist (DESIGN 4 and 6), as JSON or CSV."""

import csv
import io
from datetime import date
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import Action
from accounts.selectors import notes_user_may, notes_visible_to
from api.common import NoteScopedView, date_param
from api.permissions import NoteActionPermission, requires
from api.serializers import PayoffSerializer
from api.statement_serializers import (
    ActivityStatementSerializer,
    BillingStatementSerializer,
    JournalSerializer,
    WatchlistSerializer,
    YearEndStatementSerializer,
)
from loans.business_date import business_date
from loans.models import Note
from payments.selectors import note_balance
from payments.watchlist import watchlist
from statements.selectors import (
    activity_statement,
    billing_statement,
    journal_entries,
    payoff_quote,
    year_end_statement,
)

FORMATS = ("json", "csv")
STATEMENT = PolymorphicProxySerializer(
    component_name="Statement",
    serializers=[
        BillingStatementSerializer,
        ActivityStatementSerializer,
        YearEndStatementSerializer,
        PayoffSerializer,
    ],
    resource_type_field_name=None,
)
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
    """The statement of `kind`, serialized."""
    today = business_date()
    if kind == "billing":
        default_due = note_balance(note=note, as_of=today).next_due_date or today
        due = date_param(request, "to", default=default_due)
        bill = billing_statement(note=note, due_date=due, as_of=today)
        return BillingStatementSerializer(bill).data
    if kind == "activity":
        start, end = period_params(request, default_start=note.accrual_start, default_end=today)
        return ActivityStatementSerializer(activity_statement(note=note, start=start, end=end)).data
    if kind == "year-end":
        year = date_param(request, "to", default=date(today.year - 1, 12, 31)).year
        return YearEndStatementSerializer(
            year_end_statement(note=note, year=year, as_of=today)
        ).data
    good_through = date_param(request, "to", default=today)
    return PayoffSerializer(payoff_quote(note=note, good_through=good_through)).data


def period_params(request: Request, *, default_start: date, default_end: date) -> tuple[date, date]:
    start = date_param(request, "from", default=default_start)
    end = date_param(request, "to", default=default_end)
    if end < start:
        raise ValidationError({"to": ["The period ends before it starts."]})
    return start, end


class NoteStatement(NoteScopedView):
    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=STATEMENT_KINDS),
            *PERIOD,
        ],
        responses={
            (200, "application/json"): STATEMENT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request, pk: int, kind: str) -> Any:
        note = self.visible_note(request, pk)
        if kind not in STATEMENT_KINDS:
            raise NotFound(f"No statement '{kind}': choose {', '.join(STATEMENT_KINDS)}.")
        return rendered(request, statement_data(request, note, kind), f"{note.reference}-{kind}")


class JournalExport(APIView):
    permission_classes = [requires(Action.EXPORT)]

    @extend_schema(
        parameters=[
            *PERIOD,
            OpenApiParameter("book", OpenApiTypes.STR, enum=["lender", "borrower"], required=True),
        ],
        responses={
            (200, "application/json"): JournalSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request) -> Any:
        book = request.query_params.get("book", "")
        if book not in ("lender", "borrower"):
            raise ValidationError({"book": ["Choose lender or borrower."]})
        today = business_date()
        start, end = period_params(request, default_start=date(today.year, 1, 1), default_end=today)
        notes = notes_user_may(request.user, Action.EXPORT).order_by("reference")
        entries = journal_entries(notes=notes, start=start, end=end, book=book)
        journal = {"book": book, "start": start, "end": end, "entries": entries}
        return rendered(request, JournalSerializer(journal).data, f"journal-{book}")


class Watchlist(APIView):
    permission_classes = [NoteActionPermission]

    @extend_schema(responses=WatchlistSerializer)
    def get(self, request: Request) -> Response:
        today = business_date()
        items = watchlist(notes=notes_visible_to(request.user), today=today)
        return Response(WatchlistSerializer({"as_of": today, "results": items}).data)
