"""Statements, the journal, the accrual report, the portfolio and the watchlist
(DESIGN 4 and 6), as JSON or as files: `?format=` or the Accept header chooses."""

from datetime import date
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotAcceptable, ValidationError
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
STATEMENT_KINDS = ("billing", "activity", "year-end", "payoff")
FILE_FORMATS = ("csv", "pdf", "xlsx")
"""The files each statement and report has its own route for; the journal adds ledger."""


FROM = OpenApiParameter(
    "from",
    OpenApiTypes.DATE,
    description="First day, inclusive (activity: default the "
    "accrual start; journal: default January 1 of the business date's year).",
)
TO_LAST = OpenApiParameter(
    "to",
    OpenApiTypes.DATE,
    description="Last day, inclusive (default the business date). A period covers at "
    "most 10 years.",
)
TO_BILLED = OpenApiParameter(
    "to", OpenApiTypes.DATE, description="The due date billed (default the next due date)."
)
TO_YEAR = OpenApiParameter(
    "to", OpenApiTypes.DATE, description="A day of the year (default the last year ended)."
)
TO_GOOD_THROUGH = OpenApiParameter(
    "to", OpenApiTypes.DATE, description="The good-through date (default the business date)."
)
TO_ANY = OpenApiParameter(
    "to",
    OpenApiTypes.DATE,
    description="billing: the due date billed; activity: the last day; year-end: a day "
    "of the year; payoff: the good-through date.",
)
PERIOD = [FROM, TO_LAST]
STATEMENT_KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=STATEMENT_KINDS,
    description="billing, activity, year-end or payoff.",
)


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
    return file_answer(statement, fmt)


def file_answer(statement: Any, fmt: str) -> HttpResponse:
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
    """A statement of one note (DESIGN 4); each kind is its own operation, and each
    file format its own route (`StatementFile`). `?format=` and the Accept header
    still choose a file here, for clients written before those routes."""

    content_negotiation_class = FileNegotiation
    kind = ""
    error_statuses = {"GET": ["406"]}  # an Accept header naming none of our formats

    def get(self, request: Request, pk: int) -> Any:
        note = self.visible_note(request, pk)
        statement, serializer = self.statement(request, note, self.kind)
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


class BillingStatement(NoteStatement):
    kind = "billing"

    @extend_schema(parameters=[TO_BILLED], responses=BillingStatementSerializer)
    def get(self, request: Request, pk: int) -> Any:
        """The billing statement for one due date: what is due, how it was worked out,
        and the lenders' shares."""
        return super().get(request, pk)


class ActivityStatement(NoteStatement):
    kind = "activity"

    @extend_schema(parameters=[FROM, TO_LAST], responses=ActivityStatementSerializer)
    def get(self, request: Request, pk: int) -> Any:
        """Every payment, charge and event of the note in a period, with the balance
        carried from its first day to its last."""
        return super().get(request, pk)


class YearEndStatement(NoteStatement):
    kind = "year-end"

    @extend_schema(parameters=[TO_YEAR], responses=YearEndStatementSerializer)
    def get(self, request: Request, pk: int) -> Any:
        """The year-end statement: interest paid in the year, per lender, and the
        balance at its end (for tax reporting)."""
        return super().get(request, pk)


class PayoffStatement(NoteStatement):
    kind = "payoff"

    @extend_schema(parameters=[TO_GOOD_THROUGH], responses=PayoffLetterSerializer)
    def get(self, request: Request, pk: int) -> Any:
        """The payoff letter: the amount that pays the note off on the good-through
        date, its parts and the per diem after it."""
        return super().get(request, pk)


STATEMENT_VIEWS = {
    view.kind: view
    for view in (BillingStatement, ActivityStatement, YearEndStatement, PayoffStatement)
}


@extend_schema(exclude=True)
class AnyStatement(NoteStatement):
    """Any kind, named in the path: the same answers as the four routes above it,
    which Django tries first; this route exists so that pages can link to a kind
    by name (`{% url 'api-note-statement' pk kind %}`)."""

    def get(self, request: Request, pk: int, kind: str) -> Any:  # type: ignore[override]
        return STATEMENT_VIEWS[kind].as_view()(request._request, pk=pk)


class StatementFile(NoteStatement):
    """A statement as a file; `file_format` is set per route (urls.py)."""

    file_format = ""
    error_statuses: dict[str, list[str]] = {}

    @property
    def descriptions(self) -> dict[str, str]:
        return {
            "GET": f"The statement of the kind named in the path as a {self.file_format.upper()} "
            "file (the JSON operations of each kind say what it holds and which of "
            "`from` and `to` it reads)."
        }

    @extend_schema(parameters=[STATEMENT_KIND, FROM, TO_ANY], responses=OpenApiTypes.BINARY)
    def get(self, request: Request, pk: int, kind: str) -> Any:  # type: ignore[override]
        note = self.visible_note(request, pk)
        # `from` is declared for every kind (activity reads it): a bad one is refused
        # whichever kind is asked for, as the schema says.
        date_param(request, "from", default=business_date())
        statement, _ = self.statement(request, note, kind)
        return file_answer(statement, self.file_format)


class FileRoute:
    """A view mixin: the file format fixed by the route (`as_view(file_format=...)`),
    or, when empty, chosen by `?format=` or the Accept header (the JSON operation)."""

    file_format = ""
    summary = ""

    @property
    def error_statuses(self) -> dict[str, list[str]]:
        # Only the JSON route reads the Accept header (406 when it names none of ours).
        return {} if self.file_format else {"GET": ["406"]}

    def fmt(self, request: Request, formats: tuple[str, ...]) -> str:
        return self.file_format or chosen_format(request, formats)

    @property
    def descriptions(self) -> dict[str, str]:
        if not self.file_format:
            return {"GET": self.summary}
        return {"GET": f"{self.summary} As a {self.file_format.upper()} file."}


BOOK = OpenApiParameter(
    "book",
    OpenApiTypes.STR,
    enum=list(BOOKS),
    required=True,
    description="Whose books: the lenders' (interest income) or the borrower's.",
)


class JournalExport(FileRoute, APIView):
    permission_classes = [requires(Action.EXPORT)]
    content_negotiation_class = FileNegotiation
    summary = (
        "Journal entries of every note the user may export, in a period, kept for the "
        "lenders' or the borrower's books (double entry; DESIGN 4)."
    )

    @extend_schema(parameters=[*PERIOD, BOOK], responses=JournalSerializer)
    def get(self, request: Request) -> Any:
        book = request.query_params.get("book", "")
        if book not in BOOKS:
            raise ValidationError({"book": ["Choose lender or borrower."]})
        fmt = self.fmt(request, JOURNAL_FORMATS)
        today = business_date()
        start, end = period_params(request, default_start=date(today.year, 1, 1), default_end=today)
        notes = notes_user_may(request.user, Action.EXPORT).select_related("borrower")
        entries = journal(notes=notes.order_by("reference"), start=start, end=end, book=book)
        if fmt == "json":
            return Response(JournalSerializer(entries).data)
        return file_answer(entries, fmt)


AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Figures at the end of this day (default today)."
)


def notes_answer(request: Request, notes: Any, kind: str, fmt: str) -> Any:
    """The accrual report or the portfolio; as CSV it is streamed, one note at a time,
    so a long portfolio never waits for its last note before the first byte."""
    as_of = day_param(request, "as_of", default=business_date())
    notes = notes.select_related("borrower").order_by("reference")
    if fmt != "csv":
        report = notes_report(notes=notes, as_of=as_of, kind=kind)
        if fmt == "json":
            return Response(NotesReportSerializer(report).data)
        return file_answer(report, fmt)
    rows = (note_row(as_of, note_figures(note=n, as_of=as_of)) for n in notes.iterator())
    response = StreamingHttpResponse(
        csv_lines(NOTES_COLUMNS, rows), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-{as_of.isoformat()}.csv"'
    return response


class AccrualExport(FileRoute, APIView):
    permission_classes = [requires(Action.EXPORT)]
    content_negotiation_class = FileNegotiation
    summary = "Interest accrued and unpaid at the end of a day, per note (for accountants)."

    @extend_schema(parameters=[AS_OF], responses=NotesReportSerializer)
    def get(self, request: Request) -> Any:
        notes = notes_user_may(request.user, Action.EXPORT)
        return notes_answer(request, notes, "accrual", self.fmt(request, STATEMENT_FORMATS))


class PortfolioExport(FileRoute, APIView):
    permission_classes = [NoteActionPermission]
    content_negotiation_class = FileNegotiation
    summary = "Every note the user may see, with its figures at the end of a day."

    @extend_schema(parameters=[AS_OF], responses=NotesReportSerializer)
    def get(self, request: Request) -> Any:
        notes = notes_visible_to(request.user)
        return notes_answer(request, notes, "portfolio", self.fmt(request, STATEMENT_FORMATS))


class Watchlist(APIView):
    permission_classes = [NoteActionPermission]

    @extend_schema(responses=WatchlistSerializer)
    def get(self, request: Request) -> Response:
        """Upcoming dates that matter (installments due, cure periods ending,
        maturities) across the notes the user may see."""
        today = business_date()
        items = watchlist(notes=notes_visible_to(request.user), today=today)
        return Response(WatchlistSerializer({"as_of": today, "results": items}).data)
