"""Notices of default and default events of a note: GET, POST /api/notes/{id}/events/."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action
from api.common import NoteScopedView
from api.serializers import EventSerializer
from loans.business_date import business_date
from loans.models import Note
from payments.default_events import event_record
from payments.selectors import note_event_rows


class NoteEvents(NoteScopedView, GenericAPIView[Any]):
    note_actions = {"POST": Action.RECORD_EVENT}
    serializer_class = EventSerializer
    queryset = Note.objects.none()  # only tells the schema that {id} is a note's

    @extend_schema(responses=EventSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The note's notices of default and default events, by date."""
        note = self.visible_note(request, pk)
        page = self.paginate_queryset(note_event_rows(note))
        return self.get_paginated_response(EventSerializer(page, many=True).data)

    @extend_schema(responses={201: EventSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Record a notice of default or a default event (lenders, servicers); the
        kinds and the fields each reads are in DESIGN 6 and the field descriptions."""
        note = self.visible_note(request, pk)
        body = EventSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = event_record(
            note=note, entered_by=self.actor(request), today=business_date(), **body.validated_data
        )
        return Response(EventSerializer(row).data, status=status.HTTP_201_CREATED)
