"""Which rows a user may see (DESIGN 1): every queryset that serves a request
starts here.

Servicers (active staff) see everything; anonymous and inactive users see
nothing; everyone else sees the notes their memberships reach:
- borrower staff and accountants of a party: notes that party borrows;
- lenders and accountants of a party: notes that party lends on, as boarded or
  by a share transfer to it.
Everything hanging off a note (payments, charges, events) is visible exactly
when its note is. The lists are subqueries, never joins, so counts stay exact
without `distinct()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Q, QuerySet
from rest_framework.authtoken.models import Token

from accounts.permissions import Action, is_servicer, roles_allowed, signed_in
from loans.models import Membership, Note, NoteLender, Party, Role
from payments.models import (
    Charge,
    NoteEvent,
    Payment,
    PaymentConfirmation,
    PaymentReversal,
    ShareTransfer,
)
from payments.shares import payment_lenders

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from accounts.permissions import AnyUser

BORROWER_SIDE_ROLES = (Role.BORROWER_STAFF, Role.ACCOUNTANT)
LENDER_SIDE_ROLES = (Role.LENDER, Role.ACCOUNTANT)

NoteRow = TypeVar("NoteRow", Payment, Charge, NoteEvent)


def _member_parties(user: User, roles: tuple[str, ...]) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user_id=user.pk, role__in=roles).values("party")


def notes_visible_to(user: AnyUser | None) -> QuerySet[Note]:
    """The notes this user may see; everything else answers 404."""
    return _notes_reached(user, roles=(*BORROWER_SIDE_ROLES, *LENDER_SIDE_ROLES))


def notes_user_may(user: AnyUser | None, action: Action) -> QuerySet[Note]:
    """The notes on which this user may do `action` (one query, for exports across notes)."""
    return _notes_reached(user, roles=tuple(roles_allowed(action)))


def _notes_reached(user: AnyUser | None, *, roles: tuple[str, ...]) -> QuerySet[Note]:
    """Notes reached through memberships in `roles`: the borrower side's roles on notes
    their party borrows, the lender side's on notes their party lends on."""
    if not signed_in(user):
        return Note.objects.none()
    if is_servicer(user):
        return Note.objects.all()
    borrower_roles = tuple(r for r in roles if r in BORROWER_SIDE_ROLES)
    lender_roles = tuple(r for r in roles if r in LENDER_SIDE_ROLES)
    lenders = _member_parties(user, lender_roles)
    lent_notes = NoteLender.objects.filter(party__in=lenders).values("note")
    # A party that got a share by a transfer reaches the note too (and keeps reaching
    # it after passing the share on: its statements for the years it held it remain).
    transferred_notes = ShareTransfer.objects.filter(to_party__in=lenders).values("note")
    return Note.objects.filter(
        Q(borrower__in=_member_parties(user, borrower_roles))
        | Q(pk__in=lent_notes)
        | Q(pk__in=transferred_notes)
    )


def parties_visible_to(user: AnyUser | None) -> QuerySet[Party]:
    """The parties of the notes a user may see, and the user's own parties."""
    if not signed_in(user):
        return Party.objects.none()
    if is_servicer(user):
        return Party.objects.all()
    notes = notes_visible_to(user)
    lenders = NoteLender.objects.filter(note__in=notes).values("party")
    holders = ShareTransfer.objects.filter(note__in=notes).values("to_party")
    own = Membership.objects.filter(user_id=user.pk).values("party")
    borrowers = notes.values("borrower")
    return Party.objects.filter(
        Q(pk__in=borrowers) | Q(pk__in=lenders) | Q(pk__in=holders) | Q(pk__in=own)
    )


def _rows_of_visible_notes(user: AnyUser | None, model: type[NoteRow]) -> QuerySet[NoteRow]:
    if not signed_in(user):
        return model.objects.none()
    return model.objects.filter(note__in=notes_visible_to(user))


def payments_visible_to(user: AnyUser | None) -> QuerySet[Payment]:
    return _rows_of_visible_notes(user, Payment)


def charges_visible_to(user: AnyUser | None) -> QuerySet[Charge]:
    return _rows_of_visible_notes(user, Charge)


def note_events_visible_to(user: AnyUser | None) -> QuerySet[NoteEvent]:
    return _rows_of_visible_notes(user, NoteEvent)


def payment_reversals_visible_to(user: AnyUser | None) -> QuerySet[PaymentReversal]:
    return PaymentReversal.objects.filter(payment__in=payments_visible_to(user))


def payment_confirmations_visible_to(user: AnyUser | None) -> QuerySet[PaymentConfirmation]:
    return PaymentConfirmation.objects.filter(payment__in=payments_visible_to(user))


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    """The user's own memberships, for their home page."""
    if not signed_in(user):
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk).select_related("party").order_by("party")


def token_of(user: AnyUser) -> Token | None:
    """The user's API token, if they have one."""
    if not signed_in(user):
        return None
    return Token.objects.filter(user_id=user.pk).first()


def lender_parties_answering(user: AnyUser | None, payment: Payment) -> QuerySet[Party]:
    """The lender parties a user may confirm or dispute `payment` for: those that held a
    share of the note on the day it was received (as boarded or by a transfer), the
    user's own among them (servicers: all of them)."""
    if not signed_in(user):
        return Party.objects.none()
    parties = Party.objects.filter(pk__in=[party.pk for party in payment_lenders(payment)])
    if is_servicer(user):
        return parties.order_by("name")
    mine = Membership.objects.filter(user_id=user.pk, role=Role.LENDER).values("party")
    return parties.filter(pk__in=mine).order_by("name")
