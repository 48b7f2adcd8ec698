"""Parties and notes: GET/POST /api/parties/, /api/notes/ and a note's derived state."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action
from accounts.selectors import notes_visible_to, parties_visible_to
from api.common import AS_OF, NoteScopedView, as_of_param
from api.filters import NoteFilter
from api.permissions import NoteActionPermission
from api.serializers import (
    BalanceSerializer,
    InstallmentSerializer,
    NoteSerializer,
    PartySerializer,
    PayoffSerializer,
)
from loans.models import Note, Party
from loans.services import note_board
from payments.selectors import note_balance, note_payoff, note_schedule


class PartyList(generics.ListCreateAPIView[Party]):
    serializer_class = PartySerializer
    permission_classes = [NoteActionPermission]
    note_actions = {"POST": Action.MANAGE_PARTIES}
    descriptions = {
        "GET": "The parties (borrowers, lenders) the user may see; tax ids masked "
        "unless the user is a servicer.",
        "POST": "Record a party (servicers).",
    }

    def get_queryset(self) -> Any:
        return parties_visible_to(self.request.user).order_by("name", "pk")


class PartyDetail(generics.RetrieveUpdateAPIView[Party]):
    serializer_class = PartySerializer
    permission_classes = [NoteActionPermission]
    note_actions = {"PATCH": Action.MANAGE_PARTIES}
    http_method_names = ["get", "patch", "head", "options"]
    descriptions = {
        "GET": "One party; its tax id masked unless the user is a servicer.",
        "PATCH": "Correct a party's name, address or contact details (servicers); "
        "fields left out keep their values.",
    }

    def get_queryset(self) -> Any:
        return parties_visible_to(self.request.user)


class NoteList(generics.ListCreateAPIView[Note]):
    serializer_class = NoteSerializer
    permission_classes = [NoteActionPermission]
    note_actions = {"POST": Action.BOARD_NOTE}
    filterset_class = NoteFilter
    descriptions = {
        "GET": "The notes the user may see, by reference.",
        "POST": "Board a note with its lenders' shares and collateral (servicers). "
        "Optional terms take the defaults the schema names; every bad term is "
        "reported at once.",
    }

    def get_queryset(self) -> Any:
        return (
            notes_visible_to(self.request.user)
            .select_related("borrower")
            .prefetch_related("lender_shares__party", "collateral")
            .order_by("reference", "pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        terms = dict(serializer.validated_data)
        lenders = [(share["party"], share["share"]) for share in terms.pop("lender_shares")]
        note = note_board(lenders=lenders, boarded_by=request.user, **terms)
        return Response(self.get_serializer(note).data, status=status.HTTP_201_CREATED)


class NoteDetail(generics.RetrieveAPIView[Note]):
    serializer_class = NoteSerializer
    permission_classes = [NoteActionPermission]
    descriptions = {"GET": "One note's terms, lenders, collateral and status."}

    def get_queryset(self) -> Any:
        return notes_visible_to(self.request.user)


class NoteSchedule(NoteScopedView):
    @extend_schema(parameters=[AS_OF], responses=InstallmentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The note's installments with what was paid on each and how late, as of a date."""
        note = self.visible_note(request, pk)
        installments = note_schedule(note=note, as_of=as_of_param(request))
        return Response(InstallmentSerializer(installments, many=True).data)


class NoteBalance(NoteScopedView):
    @extend_schema(parameters=[AS_OF], responses=BalanceSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """What the borrower owes as of a date: principal, interest, charges, what is
        due and past due, the next installment (DESIGN 3.7)."""
        note = self.visible_note(request, pk)
        return Response(BalanceSerializer(note_balance(note=note, as_of=as_of_param(request))).data)


class NotePayoff(NoteScopedView):
    @extend_schema(parameters=[AS_OF], responses=PayoffSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """The amount that pays the note off on a date, its parts and the per diem."""
        note = self.visible_note(request, pk)
        return Response(PayoffSerializer(note_payoff(note=note, as_of=as_of_param(request))).data)
