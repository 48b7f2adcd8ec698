"""The one access decision of every action page (DESIGN 1): a note or payment the user
may not see answers 404; one they see but whose role may not act answers 403.

Visibility comes from accounts.selectors, the role's rights from accounts.permissions;
views never test roles themselves.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from accounts import access
from accounts.permissions import NOT_ALLOWED, Action, signed_in, user_may
from loans.models import Note
from payments.models import Payment


def note_for(request: HttpRequest, pk: int, action: Action) -> Note:
    """The note `pk` if the user may do `action` on it: 404 when hidden, 403 when not
    (decided by accounts.access, as for the API)."""
    return access.note_for(user=request.user, pk=pk, action=action)


def payment_for(request: HttpRequest, pk: int, action: Action) -> Payment:
    """The payment `pk` if the user may do `action` on its note (404 hidden, 403 not)."""
    return access.payment_for(user=request.user, pk=pk, action=action)


def refuse_unless(request: HttpRequest, action: Action, note: Note | None = None) -> None:
    if not user_may(request.user, action, note):
        raise PermissionDenied(NOT_ALLOWED)


def actor(request: HttpRequest) -> User:
    """The signed-in user who records what a page posts (every action page needs a
    sign-in: LoginRequiredMiddleware sends the anonymous to the login page)."""
    if not signed_in(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    return request.user


def note_page_url(note: Note) -> str:
    """The note page, where recorded events show."""
    return reverse("note", kwargs={"pk": note.pk})


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, which must show errors); None on GET."""
    return request.POST if request.method == "POST" else None
