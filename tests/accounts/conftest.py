"""A small world for the access tests: two notes that share no party.

"own" is the note every non-servicer test user is attached to; "foreign" is
another borrower's note with other lenders. Every foreign object carries a
marker string that must never reach a non-servicer's response.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from loans.models import Membership, Note, NoteLender, Party
from payments.models import Charge, NoteEvent, Payment

PASSWORD = "a-long enough 7 passphrase"
FOREIGN_PAYMENT_REFERENCE = "ZETA-FOREIGN-CHECK-4471"
FOREIGN_CHARGE_DESCRIPTION = "Zeta foreign collection agency invoice"
FOREIGN_EVENT = "Zeta foreign assignment to its parent"
ROLES = ("lender", "borrower_staff", "accountant", "servicer", "no_membership", "anonymous")
"""The test users' roles; "no_membership" is signed in but a member of no party."""


@dataclass
class World:
    own_note: Note
    foreign_note: Note
    own_borrower: Party
    own_lender: Party
    own_co_lender: Party
    foreign_borrower: Party
    foreign_lender: Party
    users: dict  # role -> User (no entry for "anonymous")
    payments: dict = field(default_factory=dict)  # "own"/"foreign" -> Payment
    charges: dict = field(default_factory=dict)  # "own"/"foreign" -> Charge
    events: dict = field(default_factory=dict)  # "own"/"foreign" -> NoteEvent

    def note(self, whose: str) -> Note:
        """The user's own note ("own") or another party's ("foreign")."""
        return self.own_note if whose == "own" else self.foreign_note

    def party(self, whose: str) -> Party:
        """The own note's borrower, or the foreign one."""
        return self.own_borrower if whose == "own" else self.foreign_borrower

    def payment(self, whose: str) -> Payment:
        return self.payments[whose]

    def charge(self, whose: str) -> Charge:
        return self.charges[whose]

    @property
    def foreign_markers(self) -> list[str]:
        return [
            self.foreign_note.reference,
            self.foreign_borrower.name,
            self.foreign_lender.name,
            FOREIGN_PAYMENT_REFERENCE,
            FOREIGN_CHARGE_DESCRIPTION,
            FOREIGN_EVENT,
        ]


def make_party(name: str, kind: str = Party.Kind.ORGANIZATION) -> Party:
    return Party.objects.create(name=name, kind=kind)


def make_note(reference: str, borrower: Party, lenders: list[tuple[Party, str]]) -> Note:
    note = Note.objects.create(
        reference=reference,
        borrower=borrower,
        principal=Decimal("185000.00"),
        annual_rate=Decimal("12.000000"),
        dated=date(2005, 12, 31),
        accrual_start=date(2005, 12, 31),
        first_payment_date=date(2006, 2, 1),
        maturity_date=date(2008, 1, 1),
        repayment="interest_only",
        instrument_text=f"PROMISSORY NOTE {reference}: the instrument as signed.",
    )
    for party, share in lenders:
        NoteLender.objects.create(note=note, party=party, share=Decimal(share))
    return note


def make_user(username: str, *, staff: bool = False, **memberships: Party):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password=PASSWORD,
        is_staff=staff,
        is_superuser=staff,
    )
    for role, party in memberships.items():
        Membership.objects.create(user=user, party=party, role=role)
    return user


def build_world() -> World:
    own_borrower = make_party("Acme Own Borrower Inc")
    own_lender = make_party("Olive Own-Lender", Party.Kind.PERSON)
    own_co_lender = make_party("Oscar Own-Colender", Party.Kind.PERSON)
    foreign_borrower = make_party("Zeta Foreign Borrower LLC")
    foreign_lender = make_party("Zora Foreign-Lender", Party.Kind.PERSON)
    own_note = make_note("OWN-NOTE-2005", own_borrower, [(own_lender, "50"), (own_co_lender, "50")])
    foreign_note = make_note("ZETA-FOREIGN-NOTE-77", foreign_borrower, [(foreign_lender, "100")])
    users = {
        "lender": make_user("lender", lender=own_lender),
        "borrower_staff": make_user("borrower_staff", borrower_staff=own_borrower),
        "accountant": make_user("accountant", accountant=own_co_lender),
        "servicer": make_user("servicer", staff=True),
        "no_membership": make_user("no_membership"),
    }
    world = World(
        own_note,
        foreign_note,
        own_borrower,
        own_lender,
        own_co_lender,
        foreign_borrower,
        foreign_lender,
        users,
    )
    add_events(world)
    return world


def add_events(world: World) -> None:
    """A payment, a charge and an event on each note, written as rows (not
    through the services: these tests are about who sees them, not how they
    are posted). The event is an assignment to an affiliate: no default."""
    clerk = world.users["servicer"]
    for whose, reference, description, event in (
        ("own", "OWN-CHECK-1001", "Own collection letter", "Own assignment to an affiliate"),
        (
            "foreign",
            FOREIGN_PAYMENT_REFERENCE,
            FOREIGN_CHARGE_DESCRIPTION,
            FOREIGN_EVENT,
        ),
    ):
        note = world.note(whose)
        world.payments[whose] = Payment.objects.create(
            note=note,
            received_on=date(2006, 2, 1),
            amount=Decimal("1911.67"),
            method="check",
            reference=reference,
            entered_by=clerk,
        )
        world.charges[whose] = Charge.objects.create(
            note=note,
            incurred_on=date(2006, 3, 1),
            amount=Decimal("250.00"),
            kind="collection_cost",
            description=description,
            entered_by=clerk,
        )
        world.events[whose] = NoteEvent.objects.create(
            note=note,
            kind="borrower_assignment",
            date=date(2006, 6, 1),
            affiliate=True,
            description=event,
            entered_by=clerk,
        )


@pytest.fixture
def world(db) -> World:
    return build_world()
