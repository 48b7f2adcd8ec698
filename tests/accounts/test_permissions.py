"""user_may: every role x every action, on the user's own note and on a
stranger's (DESIGN 1). The expected table is written out from DESIGN 1 here,
not imported from the code under test."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts.permissions import Action, actions_anywhere, actions_on_note, user_may
from api.permissions import NoteActionPermission, requires
from loans.models import Membership, Party, Role
from payments.models import ShareTransfer
from tests.accounts.conftest import make_user

# DESIGN 1, "may do", read row by row:
# lender: read; record notices of default, default events (record_event) and
#   collection costs (record_charge); confirm or dispute payments.
# borrower staff: read; record payments.
# accountant: read; export.
# servicer: everything.
ALLOWED_ON_OWN_NOTE = {
    "lender": {"read", "record_event", "record_charge", "confirm_payment"},
    "borrower_staff": {"read", "record_payment"},
    "accountant": {"read", "export"},
    "servicer": {a.value for a in Action},
    "anonymous": set(),
}
AGREED_ACTIONS = {
    "read",
    "record_payment",
    "record_charge",
    "record_event",
    "confirm_payment",
    "reverse_payment",
    "record_transfer",  # share transfers (DESIGN 6): servicers only
    "board_note",
    "manage_parties",
    "export",
}


def user_of(world, role):
    return AnonymousUser() if role == "anonymous" else world.users[role]


def test_the_action_enum_is_the_agreed_one():
    assert {a.value for a in Action} == AGREED_ACTIONS


@pytest.mark.parametrize("role", list(ALLOWED_ON_OWN_NOTE))
@pytest.mark.parametrize("action", sorted(AGREED_ACTIONS))
def test_user_may_on_own_note(world, role, action):
    expected = action in ALLOWED_ON_OWN_NOTE[role]
    assert user_may(user_of(world, role), Action(action), world.own_note) is expected


@pytest.mark.parametrize("role", list(ALLOWED_ON_OWN_NOTE))
def test_actions_on_note_are_those_of_the_table(world, role, django_assert_max_num_queries):
    # The note page asks once for all its actions: the same answers as user_may.
    with django_assert_max_num_queries(1):
        actions = actions_on_note(user_of(world, role), world.own_note)
    assert {a.value for a in actions} == ALLOWED_ON_OWN_NOTE[role]


def test_actions_on_a_strangers_note_are_the_servicers_alone(world):
    for role in ALLOWED_ON_OWN_NOTE:
        expected = AGREED_ACTIONS if role == "servicer" else set()
        actions = actions_on_note(user_of(world, role), world.foreign_note)
        assert {a.value for a in actions} == expected, role


@pytest.mark.parametrize("role", list(ALLOWED_ON_OWN_NOTE))
@pytest.mark.parametrize("action", sorted(AGREED_ACTIONS))
def test_user_may_on_a_strangers_note(world, role, action):
    # Only the servicer reaches a note its memberships do not touch.
    expected = role == "servicer"
    assert user_may(user_of(world, role), Action(action), world.foreign_note) is expected


@pytest.mark.parametrize("role", list(ALLOWED_ON_OWN_NOTE))
@pytest.mark.parametrize("action", sorted(AGREED_ACTIONS))
def test_user_may_on_some_note(world, role, action):
    # note=None asks "on at least one note": the same table as the own note.
    expected = action in ALLOWED_ON_OWN_NOTE[role]
    assert user_may(user_of(world, role), Action(action)) is expected


@pytest.mark.parametrize("role", list(ALLOWED_ON_OWN_NOTE))
def test_actions_anywhere_are_those_of_the_table_from_one_query(
    world, role, django_assert_max_num_queries
):
    # The home page asks once for the actions it offers: the same answers as user_may.
    with django_assert_max_num_queries(1):
        actions = actions_anywhere(user_of(world, role))
    assert {a.value for a in actions} == ALLOWED_ON_OWN_NOTE[role]


def test_the_issue_five_refusals_spelled_out(world):
    u, note = world.users, world.own_note
    assert not user_may(u["borrower_staff"], Action.RECORD_EVENT, note)
    assert not user_may(u["borrower_staff"], Action.RECORD_CHARGE, note)
    assert not user_may(u["lender"], Action.RECORD_PAYMENT, note)
    for action in Action:
        if action not in (Action.READ, Action.EXPORT):
            assert not user_may(u["accountant"], action, note), action
    for role in ("lender", "borrower_staff", "accountant", "anonymous"):
        assert not user_may(user_of(world, role), Action.REVERSE_PAYMENT, note), role
    assert user_may(u["servicer"], Action.REVERSE_PAYMENT, note)


def test_accountant_of_the_borrower_reads_and_exports_only(world):
    accountant = make_user("borrower_accountant", accountant=world.own_borrower)
    allowed = {a.value for a in Action if user_may(accountant, a, world.own_note)}
    assert allowed == {"read", "export"}
    assert not user_may(accountant, Action.READ, world.foreign_note)


def test_roles_on_the_wrong_side_grant_nothing(world):
    # A "lender" membership on the borrower party, a "borrower_staff" one on a
    # lender party: neither is a way onto the note.
    odd = make_user(
        "odd",
        lender=world.own_borrower,
        borrower_staff=world.own_lender,
    )
    assert not any(user_may(odd, a, world.own_note) for a in Action)


def test_servicer_membership_without_staff_grants_nothing(world):
    pretender = make_user("pretender", servicer=world.own_borrower)
    assert not any(user_may(pretender, a, world.own_note) for a in Action)
    # Like any signed-in user it may ask for lists (which show it no note), nothing else.
    assert {a for a in Action if user_may(pretender, a)} == {Action.READ}


def test_a_user_of_no_party_may_read_lists_and_nothing_on_any_note(world):
    nobody = world.users["no_membership"]
    assert {a for a in Action if user_may(nobody, a)} == {Action.READ}
    for note in (world.own_note, world.foreign_note):
        assert not any(user_may(nobody, a, note) for a in Action)
    assert not user_may(AnonymousUser(), Action.READ)


def test_inactive_users_may_nothing(world):
    for role in ("lender", "servicer"):
        user = world.users[role]
        user.is_active = False
        user.save()
        assert not any(user_may(user, a, world.own_note) for a in Action), role


def test_a_share_transferred_to_a_party_makes_its_members_lenders_of_the_note(
    world, django_assert_max_num_queries
):
    """The buyer's lender and accountant reach the note by the transfer alone; a user who
    is also borrower staff of the note's borrower holds both sides' actions, read in one
    query; a lender of a party that transferred nothing to the note reaches nothing."""
    buyer = Party.objects.create(name="Share Buyer LLC", kind=Party.Kind.ORGANIZATION)
    ShareTransfer.objects.create(
        note=world.own_note, from_party=world.own_lender, to_party=buyer, share=Decimal("10"),
        effective_on=date(2006, 6, 1), entered_by=world.users["servicer"],
    )  # fmt: skip
    both = make_user("both", lender=buyer, borrower_staff=world.own_borrower)
    books = make_user("books", accountant=buyer)
    with django_assert_max_num_queries(1):
        actions = actions_on_note(both, world.own_note)
    assert {a.value for a in actions} == (
        ALLOWED_ON_OWN_NOTE["lender"] | ALLOWED_ON_OWN_NOTE["borrower_staff"]
    )
    assert {a.value for a in actions_on_note(books, world.own_note)} == {"read", "export"}
    assert actions_on_note(both, world.foreign_note) == frozenset()
    elsewhere = Party.objects.create(name="Unrelated Lender", kind=Party.Kind.PERSON)
    assert actions_on_note(make_user("stranger", lender=elsewhere), world.own_note) == frozenset()


def test_two_roles_on_one_note_add_up(world):
    # The lender user is also made borrower staff of the same note's borrower.
    lender = world.users["lender"]
    Membership.objects.create(user=lender, party=world.own_borrower, role=Role.BORROWER_STAFF)
    assert user_may(lender, Action.RECORD_PAYMENT, world.own_note)
    assert user_may(lender, Action.RECORD_EVENT, world.own_note)
    assert not user_may(lender, Action.REVERSE_PAYMENT, world.own_note)


# --- the API's DRF permission classes (api/permissions.py), built on user_may ---------


class FakeView(APIView):
    def __init__(self, note_actions=None, **kwargs):
        super().__init__()
        self.note_actions = note_actions or {}
        self.kwargs = kwargs


def drf_request(user, method):
    request = getattr(APIRequestFactory(), method.lower())("/")
    request.user = user
    return request


def test_on_an_object_url_the_note_decides_not_the_list_check(world):
    # POST /api/notes/{pk}/payments/: a lender passes the first gate (so a
    # hidden note can answer 404), then is refused on the note itself (403).
    permission = NoteActionPermission()
    view = FakeView({"POST": Action.RECORD_PAYMENT}, pk=world.own_note.pk)
    lender = drf_request(world.users["lender"], "POST")
    assert permission.has_permission(lender, view)
    assert not permission.has_object_permission(lender, view, world.own_note)
    staff = drf_request(world.users["borrower_staff"], "POST")
    assert permission.has_object_permission(staff, view, world.own_note)
    assert not permission.has_object_permission(staff, view, world.foreign_note)
    assert not permission.has_permission(drf_request(AnonymousUser(), "POST"), view)


def test_without_an_object_the_user_needs_the_action_on_some_note(world):
    permission = NoteActionPermission()
    view = FakeView({"POST": Action.BOARD_NOTE})
    assert not permission.has_permission(drf_request(world.users["lender"], "POST"), view)
    assert permission.has_permission(drf_request(world.users["servicer"], "POST"), view)
    assert permission.has_permission(drf_request(world.users["lender"], "GET"), view)


def test_unnamed_unsafe_methods_are_refused(world):
    view = FakeView({}, pk=world.own_note.pk)
    request = drf_request(world.users["servicer"], "DELETE")
    assert not NoteActionPermission().has_permission(request, view)


def test_objects_carry_their_note(world):
    permission = NoteActionPermission()
    view = FakeView({"POST": Action.CONFIRM_PAYMENT}, pk=world.payment("own").pk)
    lender = drf_request(world.users["lender"], "POST")
    assert permission.has_object_permission(lender, view, world.payment("own"))
    assert not permission.has_object_permission(lender, view, world.payment("foreign"))


def test_requires_one_action_for_every_method(world):
    export = requires(Action.EXPORT)()
    view = FakeView()
    assert export.has_permission(drf_request(world.users["accountant"], "GET"), view)
    assert not export.has_permission(drf_request(world.users["lender"], "GET"), view)
