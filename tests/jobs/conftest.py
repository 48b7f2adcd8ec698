"""Notes for the long-work tests: `board_notes(n)` boards n interest-only notes of one
borrower and lender, note k (from 1) for k x 10,000.00 at 6% under 30/360, dated
2006-01-01, first payment 2006-02-01, no payments.

By hand: January 2006 is 30 days under 30/360 (01-01 to 02-01), so at the end of
January note k owes k x 10,000 x 0.06 x 30/360 = k x 50.00 of interest.
"""

from datetime import date
from decimal import Decimal

from loans.models import Note, Party
from loans.services import note_board


def board_notes(count: int, prefix: str = "JOB") -> list[Note]:
    borrower = Party.objects.create(name=f"{prefix} borrower", kind=Party.Kind.ORGANIZATION)
    lender = Party.objects.create(name=f"{prefix} lender", kind=Party.Kind.PERSON)
    return [
        note_board(
            reference=f"{prefix}-{k:03d}",
            borrower=borrower,
            lenders=[(lender, Decimal("100"))],
            principal=Decimal("10000.00") * k,
            annual_rate=Decimal("6"),
            day_count="30/360",
            dated=date(2006, 1, 1),
            first_payment_date=date(2006, 2, 1),
            maturity_date=date(2008, 1, 1),
            repayment="interest_only",
        )
        for k in range(1, count + 1)
    ]
