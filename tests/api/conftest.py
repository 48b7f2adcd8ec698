"""API fixtures: the seed note, one user per role on it, and a stranger's note."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from loans.models import Membership, Note, Party, Role
from loans.services import note_board


@dataclass
class Cast:
    """The seed note, a foreign note, and an API client per role."""

    note: Note
    foreign: Note
    clients: dict[str, APIClient]

    def __getitem__(self, role: str) -> APIClient:
        return self.clients[role]


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def foreign_note() -> Note:
    borrower = Party.objects.create(
        name="STRANGER BORROWER LLC", kind="organization", tax_id="987654321"
    )
    lender = Party.objects.create(name="STRANGER LENDER", kind="person")
    return note_board(
        reference="FOREIGN-1",
        borrower=borrower,
        lenders=[(lender, Decimal("100"))],
        principal=Decimal("50000.00"),
        annual_rate=Decimal("6"),
        day_count="30/360",
        dated=date(2006, 1, 1),
        first_payment_date=date(2006, 2, 1),
        maturity_date=date(2009, 1, 1),
        repayment="level",
    )


@pytest.fixture
def cast(seed_note: Note, settings: Any) -> Cast:
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"
    users = get_user_model().objects
    lender_party = seed_note.lender_shares.order_by("pk")[0].party
    members = {
        "lender": (lender_party, Role.LENDER),
        "borrower_staff": (seed_note.borrower, Role.BORROWER_STAFF),
        "accountant": (lender_party, Role.ACCOUNTANT),
    }
    clients = {}
    for role, (party, membership_role) in members.items():
        user = users.create_user(username=role, password="pw-not-used-123")
        Membership.objects.create(user=user, party=party, role=membership_role)
        clients[role] = client_for(user)
    clients["servicer"] = client_for(
        users.create_user(username="servicer", password="pw-not-used-123", is_staff=True)
    )
    clients["anonymous"] = APIClient()
    return Cast(note=seed_note, foreign=foreign_note(), clients=clients)
