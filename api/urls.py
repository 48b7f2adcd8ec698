"""The REST API of DESIGN 6, under /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api import events, notes, payments, statements

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("parties/", notes.PartyList.as_view(), name="api-parties"),
    path("parties/<int:pk>/", notes.PartyDetail.as_view(), name="api-party"),
    path("notes/", notes.NoteList.as_view(), name="api-notes"),
    path("notes/<int:pk>/", notes.NoteDetail.as_view(), name="api-note"),
    path("notes/<int:pk>/schedule/", notes.NoteSchedule.as_view(), name="api-note-schedule"),
    path("notes/<int:pk>/balance/", notes.NoteBalance.as_view(), name="api-note-balance"),
    path("notes/<int:pk>/payoff/", notes.NotePayoff.as_view(), name="api-note-payoff"),
    path("notes/<int:pk>/payments/", payments.NotePayments.as_view(), name="api-note-payments"),
    path("notes/<int:pk>/charges/", payments.NoteCharges.as_view(), name="api-note-charges"),
    path("notes/<int:pk>/events/", events.NoteEvents.as_view(), name="api-note-events"),
    path(
        "notes/<int:pk>/statements/<str:kind>/",
        statements.NoteStatement.as_view(),
        name="api-note-statement",
    ),
    path(
        "payments/<int:pk>/reverse/", payments.PaymentReverse.as_view(), name="api-payment-reverse"
    ),
    path(
        "payments/<int:pk>/confirm/", payments.PaymentConfirm.as_view(), name="api-payment-confirm"
    ),
    path("exports/journal/", statements.JournalExport.as_view(), name="api-journal"),
    path("watchlist/", statements.Watchlist.as_view(), name="api-watchlist"),
]
