"""Statements, the journal, the accrual report, the portfolio and the watchlist
(DESIGN 4 and 6), as JSON or as files: `?format=` or the Accept header chooses."""

from datetime import date
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import Action
from accounts.selectors import notes_user_may, notes_visible_to
from api.common import NoteScopedView, date_param
from api.permissions import NoteActionPermission, requires
from api.statement_serializers import (
    ActivityStatementSerializer,
    BillingStatementSerializer,
    JournalSerializer,
    NotesReportSerializer,
    PayoffLetterSerializer,
    WatchlistSerializer,
    YearEndStatementSerializer,
)
from loans.business_date import business_date
from loans.models import Note
from payments.selectors import note_balance
from payments.watchlist import watchlist
from statements.journal import BOOKS, journal
from statements.periods import checked_day, checked_period
from statements.render import CONTENT_TYPES, csv_lines, render
from statements.selectors import (
    activity_statement,
    billing_statement,
    note_figures,
    notes_report,
    payoff_letter,
    year_end_statement,
)
from statements.tables import NOTES_COLUMNS, note_row

STATEMENT_FORMATS = ("json", "html", "pdf", "csv", "xlsx")
JOURNAL_FORMATS = (*STATEMENT_FORMATS, "ledger")
ACCEPTED = {
    "application/json": "json",
    "text/html": "html",
    "application/pdf": "pdf",
    "text/csv": "csv",
    CONTENT_TYPES["xlsx"]: "xlsx",
    "text/plain": "ledger",
}
STATEMENT = PolymorphicProxySerializer(
    component_name="Statement",
    serializers=[
        BillingStatementSerializer,
        ActivityStatementSerializer,
        YearEndStatementSerializer,
        PayoffLetterSerializer,
    ],
    resource_type_field_name=None,
)
STATEMENT_KINDS = ("billing", "activity", "year-end", "payoff")
FILES = {(200, CONTENT_TYPES[f].split(";")[0]): OpenApiTypes.BINARY for f in ("pdf", "xlsx")}
TEXTS = {(200, CONTENT_TYPES[f].split(";")[0]): OpenApiTypes.STR for f in ("html", "csv")}


def format_parameter(formats: tuple[str, ...]) -> OpenApiParameter:
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=formats,
        description="File format (default json); the Accept header works the same way.",
    )


PERIOD = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day, inclusive (activity)."),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        description="Last day, inclusive; billing: the due date billed (default the next "
        "due date); year-end: a day of the year (default the last year ended); payoff: "
        "good-through date. A period covers at most 10 years.",
    ),
]


class FileNegotiation(DefaultContentNegotiation):
    """Let a request that accepts one of our file types reach the view (which answers
    the file); errors are then JSON."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            if _accepted_formats(request):
                return JSONRenderer(), JSONRenderer.media_type
            raise


def _accepted_formats(request: Any) -> list[str]:
    """Our formats named by the Accept header, in its order (q=0 excluded)."""
    chosen = []
    for item in request.META.get("HTTP_ACCEPT", "").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        if "q=0" in params or "q=0.0" in params:
            continue
        if media in ACCEPTED:
            chosen.append(ACCEPTED[media])
    return chosen


def _json_acceptable(request: Any) -> bool:
    header = request.META.get("HTTP_ACCEPT", "")
    media = {item.split(";")[0].strip() for item in header.split(",")}
    return not header.strip() or bool(media & {"application/json", "application/*", "*/*"})


def chosen_format(request: Request, formats: tuple[str, ...]) -> str:
    """`?format=` if given (400 when unknown), else the first acceptable Accept type,
    else JSON."""
    asked = request.query_params.get("format")
    if asked is not None:
        if asked not in formats:
            raise ValidationError({"format": [f"Choose one of {', '.join(formats)}."]})
        return asked
    named = _accepted_formats(request)
    accepted = [f for f in named if f in formats]
    if named and not accepted and not _json_acceptable(request):
        raise NotAcceptable(f"Ask for one of {', '.join(formats)}.")
    return accepted[0] if accepted else "json"


def answered(request: Request, statement: Any, serializer: Any, formats: tuple[str, ...]) -> Any:
    """The statement as JSON or as a named file."""
    fmt = chosen_format(request, formats)
    if fmt == "json":
        return Response(serializer(statement).data)
    rendered = render(statement, fmt)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendered.filename}"'
    return response


def day_param(request: Request, name: str, default: date) -> date:
    return checked_day(date_param(request, name, default=default), name)


def period_params(request: Request, *, default_start: date, default_end: date) -> tuple[date, date]:
    start = date_param(request, "from", default=default_start)
    end = date_param(request, "to", default=default_end)
    return checked_period(start, end)


class NoteStatement(NoteScopedView):
    content_negotiation_class = FileNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=STATEMENT_KINDS),
            *PERIOD,
            format_parameter(STATEMENT_FORMATS),
        ],
        responses={(200, "application/json"): STATEMENT, **TEXTS, **FILES},
    )
    def get(self, request: Request, pk: int, kind: str) -> Any:
        note = self.visible_note(request, pk)
        if kind not in STATEMENT_KINDS:
            raise NotFound(f"No statement '{kind}': choose {', '.join(STATEMENT_KINDS)}.")
        statement, serializer = self.statement(request, note, kind)
        return answered(request, statement, serializer, STATEMENT_FORMATS)

    def statement(self, request: Request, note: Note, kind: str) -> tuple[Any, Any]:
        today = business_date()
        if kind == "billing":
            next_due = note_balance(note=note, as_of=today).next_due_date or today
            due = day_param(request, "to", default=next_due)
            return billing_statement(note=note, due_date=due), BillingStatementSerializer
        if kind == "activity":
            start, end = period_params(request, default_start=note.accrual_start, default_end=today)
            return activity_statement(note=note, start=start, end=end), ActivityStatementSerializer
        if kind == "year-end":
            year = day_param(request, "to", default=date(today.year - 1, 12, 31)).year
            return year_end_statement(note=note, year=year), YearEndStatementSerializer
        good_through = day_param(request, "to", default=today)
        return payoff_letter(note=note, good_through=good_through), PayoffLetterSerializer


class JournalExport(APIView):
    permission_classes = [requires(Action.EXPORT)]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        parameters=[
            *PERIOD,
            OpenApiParameter("book", OpenApiTypes.STR, enum=list(BOOKS), required=True),
            format_parameter(JOURNAL_FORMATS),
        ],
        responses={
            (200, "application/json"): JournalSerializer,
            (200, "text/plain"): OpenApiTypes.STR,
            **TEXTS,
            **FILES,
        },
    )
    def get(self, request: Request) -> Any:
        book = request.query_params.get("book", "")
        if book not in BOOKS:
            raise ValidationError({"book": ["Choose lender or borrower."]})
        today = business_date()
        start, end = period_params(request, default_start=date(today.year, 1, 1), default_end=today)
        notes = notes_user_may(request.user, Action.EXPORT).select_related("borrower")
        entries = journal(notes=notes.order_by("reference"), start=start, end=end, book=book)
        return answered(request, entries, JournalSerializer, JOURNAL_FORMATS)


AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Figures at the end of this day (default today)."
)
REPORT_RESPONSES = {(200, "application/json"): NotesReportSerializer, **TEXTS, **FILES}


def notes_answer(request: Request, notes: Any, kind: str) -> Any:
    """The accrual report or the portfolio; as CSV it is streamed, one note at a time,
    so a long portfolio never waits for its last note before the first byte."""
    as_of = day_param(request, "as_of", default=business_date())
    notes = notes.select_related("borrower").order_by("reference")
    if chosen_format(request, STATEMENT_FORMATS) != "csv":
        report = notes_report(notes=notes, as_of=as_of, kind=kind)
        return answered(request, report, NotesReportSerializer, STATEMENT_FORMATS)
    rows = (note_row(as_of, note_figures(note=n, as_of=as_of)) for n in notes.iterator())
    response = StreamingHttpResponse(
        csv_lines(NOTES_COLUMNS, rows), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-{as_of.isoformat()}.csv"'
    return response


class AccrualExport(APIView):
    """Interest accrued and unpaid at the end of a day, per note (accountants)."""

    permission_classes = [requires(Action.EXPORT)]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        parameters=[AS_OF, format_parameter(STATEMENT_FORMATS)], responses=REPORT_RESPONSES
    )
    def get(self, request: Request) -> Any:
        return notes_answer(request, notes_user_may(request.user, Action.EXPORT), "accrual")


class PortfolioExport(APIView):
    """Every note the user may see, at the end of a day."""

    permission_classes = [NoteActionPermission]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        parameters=[AS_OF, format_parameter(STATEMENT_FORMATS)], responses=REPORT_RESPONSES
    )
    def get(self, request: Request) -> Any:
        return notes_answer(request, notes_visible_to(request.user), "portfolio")


class Watchlist(APIView):
    permission_classes = [NoteActionPermission]

    @extend_schema(responses=WatchlistSerializer)
    def get(self, request: Request) -> Response:
        today = business_date()
        items = watchlist(notes=notes_visible_to(request.user), today=today)
        return Response(WatchlistSerializer({"as_of": today, "results": items}).data)
