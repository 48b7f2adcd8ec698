"""Who holds what share of a note on a date (DESIGN 2).

The shares in effect on a date are the lender shares as boarded (`NoteLender`)
plus every share transfer effective on or before that date, taken in the order
of their effective dates (transfers of one day in the order entered): a transfer
to a party that already holds a share adds to it, and a lender whose share
reaches zero drops out. The shares in effect always add up to 100%.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from loans.composed import composed
from loans.engine.money import ZERO
from loans.models import Note, NoteLender, Party
from payments.models import Payment, ShareTransfer

Shares = list[tuple[Party, Decimal]]
"""(party, percent of the note) in order: lenders as boarded, then newcomers in
the order transfers brought them in."""

Move = tuple[date, Party, Party, Decimal]
"""(effective_on, from_party, to_party, share) of one transfer."""


def lender_shares_on(*, note: Note, on: date) -> Shares:
    """The lender shares in effect on `on`."""
    return lender_shares_on_each(note=note, dates=[on])[on]


def lender_shares_on_each(*, note: Note, dates: Iterable[date]) -> dict[date, Shares]:
    """The shares in effect on each date, from two queries whatever the number of dates."""
    boarded, moves = boarded_shares(note), share_moves(note)
    return {on: shares_on(boarded, moves, on) for on in set(dates)}


def shares_on(boarded: Shares, moves: Iterable[Move], on: date) -> Shares:
    """The shares in effect on `on`: the boarded shares and the moves effective by then."""
    return shares_after(boarded, [m for m in moves if m[0] <= on])


def payment_lenders(payment: Payment) -> list[Party]:
    """The parties that held a share of the note on the day the payment was received:
    the lenders whose receipt it is, who may confirm or dispute it."""
    return [party for party, _ in lender_shares_on(note=payment.note, on=payment.received_on)]


def boarded_shares(note: Note) -> Shares:
    return boarded_of(_lenders(note.pk))


@composed
def _lenders(note_pk: int) -> QuerySet[NoteLender]:
    return NoteLender.objects.filter(note_id=note_pk).select_related("party")


def boarded_of(rows: Iterable[NoteLender]) -> Shares:
    """A note's lender rows (with their parties) as shares, in the order boarded."""
    return [(row.party, row.share) for row in sorted(rows, key=lambda row: row.pk)]


def share_moves(note: Note) -> list[Move]:
    """The note's transfers in the order they take effect."""
    return moves_of(
        ShareTransfer.objects.filter(note=note).select_related("from_party", "to_party")
    )


def moves_of(transfers: Iterable[ShareTransfer]) -> list[Move]:
    """Transfers (with their parties) as moves, in the order they take effect."""
    ordered = sorted(transfers, key=lambda t: (t.effective_on, t.pk))
    return [(t.effective_on, t.from_party, t.to_party, t.share) for t in ordered]


def shares_after(boarded: Shares, moves: Iterable[Move]) -> Shares:
    """Apply `moves` in order to the boarded shares; lenders at zero drop out."""
    held: dict[Party, Decimal] = dict(boarded)  # insertion order is the lenders' order
    for _, from_party, to_party, share in moves:
        held[from_party] = held.get(from_party, ZERO) - share
        held[to_party] = held.get(to_party, ZERO) + share
    return [(party, share) for party, share in held.items() if share > 0]


def overdrawn_move(boarded: Shares, moves: Iterable[Move]) -> Move | None:
    """The first move that takes more than its from_party holds at that point, if any."""
    held: dict[Party, Decimal] = dict(boarded)
    for move in moves:
        _, from_party, to_party, share = move
        if held.get(from_party, ZERO) < share:
            return move
        held[from_party] -= share
        held[to_party] = held.get(to_party, ZERO) + share
    return None
