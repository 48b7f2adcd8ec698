"""DRF permission classes of the API, built on `accounts.permissions.user_may` (the one
place roles are decided): they only tell DRF which action each HTTP method is."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.permissions import NOT_ALLOWED, Action, user_may
from loans.models import Note


def note_of(obj: Any) -> Note | None:
    """The note an object belongs to: the note itself, or its `note` attribute."""
    if isinstance(obj, Note):
        return obj
    return getattr(obj, "note", None)


class NoteActionPermission(BasePermission):
    """DRF permission built on `user_may`.

    The view names the action of each HTTP method in `note_actions`
    (e.g. `{"POST": Action.RECORD_PAYMENT}`); methods not named are READ when
    safe and refused otherwise.
    - A URL naming an object (a `pk` kwarg): `has_permission` only asks for a
      signed-in user; the view fetches the object through a visibility selector
      (404 when hidden, whatever the method) and calls
      `self.check_object_permissions(request, obj)`, which asks `user_may`
      about the object's note (403 when the role may not).
    - A URL without one (lists, POST /api/notes/, exports): `has_permission`
      asks whether the user may do the action on some note.
    """

    message = NOT_ALLOWED

    def action_for(self, request: Any, view: Any) -> Action | None:
        actions: dict[str, Action] = getattr(view, "note_actions", {})
        if request.method in actions:
            return actions[request.method]
        return Action.READ if request.method in SAFE_METHODS else None

    def has_permission(self, request: Any, view: Any) -> bool:
        action = self.action_for(request, view)
        if action is None:
            return False
        if "pk" in getattr(view, "kwargs", {}):
            return bool(request.user and request.user.is_authenticated)
        return user_may(request.user, action)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        action = self.action_for(request, view)
        if action is None:
            return False
        # Objects without a note (parties) were already filtered by visibility.
        return user_may(request.user, action, note_of(obj))


def requires(action: Action) -> type[BasePermission]:
    """A permission class for views whose every method needs one action:
    `permission_classes = [requires(Action.EXPORT)]`."""

    class Requires(NoteActionPermission):
        def action_for(self, request: Any, view: Any) -> Action | None:
            return action

    Requires.__name__ = f"Requires_{action.value}"
    return Requires
