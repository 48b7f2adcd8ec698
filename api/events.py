"""Notices of default and default events of a note: GET, POST /api/notes/{id}/events/."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action
from accounts.selectors import default_notices_visible_to, note_events_visible_to
from api.common import NoteScopedView
from api.serializers import EventSerializer
from loans.models import Note
from payments.default_events import default_notice_record, note_event_record
from payments.models import DefaultNotice, DeliveryMethod, NoteEvent


@dataclass(frozen=True)
class EventRow:
    """One line of a note's event list: a notice of default or a NoteEvent."""

    id: int
    kind: str
    date: date
    refers_to: int | None
    installments: list[int]
    delivery_method: str | None
    affiliate: bool
    description: str
    entered_by: Any
    entered_at: datetime


def notice_row(notice: DefaultNotice) -> EventRow:
    return EventRow(
        id=notice.pk,
        kind="default_notice",
        date=notice.sent_on,
        refers_to=None,
        installments=list(notice.installments),
        delivery_method=notice.delivery_method,
        affiliate=False,
        description="",
        entered_by=notice.entered_by,
        entered_at=notice.entered_at,
    )


def event_row(event: NoteEvent) -> EventRow:
    return EventRow(
        id=event.pk,
        kind=event.kind,
        date=event.date,
        refers_to=event.refers_to_id,
        installments=[],
        delivery_method=None,
        affiliate=event.affiliate,
        description=event.description,
        entered_by=event.entered_by,
        entered_at=event.entered_at,
    )


def note_event_rows(user: Any, note: Note) -> list[EventRow]:
    notices = default_notices_visible_to(user).filter(note=note).select_related("entered_by")
    events = note_events_visible_to(user).filter(note=note).select_related("entered_by")
    rows = [notice_row(n) for n in notices] + [event_row(e) for e in events]
    return sorted(rows, key=lambda row: (row.date, row.entered_at, row.id))


class NoteEvents(NoteScopedView, GenericAPIView[Any]):
    note_actions = {"POST": Action.RECORD_EVENT}
    serializer_class = EventSerializer
    queryset = Note.objects.none()  # only tells the schema that {id} is a note's

    @extend_schema(responses=EventSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        note = self.visible_note(request, pk)
        page = self.paginate_queryset(note_event_rows(request.user, note))
        return self.get_paginated_response(EventSerializer(page, many=True).data)

    @extend_schema(responses={201: EventSerializer})
    def post(self, request: Request, pk: int) -> Response:
        note = self.visible_note(request, pk)
        body = EventSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = record_event(note=note, entered_by=request.user, **body.validated_data)
        return Response(EventSerializer(row).data, status=status.HTTP_201_CREATED)


def record_event(
    *,
    note: Note,
    kind: str,
    date: date,
    refers_to: int | None,
    installments: list[int],
    delivery_method: str | None,
    affiliate: bool,
    description: str,
    entered_by: Any,
) -> EventRow:
    if kind == "default_notice":
        notice = default_notice_record(
            note=note,
            sent_on=date,
            installments=installments or None,
            delivery_method=delivery_method or DeliveryMethod.OTHER,
            entered_by=entered_by,
        )
        return notice_row(notice)
    event = note_event_record(
        note=note,
        kind=kind,
        date=date,
        refers_to=refers_to,
        affiliate=affiliate,
        description=description,
        entered_by=entered_by,
    )
    return event_row(event)
