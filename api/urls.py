"""The REST API of DESIGN 6, under /api/."""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularSwaggerSplitView

from api import events, notes, payments, statements, transfers
from api.auth import AuthTokenView
from api.errors import api_not_found
from api.fields import IdConverter, StatementKindConverter
from api.schema_view import SchemaView

register_converter(IdConverter, "id")
register_converter(StatementKindConverter, "statement_kind")

urlpatterns = [
    # API authentication: POST/DELETE /api/auth/token/.
    path("auth/token/", AuthTokenView.as_view(), name="api-auth-token"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    # A page for people: anonymous browsers go to the login page, not a bare 401.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("parties/", notes.PartyList.as_view(), name="api-parties"),
    path("parties/<id:pk>/", notes.PartyDetail.as_view(), name="api-party"),
    path("notes/", notes.NoteList.as_view(), name="api-notes"),
    path("notes/<id:pk>/", notes.NoteDetail.as_view(), name="api-note"),
    path("notes/<id:pk>/schedule/", notes.NoteSchedule.as_view(), name="api-note-schedule"),
    path("notes/<id:pk>/balance/", notes.NoteBalance.as_view(), name="api-note-balance"),
    path("notes/<id:pk>/payoff/", notes.NotePayoff.as_view(), name="api-note-payoff"),
    path("notes/<id:pk>/payments/", payments.NotePayments.as_view(), name="api-note-payments"),
    path("notes/<id:pk>/charges/", payments.NoteCharges.as_view(), name="api-note-charges"),
    path("notes/<id:pk>/events/", events.NoteEvents.as_view(), name="api-note-events"),
    path("notes/<id:pk>/transfers/", transfers.NoteTransfers.as_view(), name="api-note-transfers"),
    # One operation per statement kind; one route per file format (docs/api.md).
    *[
        path(f"notes/<id:pk>/statements/{kind}/", view.as_view(), name=f"api-statement-{kind}")
        for kind, view in statements.STATEMENT_VIEWS.items()
    ],
    path(
        "notes/<id:pk>/statements/<statement_kind:kind>/",
        statements.AnyStatement.as_view(),
        name="api-note-statement",
    ),
    *[
        path(
            f"notes/<id:pk>/statements/<statement_kind:kind>/{fmt}/",
            statements.StatementFile.as_view(file_format=fmt),
            name=f"api-statement-{fmt}",
        )
        for fmt in statements.FILE_FORMATS
    ],
    path(
        "payments/<id:pk>/reverse/", payments.PaymentReverse.as_view(), name="api-payment-reverse"
    ),
    path(
        "payments/<id:pk>/confirm/", payments.PaymentConfirm.as_view(), name="api-payment-confirm"
    ),
    path("exports/journal/", statements.JournalExport.as_view(), name="api-journal"),
    path("exports/accrual/", statements.AccrualExport.as_view(), name="api-accrual"),
    path("exports/portfolio/", statements.PortfolioExport.as_view(), name="api-portfolio"),
    *[
        path(
            f"exports/journal/{fmt}/",
            statements.JournalExport.as_view(file_format=fmt),
            name=f"api-journal-{fmt}",
        )
        for fmt in (*statements.FILE_FORMATS, "ledger")
    ],
    *[
        path(f"exports/{report}/{fmt}/", view.as_view(file_format=fmt), name=f"api-{report}-{fmt}")
        for report, view in (
            ("accrual", statements.AccrualExport),
            ("portfolio", statements.PortfolioExport),
        )
        for fmt in statements.FILE_FORMATS
    ],
    path("watchlist/", statements.Watchlist.as_view(), name="api-watchlist"),
    # Last: every other path under /api/ answers a JSON 404.
    re_path(r"", api_not_found, name="api-not-found"),
]
