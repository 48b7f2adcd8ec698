"""The door every interface goes through to act on one note (the API's views, the pages,
commands): fetch it as the user sees it, and decide once what the user may do there.

- A note (or payment) the user may not see does not exist for them: `Http404`, whatever
  the action, so a stranger learns nothing about it.
- A note they see but whose action their role does not allow: `PermissionDenied` (403).

Both are Django's exceptions: the API renders them in its error shape, the pages as
their error pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accounts.permissions import (
    NOT_ALLOWED,
    Action,
    is_servicer,
    role_actions,
    role_columns,
    roles_held,
    signed_in,
    user_may,
)
from accounts.selectors import lender_parties_answering, payments_visible_to
from loans.composed import Composed
from loans.models import Note, Party
from payments.models import Payment

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

    from accounts.permissions import AnyUser


def note_for(*, user: AnyUser | None, pk: int, action: Action = Action.READ) -> Note:
    """The note `pk` if the user sees it (else 404) and may do `action` on it (else 403)."""
    # Every role that makes a note visible may read it (tests/accounts/test_access.py):
    # a note the user sees allows READ.
    note, allowed = note_and_actions(user=user, pk=pk)
    if action not in allowed:
        raise PermissionDenied(NOT_ALLOWED)
    return note


class NoteWithActions:
    """The note `pk`, as `shape` reads it, if the user sees it (else Http404), and every
    action the user may do on it: one statement, composed once (loans.composed), the
    user's roles on the note read beside it (`role_columns`; servicers may do all).

    The user's roles on the note decide both: a user sees a note exactly when a role
    reaches it (or they are a servicer), and every such role may read it
    (tests/accounts/test_access.py holds `notes_visible_to` to that), so a user who may
    do nothing there does not see it."""

    def __init__(self, shape: Callable[[QuerySet[Note]], QuerySet[Note]] = lambda n: n) -> None:
        self._alone = Composed(lambda pk: shape(Note.objects.filter(pk=pk)), (int,))
        self._with_roles = Composed(
            lambda pk, user_pk: shape(Note.objects.filter(pk=pk)).annotate(**role_columns(user_pk)),
            (int, int),
        )

    def __call__(self, user: AnyUser | None, pk: int) -> tuple[Note, frozenset[Action]]:
        note, allowed = None, frozenset[Action]()
        if is_servicer(user):
            note, allowed = self._alone.first(pk), frozenset(Action)
        elif signed_in(user):
            note = self._with_roles.first(pk, user.pk)
            allowed = frozenset() if note is None else role_actions(roles_held(note))
        if note is None or not allowed:
            raise Http404("No such note.")
        return note, allowed


_note_with_actions = NoteWithActions()


def note_and_actions(*, user: AnyUser | None, pk: int) -> tuple[Note, frozenset[Action]]:
    """The note `pk` if the user sees it, else 404, and every action the user may do on
    it (`NoteWithActions`)."""
    return _note_with_actions(user, pk)


def payment_for(*, user: AnyUser | None, pk: int, action: Action = Action.READ) -> Payment:
    """The payment `pk` if the user sees its note (else 404) and may do `action` (else 403)."""
    payment = payments_visible_to(user).select_related("note").filter(pk=pk).first()
    if payment is None:
        raise Http404("No such payment.")
    _allowed(user, action, payment.note)
    return payment


def _allowed(user: AnyUser | None, action: Action, note: Note) -> None:
    if not user_may(user, action, note):
        raise PermissionDenied(NOT_ALLOWED)


def answering_lender(*, user: AnyUser | None, payment: Payment, party_id: int | None) -> Party:
    """The lender party a confirmation of `payment` speaks for: the one named, or the
    user's only one, among the parties that held a share when it was received.

    A servicer may answer for any of those lenders (naming it when there are several); a
    lender only for a party they are a lender of."""
    parties = lender_parties_answering(user, payment)
    if party_id is not None:
        parties = parties.filter(pk=party_id)
    found = list(parties[:2])
    if len(found) != 1:
        raise ValidationError(
            {"lender_party": ["Name the lender party (one of this note's lenders) you answer for."]}
        )
    return found[0]
