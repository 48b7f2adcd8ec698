"""notes_visible_to and friends: memberships drive every queryset (DESIGN 1)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.selectors import notes_visible_to, parties_visible_to
from loans.models import Membership, Role
from tests.accounts.conftest import make_note, make_party, make_user


def refs(qs):
    return sorted(n.reference for n in qs)


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
def test_members_see_their_note_only(world, role):
    visible = notes_visible_to(world.users[role])
    assert refs(visible) == ["OWN-NOTE-2005"]
    assert visible.count() == 1
    assert not visible.filter(pk=world.foreign_note.pk).exists()


def test_servicer_sees_every_note(world):
    assert refs(notes_visible_to(world.users["servicer"])) == [
        "OWN-NOTE-2005",
        "ZETA-FOREIGN-NOTE-77",
    ]


def test_anonymous_and_inactive_see_nothing(world):
    assert notes_visible_to(AnonymousUser()).count() == 0
    assert notes_visible_to(None).count() == 0
    for role in ("lender", "servicer"):
        user = world.users[role]
        user.is_active = False
        user.save()
        assert notes_visible_to(user).count() == 0, role
        assert parties_visible_to(user).count() == 0, role


def test_a_user_without_memberships_sees_nothing(world):
    assert notes_visible_to(make_user("nobody")).count() == 0


def test_accountant_reaches_notes_from_either_side(world):
    borrower_side = make_user("acct_b", **{Role.ACCOUNTANT: world.own_borrower})
    lender_side = make_user("acct_l", **{Role.ACCOUNTANT: world.foreign_lender})
    assert refs(notes_visible_to(borrower_side)) == ["OWN-NOTE-2005"]
    assert refs(notes_visible_to(lender_side)) == ["ZETA-FOREIGN-NOTE-77"]


def test_roles_on_the_wrong_side_reach_nothing(world):
    odd = make_user(
        "odd",
        **{
            Role.LENDER: world.own_borrower,
            Role.BORROWER_STAFF: world.own_lender,
            Role.SERVICER: world.foreign_borrower,
        },
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
    user = make_user("lonely", **{Role.LENDER: lonely})
    assert [p.name for p in parties_visible_to(user)] == ["Lonely Lender"]
    assert notes_visible_to(user).count() == 0
