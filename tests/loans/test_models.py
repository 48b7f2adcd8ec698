"""The database itself refuses what must never hold, whatever code writes
(the admin, a shell, a future service): loans/models/notes.py constraints."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from loans.models import CollateralReference, Membership, Note, NoteLender, Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def borrower(make_party: Any) -> Party:
    return make_party("Borrower Co")


def note_fields(borrower: Party, **change: Any) -> dict[str, Any]:
    fields = {
        "reference": "N-1",
        "borrower": borrower,
        "principal": Decimal("1000.00"),
        "annual_rate": Decimal("5"),
        "day_count": "30/360",
        "dated": date(2024, 1, 1),
        "accrual_start": date(2024, 1, 1),
        "first_payment_date": date(2024, 2, 1),
        "maturity_date": date(2025, 1, 1),
        "repayment": "interest_only",
    }
    return {**fields, **change}


def test_a_valid_row_is_accepted(borrower: Party) -> None:
    note = Note.objects.create(**note_fields(borrower))
    assert note.status == "current"


@pytest.mark.parametrize(
    "change",
    [
        {"principal": Decimal("0.00")},
        {"principal": Decimal("-5.00")},
        {"annual_rate": Decimal("-0.000001")},
        {"annual_rate": Decimal("100.000001")},
        {"maturity_date": date(2024, 2, 1)},
        {"maturity_date": date(2024, 1, 15)},
        {"first_payment_date": date(2024, 1, 1)},
        {"payment_frequency_months": 5},
        {"payment_frequency_months": 24},
        {"installment_amount": Decimal("0.00")},
        {"amortization_periods": 0},
        {"day_count": "ACT/364"},
        {"repayment": "balloon"},
        {"acceleration": "never"},
    ],
    ids=str,
)
def test_note_constraints(borrower: Party, change: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.create(**note_fields(borrower, **change))


@pytest.mark.parametrize("rate", ["0", "100"])
def test_rate_bounds_are_inclusive(borrower: Party, rate: str) -> None:
    Note.objects.create(**note_fields(borrower, annual_rate=Decimal(rate)))


@pytest.mark.parametrize("share", ["0", "-1", "100.0001"])
def test_share_must_be_above_0_and_at_most_100(
    borrower: Party, make_party: Any, share: str
) -> None:
    note = Note.objects.create(**note_fields(borrower))
    lender = make_party("Lender", kind="person")
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteLender.objects.create(note=note, party=lender, share=Decimal(share))
    NoteLender.objects.create(note=note, party=lender, share=Decimal("100"))


def test_one_share_per_lender(borrower: Party, make_party: Any) -> None:
    note = Note.objects.create(**note_fields(borrower))
    lender = make_party("Lender", kind="person")
    NoteLender.objects.create(note=note, party=lender, share=Decimal("50"))
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteLender.objects.create(note=note, party=lender, share=Decimal("50"))


def test_reference_is_unique(borrower: Party) -> None:
    Note.objects.create(**note_fields(borrower))
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.create(**note_fields(borrower))


def test_one_membership_per_user_party_role(borrower: Party) -> None:
    user = get_user_model().objects.create_user(username="ap-clerk")
    Membership.objects.create(user=user, party=borrower, role="borrower_staff")
    Membership.objects.create(user=user, party=borrower, role="accountant")  # another role: ok
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, party=borrower, role="borrower_staff")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, party=borrower, role="owner")


def test_party_kind_is_known() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(name="Somebody", kind="trust")


def test_collateral_lapses_after_filing(borrower: Party) -> None:
    note = Note.objects.create(**note_fields(borrower))
    fields = {"note": note, "kind": "ucc1_filing", "title": "UCC-1"}
    with pytest.raises(IntegrityError), transaction.atomic():
        CollateralReference.objects.create(
            **fields, filing_date=date(2024, 1, 10), lapse_date=date(2024, 1, 10)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CollateralReference.objects.create(**{**fields, "kind": "pledge"})


def test_tax_id_masked() -> None:
    assert Party(name="A", kind="person", tax_id="123-45-6789").tax_id_masked == "***-**-6789"
    assert Party(name="B", kind="person").tax_id_masked == ""
