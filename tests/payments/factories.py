"""Small factories for posting tests: a note on the seed's terms, and users.

The note is created directly (not through `note_board` or `loans.seed`) so that these
tests depend only on the models.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from loans.models import Note, NoteLender, Party

SEED_TERMS: dict[str, Any] = {
    "principal": Decimal("185000.00"),
    "annual_rate": Decimal("12.000000"),
    "day_count": "30/360",
    "dated": date(2005, 12, 31),
    "accrual_start": date(2005, 12, 31),
    "first_payment_date": date(2006, 2, 1),
    "payment_frequency_months": 1,
    "maturity_date": date(2008, 1, 1),
    "repayment": "interest_only",
    "notice_required": True,
    "cure_days": 10,
    "acceleration": "automatic",
    "governing_law": "New York",
}


def make_note(reference: str = "TEST-SEED-TERMS", **overrides: Any) -> Note:
    """A note on the seed's terms (DESIGN 3.3), two lenders 50/50."""
    borrower = Party.objects.create(name=f"Borrower of {reference}", kind="organization")
    note = Note.objects.create(reference=reference, borrower=borrower, **(SEED_TERMS | overrides))
    for name in ("David", "Leah"):
        lender = Party.objects.create(name=f"{name} ({reference})", kind="person")
        NoteLender.objects.create(note=note, party=lender, share=Decimal("50"))
    return note


def make_user(username: str = "clerk") -> Any:
    return get_user_model().objects.create_user(username=username, password="not-used-1234")
