"""notes_visible_to and friends: memberships drive every queryset (DESIGN 1)."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.access import note_and_actions, note_for
from accounts.permissions import Action, role_actions, roles_on_note, user_may
from accounts.selectors import (
    NotesVisible,
    charges_visible_to,
    note_events_visible_to,
    notes_user_may,
    notes_visible_to,
    parties_visible_to,
    payment_confirmations_visible_to,
    payment_reversals_visible_to,
    payments_visible_to,
)
from loans.models import Membership, Note, NoteLender, Role
from payments.models import PaymentConfirmation, PaymentReversal, ShareTransfer
from tests.accounts.conftest import make_note, make_party, make_user


def refs(qs):
    return sorted(n.reference for n in qs)


visible_composed = NotesVisible(lambda notes: notes)
"""notes_visible_to's notes composed once (loans.composed): must be the same notes."""


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
def test_members_see_their_note_only(world, role):
    visible = notes_visible_to(world.users[role])
    assert refs(visible) == ["OWN-NOTE-2005"]
    assert visible.count() == 1
    assert not visible.filter(pk=world.foreign_note.pk).exists()


def test_servicer_sees_every_note(world):
    servicer = world.users["servicer"]
    assert refs(notes_visible_to(servicer)) == ["OWN-NOTE-2005", "ZETA-FOREIGN-NOTE-77"]
    assert refs(visible_composed(servicer)) == ["OWN-NOTE-2005", "ZETA-FOREIGN-NOTE-77"]
    assert note_for(user=servicer, pk=world.foreign_note.pk) == world.foreign_note


def test_reading_one_note_takes_its_values(world):
    lender = world.users["lender"]
    assert note_for(user=lender, pk=world.own_note.pk).reference == "OWN-NOTE-2005"
    for user, pk in ((lender, world.foreign_note.pk), (AnonymousUser(), world.own_note.pk)):
        with pytest.raises(Http404):
            note_for(user=user, pk=pk)


def test_anonymous_and_inactive_see_nothing(world):
    assert notes_visible_to(AnonymousUser()).count() == 0
    assert visible_composed(AnonymousUser()) == visible_composed(None) == []
    assert notes_visible_to(None).count() == 0
    for role in ("lender", "servicer"):
        user = world.users[role]
        user.is_active = False
        user.save()
        assert notes_visible_to(user).count() == 0, role
        assert visible_composed(user) == [], role
        assert parties_visible_to(user).count() == 0, role


def test_a_user_without_memberships_sees_nothing(world):
    assert notes_visible_to(make_user("nobody")).count() == 0


def test_accountant_reaches_notes_from_either_side(world):
    borrower_side = make_user("acct_b", accountant=world.own_borrower)
    lender_side = make_user("acct_l", accountant=world.foreign_lender)
    assert refs(notes_visible_to(borrower_side)) == ["OWN-NOTE-2005"]
    assert refs(notes_visible_to(lender_side)) == ["ZETA-FOREIGN-NOTE-77"]


def test_roles_on_the_wrong_side_reach_nothing(world):
    odd = make_user(
        "odd",
        lender=world.own_borrower,
        borrower_staff=world.own_lender,
        servicer=world.foreign_borrower,
    )
    assert notes_visible_to(odd).count() == 0


def test_a_note_reached_several_ways_is_counted_once(world):
    # The lender user also becomes lender of the co-lender party and accountant
    # of the borrower: three paths to the same note, still one row.
    lender = world.users["lender"]
    Membership.objects.create(user=lender, party=world.own_co_lender, role=Role.LENDER)
    Membership.objects.create(user=lender, party=world.own_borrower, role=Role.ACCOUNTANT)
    assert notes_visible_to(lender).count() == 1
    assert len(list(notes_visible_to(lender))) == 1


def test_a_lender_on_two_notes_sees_both(world):
    second = make_note("OWN-NOTE-2006", make_party("Beta Borrower"), [(world.own_lender, "100")])
    assert refs(notes_visible_to(world.users["lender"])) == ["OWN-NOTE-2005", second.reference]


def test_parties_visible_are_those_of_visible_notes(world):
    names = sorted(p.name for p in parties_visible_to(world.users["borrower_staff"]))
    assert names == ["Acme Own Borrower Inc", "Olive Own-Lender", "Oscar Own-Colender"]
    assert parties_visible_to(world.users["servicer"]).count() == 5


def test_a_members_own_party_is_visible_without_a_note(world):
    lonely = make_party("Lonely Lender")
    user = make_user("lonely", lender=lonely)
    assert [p.name for p in parties_visible_to(user)] == ["Lonely Lender"]
    assert notes_visible_to(user).count() == 0


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
def test_payments_and_charges_follow_their_note(world, role):
    user = world.users[role]
    assert list(payments_visible_to(user)) == [world.payment("own")]
    assert list(charges_visible_to(user)) == [world.charge("own")]


def test_servicer_sees_every_payment_and_charge(world):
    servicer = world.users["servicer"]
    assert payments_visible_to(servicer).count() == 2
    assert charges_visible_to(servicer).count() == 2


def test_anonymous_sees_no_payment_or_charge(world):
    assert payments_visible_to(AnonymousUser()).count() == 0
    assert charges_visible_to(AnonymousUser()).count() == 0


def test_reversals_and_confirmations_follow_their_payment(world):
    clerk = world.users["servicer"]
    for whose in ("own", "foreign"):
        payment = world.payment(whose)
        PaymentReversal.objects.create(
            payment=payment, reversed_on=date(2006, 2, 3), reason="returned", entered_by=clerk
        )
        lender = world.own_lender if whose == "own" else world.foreign_lender
        PaymentConfirmation.objects.create(
            payment=payment, lender_party=lender, confirmed=True, by=clerk
        )
    lender = world.users["lender"]
    assert [r.payment for r in payment_reversals_visible_to(lender)] == [world.payment("own")]
    assert [c.payment for c in payment_confirmations_visible_to(lender)] == [world.payment("own")]
    assert payment_reversals_visible_to(clerk).count() == 2


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
def test_note_events_follow_their_note(world, role):
    assert list(note_events_visible_to(world.users[role])) == [world.events["own"]]
    assert note_events_visible_to(world.users["servicer"]).count() == 2
    assert note_events_visible_to(AnonymousUser()).count() == 0


@pytest.mark.django_db
def test_notes_user_may_keeps_only_the_notes_where_the_role_allows_it():
    # One user, accountant of borrower A and lender on B's note: exports (DESIGN 1:
    # accountants) reach A's note only, reads reach both, and payments (borrower staff)
    # neither. The answer agrees with user_may note by note.
    a, b, lender_b = make_party("A Corp"), make_party("B Corp"), make_party("Lender B")
    note_a = make_note("NOTE-A", a, [(make_party("Lender A"), "100")])
    note_b = make_note("NOTE-B", b, [(lender_b, "100")])
    user = make_user("mixed", accountant=a, lender=lender_b)

    assert refs(notes_user_may(user, Action.EXPORT)) == ["NOTE-A"]
    assert refs(notes_user_may(user, Action.READ)) == ["NOTE-A", "NOTE-B"]
    assert refs(notes_user_may(user, Action.RECORD_PAYMENT)) == []
    assert [user_may(user, Action.EXPORT, n) for n in (note_a, note_b)] == [True, False]
    assert refs(notes_user_may(AnonymousUser(), Action.READ)) == []


def test_visibility_matches_the_memberships_read_in_python(db):
    """Notes and parties seen, and notes a user may act on, for users holding random
    memberships on random notes with share transfers, against the rule of DESIGN 1
    worked out here from the rows themselves."""
    rng = random.Random(12)
    parties = [make_party(f"Party {i}") for i in range(6)]
    clerk = make_user("transfer-clerk", staff=True)
    notes = []
    for i in range(5):
        lenders = rng.sample(parties, 2)
        borrower = rng.choice([p for p in parties if p not in lenders])
        note = make_note(f"NOTE-{i}", borrower, [(lenders[0], "60"), (lenders[1], "40")])
        notes.append(note)
        if i % 2:
            to_party = rng.choice([p for p in parties if p not in lenders])
            ShareTransfer.objects.create(
                note=note, from_party=lenders[1], to_party=to_party, share=Decimal("40"),
                effective_on=date(2006, 6, 1), entered_by=clerk,
            )  # fmt: skip
    roles = [Role.LENDER, Role.BORROWER_STAFF, Role.ACCOUNTANT]
    users = []
    for i in range(8):
        user = make_user(f"member-{i}")
        for party, role in {(rng.choice(parties), rng.choice(roles)) for _ in range(i % 4)}:
            Membership.objects.create(user=user, party=party, role=role)
        users.append(user)

    def reached(user, allowed):
        mine = [(m.party_id, m.role) for m in Membership.objects.filter(user=user)]
        seen = set()
        for note in notes:
            lenders = {nl.party_id for nl in NoteLender.objects.filter(note=note)}
            lenders |= {t.to_party_id for t in ShareTransfer.objects.filter(note=note)}
            for party_id, role in mine:
                if role not in allowed:
                    continue
                borrower_side = role in (Role.BORROWER_STAFF, Role.ACCOUNTANT)
                lender_side = role in (Role.LENDER, Role.ACCOUNTANT)
                if (borrower_side and party_id == note.borrower_id) or (
                    lender_side and party_id in lenders
                ):
                    seen.add(note.reference)
        return sorted(seen)

    every_role = set(roles)
    for user in users:
        seen = reached(user, every_role)
        assert refs(notes_visible_to(user)) == seen, user
        assert refs(visible_composed(user)) == seen, user
        own = {m.party.name for m in Membership.objects.filter(user=user)}
        of_notes = set()
        for note in Note.objects.filter(reference__in=seen):
            of_notes.add(note.borrower.name)
            of_notes |= {nl.party.name for nl in NoteLender.objects.filter(note=note)}
            of_notes |= {t.to_party.name for t in ShareTransfer.objects.filter(note=note)}
        assert sorted(p.name for p in parties_visible_to(user)) == sorted(own | of_notes), user
        for action in (Action.RECORD_PAYMENT, Action.EXPORT, Action.CONFIRM_PAYMENT):
            allowed = {r for r in roles if action in role_actions({r})}
            assert refs(notes_user_may(user, action)) == reached(user, allowed), (user, action)
        # The roles on each note: those reaching it when only that role is allowed, as
        # roles_on_note reads them and as note_and_actions reads them beside the note.
        for note in notes:
            held = {str(role) for role in roles if note.reference in reached(user, {role})}
            assert roles_on_note(user, note) == held, (user, note.reference)
            if note.reference in seen:
                expected = (note, role_actions(held))
                assert note_and_actions(user=user, pk=note.pk) == expected, user
            else:
                assert held == set(), (user, note.reference)
                with pytest.raises(Http404):
                    note_and_actions(user=user, pk=note.pk)
    checked = [
        {role for role in roles if note.reference in reached(user, {role})}
        for user in users
        for note in notes
    ]
    # The draw reaches notes by every role, and by two at once.
    assert {role for held in checked for role in held} == set(roles)
    assert any(len(held) > 1 for held in checked)
