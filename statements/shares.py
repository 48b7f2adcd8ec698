"""Who holds the note on a day, and how an amount splits between them (DESIGN 2).

Every per-lender figure (year-end interest, the lender's journal lines) goes
through `shares_in_effect`, so that dated share transfers change them in one place.
"""

from datetime import date
from decimal import Decimal

from loans.engine.money import ZERO, round_cents
from loans.models import Note, Party
from payments.shares import lender_shares_on


def shares_in_effect(note: Note, on: date) -> list[tuple[Party, Decimal]]:
    """The note's lenders and their shares (percent) on `on`: as boarded, then
    every share transfer effective on or before `on` (payments.shares)."""
    return lender_shares_on(note=note, on=on)


def split_by_share(amount: Decimal, shares: list[tuple[Party, Decimal]]) -> list[Decimal]:
    """`amount` split by percent shares: every part but the last rounded half-up to
    cents, the last takes the remainder, so the parts always add up to `amount`
    (20,411.67 at 50/50: 10,205.835 -> 10,205.84, and 10,205.83 for the last lender)."""
    if not shares:
        return []
    parts = [round_cents(amount * share / 100) for _, share in shares[:-1]]
    return [*parts, amount - sum(parts, ZERO)]
