"""Who holds the note on a day, and how an amount splits between them (DESIGN 2).

Every per-lender figure (year-end interest, the lender's journal lines) goes
through `shares_in_effect`, so that dated share transfers change them in one place.
The shares as boarded and the transfers are read once per note log, whatever the
number of dates asked.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from loans.engine.money import ZERO, round_cents
from loans.models import NoteLender, Party
from payments.models import ShareTransfer
from payments.shares import Move, boarded_shares, share_moves, shares_after
from statements.log import NoteLog


def shares_in_effect(log: NoteLog, on: date) -> list[tuple[Party, Decimal]]:
    """The note's lenders and their shares (percent) on `on`: as boarded, then
    every share transfer effective on or before `on` (payments.shares)."""
    if "shares" not in log.memo:
        log.memo["shares"] = (boarded_shares(log.note), share_moves(log.note))
    boarded, moves = log.memo["shares"]
    return shares_after(boarded, [move for move in moves if move[0] <= on])


def split_by_share(amount: Decimal, shares: list[tuple[Party, Decimal]]) -> list[Decimal]:
    """`amount` split by percent shares: every part but the last rounded half-up to
    cents, the last takes the remainder, so the parts always add up to `amount`
    (20,411.67 at 50/50: 10,205.835 -> 10,205.84, and 10,205.83 for the last lender)."""
    if not shares:
        return []
    parts = [round_cents(amount * share / 100) for _, share in shares[:-1]]
    return [*parts, amount - sum(parts, ZERO)]


def read_shares(logs: Iterable[NoteLog]) -> None:
    """Read every log's shares as boarded and transfers for `shares_in_effect` at once,
    in two queries whatever the number of notes (the month-end close's chunks)."""
    logs = [log for log in logs if "shares" not in log.memo]
    ids = [log.note.pk for log in logs]
    boarded: dict[int, list[tuple[Party, Decimal]]] = {note_id: [] for note_id in ids}
    moves: dict[int, list[Move]] = {note_id: [] for note_id in ids}
    lenders = NoteLender.objects.filter(note_id__in=ids).select_related("party").order_by("pk")
    for row in lenders:
        boarded[row.note_id].append((row.party, row.share))
    transfers = (
        ShareTransfer.objects.filter(note_id__in=ids)
        .select_related("from_party", "to_party")
        .order_by("effective_on", "pk")
    )
    for t in transfers:
        moves[t.note_id].append((t.effective_on, t.from_party, t.to_party, t.share))
    for log in logs:
        log.memo["shares"] = (boarded[log.note.pk], moves[log.note.pk])
