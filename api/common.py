"""What every API view does first: find the note through the user's memberships
(404 when hidden), let accounts.permissions decide whether the role may act
(403), read the as-of date."""

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.permissions import Action, NoteActionPermission
from accounts.selectors import notes_visible_to
from loans.business_date import business_date
from loans.models import Note

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="As-of date (YYYY-MM-DD); default the business date."
)


class NoteScopedView(APIView):
    """A view about one note: `note_actions` names what each unsafe method does."""

    permission_classes = [NoteActionPermission]
    note_actions: dict[str, Action] = {}

    def visible_note(self, request: Request, pk: int) -> Note:
        note = get_object_or_404(notes_visible_to(request.user), pk=pk)
        self.check_object_permissions(request, note)
        return note

    def checked(self, request: Request, obj: Any) -> Any:
        self.check_object_permissions(request, obj)
        return obj


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
    return date_param(request, "as_of", default=business_date())
