"""What each role may do (DESIGN 1): the one place where it is decided.

Views, pages, serializers and services never test roles themselves: they ask
`user_may(user, action, note)`, or fetch the note through `accounts.access.note_for`,
which asks it. Who may *see* a note is decided by `accounts.selectors.notes_visible_to`;
a note a user may not see answers 404 before any of this is asked. The API's DRF
permission classes (api/permissions.py) are built on `user_may`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, TypeGuard

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from loans.composed import Composed, composed
from loans.models import Membership, Note, NoteLender, Role
from payments.models import ShareTransfer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import QuerySet

    AnyUser = User | AnonymousUser


NOT_ALLOWED = "Your role on this note does not allow this."
"""What a refusal (403) says."""


class Action(StrEnum):
    """Things a user may do; each maps to the rows of DESIGN 1."""

    READ = "read"
    """See a note and everything about it: terms, schedule, balances, payments,
    events, and its statements in every format (HTML, PDF, CSV, XLSX, JSON)."""
    RECORD_PAYMENT = "record_payment"
    """Record a payment received (never edit or delete one)."""
    RECORD_CHARGE = "record_charge"
    """Record a cost of collection or attorneys' fees."""
    RECORD_EVENT = "record_event"
    """Record a notice of default or a default event (bankruptcy, judgment,
    assignment, acceleration, waiver)."""
    CONFIRM_PAYMENT = "confirm_payment"
    """Confirm or dispute a recorded payment, as one of the note's lenders."""
    REVERSE_PAYMENT = "reverse_payment"
    """Reverse a payment (returned check, posting error): servicers only."""
    RECORD_TRANSFER = "record_transfer"
    """Record a share transfer from a lender to another party: servicers only."""
    BOARD_NOTE = "board_note"
    """Board a note with its lenders and collateral: servicers only."""
    MANAGE_PARTIES = "manage_parties"
    """Create or change parties, users and memberships: servicers only."""
    EXPORT = "export"
    """The books exports: journal entries and accrual reports (DESIGN 4)."""


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.LENDER: frozenset(
        {Action.READ, Action.RECORD_EVENT, Action.RECORD_CHARGE, Action.CONFIRM_PAYMENT}
    ),
    Role.BORROWER_STAFF: frozenset({Action.READ, Action.RECORD_PAYMENT}),
    Role.ACCOUNTANT: frozenset({Action.READ, Action.EXPORT}),
    # Servicers are Django staff (user.is_staff), not members of a party: a
    # "servicer" membership of a non-staff user grants nothing.
    Role.SERVICER: frozenset(),
}


def roles_allowed(action: Action) -> set[str]:
    """The membership roles whose holders may do `action` (servicers aside)."""
    return {role for role, actions in ROLE_ACTIONS.items() if action in actions}


def signed_in(user: AnyUser | None) -> TypeGuard[User]:
    """An active, authenticated user: anyone else may see and do nothing."""
    return user is not None and user.is_authenticated and user.is_active


def is_servicer(user: AnyUser | None) -> bool:
    return signed_in(user) and user.is_staff


def roles_on_note(user: User, note: Note) -> set[str]:
    """The roles the user's memberships give them on this note, in one query.

    Borrower staff reach notes their party borrows, lenders notes their party
    lends on (as boarded, or by a share transfer to it), accountants notes of
    either side they are attached to."""
    found = _held_on_note(note.pk, user.pk)
    return {role for role, held in zip(HELD, found[0], strict=True) if held} if found else set()


HELD: dict[str, str] = {
    role: f"holds_{role}" for role in (Role.BORROWER_STAFF, Role.LENDER, Role.ACCOUNTANT)
}
"""The annotations `role_columns` adds to a note, by role: whether the user holds it there."""


def role_columns(user_pk: int) -> dict[str, RawSQL]:
    """For a query of notes: whether the user holds each role of `HELD` on each note, as
    `roles_on_note` describes, read in the same statement as the note (the note page
    and every action on a note read both at once: accounts.access.NoteWithActions)."""
    return {
        HELD[role]: RawSQL(sql, (user_pk, role), output_field=BooleanField())  # noqa: S611
        for role, sql in _role_sql().items()
    }


def roles_held(note: Note) -> set[str]:
    """The roles `role_columns` found the user holds on the note."""
    return {role for role, column in HELD.items() if getattr(note, column)}


_held_on_note = Composed(
    lambda pk, user_pk: (
        Note.objects.filter(pk=pk).annotate(**role_columns(user_pk)).values_list(*HELD.values())
    ),
    (int, int),
)


@cache
def _role_sql() -> dict[str, str]:
    """`role_columns`' SQL by role (parameters: the user's id, the role). Plain SQL, built
    once: every action on a note asks it, and composing its subqueries with the ORM took
    longer than running them."""
    # Only the models' own table and column names go in: nothing from a request.
    note = Note._meta.db_table
    lends = (
        f"(m.party_id IN (SELECT party_id FROM {NoteLender._meta.db_table}"  # noqa: S608
        f" WHERE note_id = {note}.id) OR m.party_id IN (SELECT to_party_id FROM"
        f" {ShareTransfer._meta.db_table} WHERE note_id = {note}.id))"
    )
    borrows = f"m.party_id = {note}.borrower_id"
    held = f"SELECT 1 FROM {Membership._meta.db_table} m WHERE m.user_id = %s AND m.role = %s"  # noqa: S608
    return {
        Role.BORROWER_STAFF: f"EXISTS ({held} AND {borrows})",
        Role.LENDER: f"EXISTS ({held} AND {lends})",
        Role.ACCOUNTANT: f"EXISTS ({held} AND ({borrows} OR {lends}))",
    }


def all_roles(user: User) -> set[str]:
    return set(_roles(user.pk))


@composed
def _roles(user_pk: int) -> QuerySet[Membership, str]:
    return Membership.objects.filter(user_id=user_pk).values_list("role", flat=True)


def user_may(user: AnyUser | None, action: Action, note: Note | None = None) -> bool:
    """May this user do `action` on `note` (or, with note=None, on some note)?

    Anonymous and inactive users may do nothing; servicers (staff) everything;
    everyone else what the roles they hold on the note allow. Reading with no
    note (a list) is for every signed-in user: the lists are filtered by
    `accounts.selectors`, so a user without a membership gets an empty list
    rather than a refusal that would only say "you have no memberships"."""
    if not signed_in(user):
        return False
    if is_servicer(user):
        return True
    if note is None and Action(action) is Action.READ:
        return True
    if note is None:
        return Action(action) in actions_anywhere(user)
    return Action(action) in role_actions(roles_on_note(user, note))


def actions_anywhere(user: AnyUser | None) -> frozenset[Action]:
    """Every action `user_may` allows the user with no note named (on some note), from
    one look at the user's roles (a page asking about three actions asks once)."""
    if not signed_in(user):
        return frozenset()
    if is_servicer(user):
        return frozenset(Action)
    return role_actions(all_roles(user)) | {Action.READ}


def actions_on_note(user: AnyUser | None, note: Note) -> frozenset[Action]:
    """Every action `user_may` allows the user on the note, from one look at the
    user's roles on it (a page offering five actions asks once, not five times)."""
    if not signed_in(user):
        return frozenset()
    if is_servicer(user):
        return frozenset(Action)
    return role_actions(roles_on_note(user, note))


def role_actions(roles: set[str]) -> frozenset[Action]:
    return frozenset().union(*(ROLE_ACTIONS.get(role, frozenset()) for role in roles))
