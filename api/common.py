"""What every API view about one note does first: fetch it through
`accounts.access.note_for` (404 when hidden, 403 when the role may not act), and read
the as-of date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.access import note_for, payment_for
from accounts.permissions import Action, signed_in
from api.permissions import NoteActionPermission
from loans.business_date import business_date
from loans.dates import date_in_range
from loans.models import Note
from payments.models import Payment

if TYPE_CHECKING:
    from django.contrib.auth.models import User

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="As-of date (YYYY-MM-DD); default the business date."
)


class NoteScopedView(APIView):
    """A view about one note: `note_actions` names what each unsafe method does."""

    permission_classes = [NoteActionPermission]
    note_actions: dict[str, Action] = {}

    def visible_note(self, request: Request, pk: int) -> Note:
        return note_for(user=request.user, pk=pk, action=self.requested_action(request))

    def visible_payment(self, request: Request, pk: int) -> Payment:
        return payment_for(user=request.user, pk=pk, action=self.requested_action(request))

    def actor(self, request: Request) -> User:
        """The signed-in user acting: the permission class let no one else this far."""
        if not signed_in(request.user):
            raise NotAuthenticated()
        return request.user

    def requested_action(self, request: Request) -> Action:
        # The permission class refused any method it cannot name an action for.
        action = NoteActionPermission().action_for(request, self)
        assert action is not None
        return action


def date_param(request: Request, name: str, default: date | None = None) -> date:
    raw = request.query_params.get(name)
    if raw is None:
        if default is None:
            raise ValidationError({name: ["This parameter is required (YYYY-MM-DD)."]})
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [f"'{raw}' is not a date (YYYY-MM-DD)."]}) from None


def as_of_param(request: Request) -> date:
    return date_in_range(date_param(request, "as_of", default=business_date()), "as_of")
