"""The one access decision of every action page (DESIGN 1): a note or payment the user
may not see answers 404; one they see but whose role may not act answers 403.

Visibility comes from accounts.selectors, the role's rights from accounts.permissions;
views never test roles themselves.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404

from accounts.permissions import Action, user_may
from accounts.selectors import notes_visible_to, payments_visible_to
from loans.models import Note
from payments.models import Payment


def note_for(request: HttpRequest, pk: int, action: Action) -> Note:
    """The note `pk` if the user may do `action` on it: 404 when hidden, 403 when not."""
    note = get_object_or_404(notes_visible_to(request.user).select_related("borrower"), pk=pk)
    refuse_unless(request, action, note)
    return note


def payment_for(request: HttpRequest, pk: int, action: Action) -> Payment:
    """The payment `pk` if the user may do `action` on its note (404 hidden, 403 not)."""
    visible = payments_visible_to(request.user).select_related(
        "note__borrower", "entered_by", "reversal__entered_by"
    )
    payment = get_object_or_404(visible, pk=pk)
    refuse_unless(request, action, payment.note)
    return payment


def refuse_unless(request: HttpRequest, action: Action, note: Note | None = None) -> None:
    if not user_may(request.user, action, note):
        raise PermissionDenied("Your role does not allow this.")


def note_page_url(note: Note) -> str:
    """The note page (web/urls_pages.py: /notes/<id>/), where recorded events show."""
    return f"/notes/{note.pk}/"


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, which must show errors); None on GET."""
    return request.POST if request.method == "POST" else None
