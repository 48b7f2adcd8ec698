"""Share transfers of a note: GET (every role that reads the note), POST (servicers)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action
from api.common import NoteScopedView
from api.transfer_serializers import ShareTransferSerializer
from loans.business_date import business_date
from payments.models import ShareTransfer
from payments.share_transfers import share_transfer_record


class NoteTransfers(NoteScopedView, GenericAPIView[Any]):
    note_actions = {"POST": Action.RECORD_TRANSFER}
    serializer_class = ShareTransferSerializer

    def get_queryset(self) -> Any:
        # Only ever read after visible_note() has found the note for this user.
        return (
            ShareTransfer.objects.filter(note_id=self.kwargs.get("pk"))
            .select_related("from_party", "to_party", "entered_by")
            .order_by("effective_on", "pk")
        )

    @extend_schema(responses=ShareTransferSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The note's share transfers between lenders, by effective date."""
        self.visible_note(request, pk)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ShareTransferSerializer(page, many=True).data)

    @extend_schema(responses={201: ShareTransferSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Move part of a lender's share to another party from a date (servicers)."""
        note = self.visible_note(request, pk)
        body = ShareTransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        transfer = share_transfer_record(
            note=note, entered_by=self.actor(request), today=business_date(), **body.validated_data
        )
        return Response(ShareTransferSerializer(transfer).data, status=status.HTTP_201_CREATED)
