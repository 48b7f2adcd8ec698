"""The seed note is boarded exactly as the 2005 instrument reads, and
`load_seed_note [--demo]` run twice changes nothing."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from loans.models import Membership, Note, Party, Role
from loans.seed import SEED_TEXT

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_note_terms_match_the_instrument(seed_note: Note) -> None:
    note = Note.objects.get(reference="INFINITE-2005-12-31")
    assert note == seed_note
    # "$185,000.00 ... interest at the annual rate of twelve percent (12%)"
    assert note.principal == Decimal("185000.00")
    assert note.annual_rate == Decimal("12")
    assert note.day_count == "30/360"
    # "Dated: December 31, 2005"; "commencing February 1, 2006"; "due ... January 1, 2008"
    assert (note.dated, note.accrual_start) == (date(2005, 12, 31), date(2005, 12, 31))
    assert note.first_payment_date == date(2006, 2, 1)
    assert note.maturity_date == date(2008, 1, 1)
    assert note.payment_frequency_months == 1
    assert note.repayment == "interest_only"
    assert note.installment_amount is None
    # clause (i): "within ten (10) days of its due date following the Lender's written notice"
    assert (note.notice_required, note.cure_days, note.grace_days) == (True, 10, 0)
    # "shall immediately become due and payable without further notice"
    assert note.acceleration == "automatic"
    assert note.governing_law == "New York"
    assert "without penalty, to prepay all or any part" in note.prepayment_terms
    assert note.instrument_text == SEED_TEXT.read_text(encoding="utf-8")
    assert "Michael S. Smith, President" in note.instrument_text


def test_seed_parties(seed_note: Note) -> None:
    borrower = seed_note.borrower
    assert (borrower.name, borrower.kind) == ("INFINITE GROUP, INC.", "organization")
    assert (borrower.address_line1, borrower.address_line2) == ("595 Blossom Road", "Suite 309")
    assert (borrower.city, borrower.state, borrower.postal_code) == ("Rochester", "NY", "14623")
    shares = seed_note.lender_shares.select_related("party").order_by("party__name")
    assert [(s.party.name, s.party.kind, s.share) for s in shares] == [
        ("DAVID N. SLAVNY", "person", Decimal("50")),
        ("LEAH A. SLAVNY", "person", Decimal("50")),
    ]
    for share in shares:
        lender = share.party
        assert (lender.address_line1, lender.city, lender.state, lender.postal_code) == (
            "20 Cobble Creek Road",
            "Victor",
            "NY",
            "14564",
        )


def test_seed_collateral(seed_note: Note) -> None:
    (agreement,) = seed_note.collateral.all()
    assert agreement.kind == "security_agreement"
    assert agreement.title == "Collateral Security Agreement"
    assert agreement.date == date(2005, 12, 31)
    assert "DAVID N. SLAVNY" in agreement.parties
    assert "INFINITE GROUP, INC." in agreement.parties


def test_load_seed_note_twice_changes_nothing() -> None:
    call_command("load_seed_note", stdout=StringIO())
    after_first = row_counts()
    assert after_first["loans.Note"] == 1
    assert after_first["loans.Party"] == 3
    call_command("load_seed_note", stdout=StringIO())
    assert row_counts() == after_first


def test_demo_users_and_memberships() -> None:
    out = StringIO()
    call_command("load_seed_note", "--demo", stdout=out)
    users = {user.username: user for user in get_user_model().objects.all()}
    assert set(users) == {"servicer", "lender", "borrower", "accountant"}
    assert "servicer-demo-2007" in out.getvalue()
    assert users["servicer"].check_password("servicer-demo-2007")
    servicer = users["servicer"]
    assert servicer.is_staff and not servicer.is_superuser
    assert servicer.has_perm("loans.add_note") and servicer.has_perm("loans.change_party")
    assert servicer.has_perm("auth.add_user")
    assert not servicer.has_perm("auth.delete_user")
    assert not any(users[name].is_staff for name in ("lender", "borrower", "accountant"))
    memberships = {(m.user.username, m.party.name, m.role) for m in Membership.objects.all()}
    assert memberships == {
        ("lender", "DAVID N. SLAVNY", Role.LENDER),
        ("borrower", "INFINITE GROUP, INC.", Role.BORROWER_STAFF),
        ("accountant", "DAVID N. SLAVNY", Role.ACCOUNTANT),
        ("accountant", "LEAH A. SLAVNY", Role.ACCOUNTANT),
    }


def test_demo_twice_changes_nothing() -> None:
    call_command("load_seed_note", "--demo", stdout=StringIO())
    servicer = get_user_model().objects.get(username="servicer")
    servicer.set_password("changed-by-the-servicer")
    servicer.save()
    after_first = row_counts()
    out = StringIO()
    call_command("load_seed_note", "--demo", stdout=out)
    assert row_counts() == after_first
    servicer.refresh_from_db()
    assert servicer.check_password("changed-by-the-servicer")  # not reset by the second run
    assert "already there" in out.getvalue()


def test_seed_reuses_existing_parties(make_party: object) -> None:
    Party.objects.create(name="INFINITE GROUP, INC.", kind="organization", city="Rochester")
    call_command("load_seed_note", stdout=StringIO())
    assert Party.objects.filter(name="INFINITE GROUP, INC.").count() == 1
