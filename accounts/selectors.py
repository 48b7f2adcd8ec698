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

from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from rest_framework.authtoken.models import Token

from accounts.permissions import Action, is_servicer, roles_allowed, signed_in
from loans.composed import Composed, composed
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
    from collections.abc import Callable

    from django.contrib.auth.models import User

    from accounts.permissions import AnyUser

BORROWER_SIDE_ROLES = (Role.BORROWER_STAFF, Role.ACCOUNTANT)
LENDER_SIDE_ROLES = (Role.LENDER, Role.ACCOUNTANT)

NoteRow = TypeVar("NoteRow", Payment, Charge, NoteEvent)
Row = TypeVar("Row")


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
    reached = _reached(user, roles)
    if reached is None:
        return Note.objects.none()
    return Note.objects.filter(pk__in=RawSQL(*reached))  # noqa: S611 -- _reached_sql


class NotesVisible(Generic[Row]):
    """`shape(notes)` over the notes a user sees (`notes_visible_to`), composed into SQL
    once for servicers and once for everyone else (loans.composed): for the lists every
    page runs."""

    def __init__(self, shape: Callable[[QuerySet[Note]], QuerySet[Any, Row]]) -> None:
        self._all = Composed(lambda: shape(Note.objects.all()), ())
        self._reached = Composed(lambda user_pk: shape(_notes_reached_by(user_pk)), (int,))

    def __call__(self, user: AnyUser | None) -> list[Row]:
        if not signed_in(user):
            return []
        if is_servicer(user):
            return self._all()
        return self._reached(user.pk)


def _notes_reached_by(user_pk: int) -> QuerySet[Note]:
    """`notes_visible_to` a user who is not a servicer, by the user's id."""
    reached = _reached_by(user_pk, (*BORROWER_SIDE_ROLES, *LENDER_SIDE_ROLES))
    assert reached is not None  # the roles of both sides
    return Note.objects.filter(pk__in=RawSQL(*reached))  # noqa: S611 -- _reached_sql


def _reached(user: User, roles: tuple[str, ...]) -> tuple[str, tuple[object, ...]] | None:
    """The ids of the notes `_notes_reached` answers, as SQL and its parameters (None when
    `roles` reach none)."""
    return _reached_by(user.pk, roles)


def _reached_by(user_pk: int, roles: tuple[str, ...]) -> tuple[str, tuple[object, ...]] | None:
    borrower_roles = tuple(sorted({r for r in roles if r in BORROWER_SIDE_ROLES}))
    lender_roles = tuple(sorted({r for r in roles if r in LENDER_SIDE_ROLES}))
    if not borrower_roles and not lender_roles:
        return None
    sql = _reached_sql(len(borrower_roles), len(lender_roles))
    params: list[object] = []
    if borrower_roles:
        params += [user_pk, *borrower_roles]
    if lender_roles:
        params += [user_pk, *lender_roles] * 2
    return sql, tuple(params)


@cache
def _reached_sql(borrower_roles: int, lender_roles: int) -> str:
    """`_reached`'s SQL for this many roles of each side (at least one in all): the notes
    the user's parties borrow, those they lend on, and those a share was transferred to
    them on (a party keeps reaching a note after passing its share on: its statements
    for the years it held it remain). Parameters: the user's id and the side's roles,
    for each subquery in turn.

    Plain SQL, built once: every request on a note asks who may see it, and composing
    these subqueries with the ORM took longer than running them (2 ms; 6 ms for
    `parties_visible_to`, which uses them three times)."""
    memberships = Membership._meta.db_table

    # Only the models' own table names and placeholders go in: nothing from a request.
    def parties(roles: int) -> str:
        marks = ", ".join(["%s"] * roles)
        return f"SELECT party_id FROM {memberships} WHERE user_id = %s AND role IN ({marks})"  # noqa: S608

    reached = []
    if borrower_roles:
        reached.append(
            f"SELECT id FROM {Note._meta.db_table} WHERE borrower_id IN ({parties(borrower_roles)})"  # noqa: S608
        )
    if lender_roles:
        lenders = parties(lender_roles)
        reached += [
            f"SELECT note_id FROM {NoteLender._meta.db_table} WHERE party_id IN ({lenders})",  # noqa: S608
            f"SELECT note_id FROM {ShareTransfer._meta.db_table} WHERE to_party_id IN ({lenders})",  # noqa: S608
        ]
    return " UNION ".join(reached)


def parties_visible_to(user: AnyUser | None) -> QuerySet[Party]:
    """The parties of the notes a user may see, and the user's own parties."""
    if not signed_in(user):
        return Party.objects.none()
    if is_servicer(user):
        return Party.objects.all()
    reached = _reached(user, (*BORROWER_SIDE_ROLES, *LENDER_SIDE_ROLES))
    assert reached is not None  # the roles of both sides
    notes, params = reached
    parties = RawSQL(_parties_sql(notes), (*params * 3, user.pk))  # noqa: S611 -- built once
    return Party.objects.filter(pk__in=parties)


@cache
def _parties_sql(notes: str) -> str:
    """The borrowers, lenders and share holders of the notes `notes` selects, and the
    parties of the user's memberships. Parameters: `notes`'s three times, then the user's
    id. Built once per `notes` (one per role count)."""
    # Only `_reached_sql` and the models' own table names go in: nothing from a request.
    return " UNION ".join(
        [
            f"SELECT borrower_id FROM {Note._meta.db_table} WHERE id IN ({notes})",  # noqa: S608
            f"SELECT party_id FROM {NoteLender._meta.db_table} WHERE note_id IN ({notes})",  # noqa: S608
            f"SELECT to_party_id FROM {ShareTransfer._meta.db_table} WHERE note_id IN ({notes})",  # noqa: S608
            f"SELECT party_id FROM {Membership._meta.db_table} WHERE user_id = %s",  # noqa: S608
        ]
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


def memberships_of(user: AnyUser) -> list[Membership]:
    """The user's own memberships, for their home page."""
    return _memberships(user.pk) if signed_in(user) else []


@composed
def _memberships(user_pk: int) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user_pk).select_related("party").order_by("party")


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
