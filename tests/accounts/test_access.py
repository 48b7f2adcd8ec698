"""accounts.access: the one door to a note. 404 for what the user may not see, 403 for
what their role may not do there, decided once for the API and the pages alike.

Expected answers come from DESIGN 1, written out here: every role sees its own note
and nothing of the foreign one (servicers see both); a lender records events but not
payments; borrower staff record payments but not events.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accounts.access import answering_lender, note_and_actions, note_for, payment_for
from accounts.permissions import Action, user_may
from accounts.selectors import notes_visible_to
from loans.models import Membership, Party, Role
from payments.models import ShareTransfer
from tests.accounts.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant", "servicer"])
def test_every_role_reads_its_own_note(world, role):
    user = world.users[role]
    assert note_for(user=user, pk=world.own_note.pk) == world.own_note


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
@pytest.mark.parametrize("action", list(Action))
def test_a_foreign_note_is_not_found_whatever_the_action(world, role, action):
    # 404 even for actions the role could never do: hiding comes before refusing.
    with pytest.raises(Http404):
        note_for(user=world.users[role], pk=world.foreign_note.pk, action=action)


@pytest.mark.parametrize("side", ["borrower", "lender"])
@pytest.mark.parametrize("role", list(Role))
def test_whoever_sees_a_note_may_read_it(world, side, role):
    # note_for does not ask user_may about reading: a membership of any role on either
    # side either hides the note (404) or lets its holder read it, never a third answer.
    party = world.own_borrower if side == "borrower" else world.own_lender
    user = make_user(f"{role}-of-the-{side}", **{role: party})
    try:
        note = note_for(user=user, pk=world.own_note.pk)
    except Http404:
        assert not user_may(user, Action.READ, world.own_note)
    else:
        assert user_may(user, Action.READ, note)


def test_the_servicer_reaches_every_note_for_every_action(world):
    for action in Action:
        assert note_for(user=world.users["servicer"], pk=world.foreign_note.pk, action=action)


def test_anonymous_users_and_missing_notes_are_not_found(world):
    with pytest.raises(Http404):
        note_for(user=AnonymousUser(), pk=world.own_note.pk)
    with pytest.raises(Http404):
        note_for(user=world.users["servicer"], pk=world.foreign_note.pk + 1000)


@pytest.mark.parametrize("side", ["borrower", "lender", "transferee", "stranger"])
@pytest.mark.parametrize("role", list(Role))
def test_a_note_is_seen_exactly_when_the_user_may_do_something_on_it(world, side, role):
    """note_and_actions (writes, the note page) decides visibility from the user's actions
    on the note; notes_visible_to (reads, lists) from memberships: one answer for every
    role on the borrower, on a lender as boarded, on a party holding a share by
    transfer, and on a party of another note."""
    buyer = Party.objects.create(name="Share Buyer LLC", kind=Party.Kind.ORGANIZATION)
    ShareTransfer.objects.create(
        note=world.own_note, from_party=world.own_lender, to_party=buyer, share=Decimal("10"),
        effective_on=date(2006, 6, 1), entered_by=world.users["servicer"],
    )  # fmt: skip
    party = {"borrower": world.own_borrower, "lender": world.own_lender, "transferee": buyer,
             "stranger": world.foreign_lender}[side]  # fmt: skip
    user = make_user(f"{role}-of-the-{side}", **{role: party})
    seen = notes_visible_to(user).filter(pk=world.own_note.pk).exists()
    if seen:
        note, allowed = note_and_actions(user=user, pk=world.own_note.pk)
        assert note == world.own_note and Action.READ in allowed
    else:
        with pytest.raises(Http404):
            note_and_actions(user=user, pk=world.own_note.pk)
    # What the roles of DESIGN 1 reach: borrower staff and accountants the borrower's
    # notes, lenders and accountants the notes their party lends on.
    reaches = {"borrower": {"borrower_staff", "accountant"}, "lender": {"lender", "accountant"},
               "transferee": {"lender", "accountant"}, "stranger": set()}[side]  # fmt: skip
    assert seen is (role in reaches)


def test_note_and_actions_hides_a_note_from_the_anonymous_the_inactive_and_nobody(world):
    lender = world.users["lender"]
    lender.is_active = False
    lender.save()
    for user in (AnonymousUser(), lender, world.users["no_membership"]):
        with pytest.raises(Http404):
            note_and_actions(user=user, pk=world.own_note.pk)
    with pytest.raises(Http404):
        note_and_actions(user=world.users["servicer"], pk=world.foreign_note.pk + 1000)
    note, allowed = note_and_actions(user=world.users["servicer"], pk=world.foreign_note.pk)
    assert note == world.foreign_note and allowed == frozenset(Action)


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("lender", Action.RECORD_EVENT, True),
        ("lender", Action.RECORD_PAYMENT, False),
        ("borrower_staff", Action.RECORD_PAYMENT, True),
        ("borrower_staff", Action.RECORD_EVENT, False),
        ("accountant", Action.EXPORT, True),
        ("accountant", Action.RECORD_CHARGE, False),
    ],
)
def test_a_visible_note_refuses_what_the_role_may_not_do(world, role, action, allowed):
    user = world.users[role]
    if allowed:
        assert note_for(user=user, pk=world.own_note.pk, action=action) == world.own_note
    else:
        with pytest.raises(PermissionDenied, match="Your role on this note does not allow"):
            note_for(user=user, pk=world.own_note.pk, action=action)


def test_payment_for_follows_its_note(world):
    lender, own, foreign = world.users["lender"], world.payment("own"), world.payment("foreign")
    assert payment_for(user=lender, pk=own.pk, action=Action.CONFIRM_PAYMENT) == own
    with pytest.raises(PermissionDenied):
        payment_for(user=lender, pk=own.pk, action=Action.REVERSE_PAYMENT)
    with pytest.raises(Http404):
        payment_for(user=lender, pk=foreign.pk, action=Action.CONFIRM_PAYMENT)


def test_a_lender_answers_for_their_only_lender_party(world):
    lender = world.users["lender"]  # lender of own_lender only, not of the co-lender
    party = answering_lender(user=lender, payment=world.payment("own"), party_id=None)
    assert party == world.own_lender
    with pytest.raises(ValidationError) as refused:
        answering_lender(user=lender, payment=world.payment("own"), party_id=world.own_co_lender.pk)
    assert "lender_party" in refused.value.message_dict


def test_a_servicer_names_the_lender_when_there_are_two(world):
    servicer = world.users["servicer"]
    with pytest.raises(ValidationError):
        answering_lender(user=servicer, payment=world.payment("own"), party_id=None)
    named = answering_lender(
        user=servicer, payment=world.payment("own"), party_id=world.own_co_lender.pk
    )
    assert named == world.own_co_lender


def test_a_lender_of_both_parties_must_name_one(world):
    both = make_user("both", lender=world.own_lender)
    Membership.objects.create(user=both, party=world.own_co_lender, role=Role.LENDER)
    with pytest.raises(ValidationError):
        answering_lender(user=both, payment=world.payment("own"), party_id=None)
