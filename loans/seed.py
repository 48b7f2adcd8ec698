"""The seed note (DESIGN, issue 2): the 2005 Infinite Group note, boarded from
loans/fixtures/promissory-note-2005-infinite-group.txt, and the demo users of
`make run`. Every function here is idempotent: a second run changes nothing.

Choices (also in README.md, "The seed note"):
- The note prints the borrower's ZIP as "14610 14623"; the party is stored with
  14623 and the instrument text keeps both, verbatim.
- The note names no day count; it is boarded as 30/360 (DESIGN 3.3).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import transaction
from django.db.models import Q

from loans.models import Membership, Note, Party, Role
from loans.services import note_board

SEED_REFERENCE = "INFINITE-2005-12-31"
SEED_TEXT = Path(__file__).resolve().parent / "fixtures" / "promissory-note-2005-infinite-group.txt"
SEED_DATED = date(2005, 12, 31)
PREPAYMENT_TERMS = (
    "Borrower shall have the right, at its option and without prior notice to Lender, and "
    "without penalty, to prepay all or any part of the outstanding principal amount of this "
    "Note at any time."
)

BORROWER = {
    "name": "INFINITE GROUP, INC.",
    "kind": Party.Kind.ORGANIZATION,
    "address_line1": "595 Blossom Road",
    "address_line2": "Suite 309",
    "city": "Rochester",
    "state": "NY",
    "postal_code": "14623",
}
LENDER_ADDRESS = {
    "kind": Party.Kind.PERSON,
    "address_line1": "20 Cobble Creek Road",
    "city": "Victor",
    "state": "NY",
    "postal_code": "14564",
}
LENDER_NAMES = ("DAVID N. SLAVNY", "LEAH A. SLAVNY")


def _party(fields: dict[str, str]) -> Party:
    name, kind = fields["name"], fields["kind"]
    party, _ = Party.objects.get_or_create(name=name, kind=kind, defaults=fields)
    return party


@transaction.atomic
def seed_note_board() -> Note:
    """Board the seed note with its two lenders (50/50) and its security agreement,
    or return it unchanged when it is already boarded."""
    existing = Note.objects.filter(reference=SEED_REFERENCE).first()
    if existing is not None:
        return existing
    borrower = _party(BORROWER)
    lenders = [_party({"name": name, **LENDER_ADDRESS}) for name in LENDER_NAMES]
    return note_board(
        reference=SEED_REFERENCE,
        borrower=borrower,
        lenders=[(lender, Decimal("50")) for lender in lenders],
        principal=Decimal("185000.00"),
        annual_rate=Decimal("12"),
        day_count="30/360",
        dated=SEED_DATED,
        accrual_start=SEED_DATED,
        first_payment_date=date(2006, 2, 1),
        payment_frequency_months=1,
        maturity_date=date(2008, 1, 1),
        repayment="interest_only",
        notice_required=True,
        cure_days=10,
        acceleration="automatic",
        governing_law="New York",
        prepayment_terms=PREPAYMENT_TERMS,
        # Bytes, then decoded: read_text() would translate line endings.
        instrument_text=SEED_TEXT.read_bytes().decode("utf-8"),
        collateral=[_security_agreement(borrower, lenders)],
    )


def _security_agreement(borrower: Party, lenders: list[Party]) -> dict[str, object]:
    lender_names = " and ".join(lender.name for lender in lenders)
    return {
        "kind": "security_agreement",
        "title": "Collateral Security Agreement",
        "date": SEED_DATED,
        "parties": f"{lender_names} (Lender) and {borrower.name} (Borrower)",
        "notes": (
            'The note: "This Note is secured by in accordance with that certain Collateral '
            "Security Agreement of dated December 31, 2005 by and between the Lender and the "
            'Borrower." No UCC-1 filing is named in the note.'
        ),
    }


@dataclass(frozen=True)
class DemoUser:
    """A demo login of `make run`, one per role of DESIGN 1."""

    username: str
    """Login name."""
    password: str
    """Demo password, set only when the user is first created."""
    role: str
    """The role of DESIGN 1 this user demonstrates."""
    parties: tuple[str, ...]
    """Names of the parties it is a member of, in that role (none for the servicer)."""


DEMO_USERS = (
    DemoUser("servicer", "servicer-demo-2007", Role.SERVICER, ()),
    DemoUser("lender", "lender-demo-2007", Role.LENDER, ("DAVID N. SLAVNY",)),
    DemoUser("borrower", "borrower-demo-2007", Role.BORROWER_STAFF, ("INFINITE GROUP, INC.",)),
    DemoUser("accountant", "accountant-demo-2007", Role.ACCOUNTANT, LENDER_NAMES),
)
SERVICERS_GROUP = "Servicers"
# The servicer is staff, not a superuser: it boards and edits parties, notes,
# collateral and memberships, manages users, records (never edits) payments.
SERVICER_PERMISSIONS = (
    Q(content_type__app_label="loans")
    | Q(
        content_type__app_label__in=["payments", "statements"],
        codename__regex=r"^(add|view)_",
    )
    | Q(content_type__app_label="auth", codename__in=["add_user", "change_user", "view_user"])
)


@transaction.atomic
def seed_demo_users() -> list[tuple[DemoUser, bool]]:
    """Create the demo users and their memberships; (user, created) for each."""
    seed_note_board()
    servicers = _servicers_group()
    return [(demo, _demo_user(demo, servicers)) for demo in DEMO_USERS]


def _servicers_group() -> Group:
    group, created = Group.objects.get_or_create(name=SERVICERS_GROUP)
    if created:
        group.permissions.set(Permission.objects.filter(SERVICER_PERMISSIONS))
    return group


def _demo_user(demo: DemoUser, servicers: Group) -> bool:
    user_model = get_user_model()
    user: AbstractUser
    user, created = user_model.objects.get_or_create(username=demo.username)
    if created:
        user.set_password(demo.password)
        user.is_staff = demo.role == Role.SERVICER
        user.save()
        if user.is_staff:
            user.groups.add(servicers)
    for name in demo.parties:
        party = Party.objects.get(name=name)
        Membership.objects.get_or_create(user=user, party=party, role=demo.role)
    return created
