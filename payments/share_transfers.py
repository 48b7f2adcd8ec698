"""Recording a share transfer (DESIGN 2): a lender moves part of its share of a
note to another party from a date on.

What is refused, each as a field error (nothing is written):
- `share`: not a decimal percent above 0 with at most 4 decimals, or more than
  `from_party` holds on `effective_on`;
- `from_party`: not a lender of the note on `effective_on`;
- `to_party`: the note's borrower, or `from_party` itself;
- `effective_on`: before the note is dated, or after the business date (`today`);
  or a date that would leave a transfer already recorded after it moving more
  than its lender then holds (a backdated transfer must keep the later ones good).

Like every posting it locks the note row first, so two transfers of one note
are checked one after the other, and logs one line (loans/audit.py).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from loans.audit import log_write
from loans.dates import date_range_error
from loans.models import Note, Party
from loans.services.boarding import as_decimal
from payments.models import ShareTransfer
from payments.services import note_lock
from payments.shares import (
    Move,
    Shares,
    boarded_shares,
    overdrawn_move,
    share_moves,
    shares_after,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Errors = dict[str, list[str]]
SHARE_PLACES = 4  # NoteLender.share and ShareTransfer.share: numeric(7,4)
HUNDRED = Decimal("100")


@transaction.atomic
def share_transfer_record(
    *,
    note: Note,
    from_party: Party,
    to_party: Party,
    share: Decimal | str,
    effective_on: date,
    description: str = "",
    entered_by: User,
    today: date,
) -> ShareTransfer:
    """Record that `from_party` moves `share` percent of the note to `to_party`
    from `effective_on` on. Raises ValidationError({field: [messages]})."""
    note = note_lock(note)
    errors: Errors = {}
    moved = _share(share, errors)
    on = _effective_on(note, effective_on, today, errors)
    _check_parties(note, from_party, to_party, errors)
    if not errors:
        _check_holdings(note, (on, from_party, to_party, moved), errors)
    if errors:
        raise ValidationError(errors)
    transfer = ShareTransfer.objects.create(
        note=note,
        from_party=from_party,
        to_party=to_party,
        share=moved,
        effective_on=on,
        description=description,
        entered_by=entered_by,
    )
    log_write(who=entered_by, what="share_transfer_record", note=note, id=transfer)
    return transfer


def _share(value: object, errors: Errors) -> Decimal:
    share = as_decimal(value)
    if share is None:
        errors["share"] = ["Give the share as a decimal percent, e.g. 25 or 12.5."]
        return Decimal(0)
    if not 0 < share <= HUNDRED:
        errors["share"] = ["The share moved is a percent of the note above 0 and at most 100."]
    elif share != share.quantize(Decimal(1).scaleb(-SHARE_PLACES)):
        errors["share"] = [f"The share has at most {SHARE_PLACES} decimal places."]
    return share


def _effective_on(note: Note, value: object, today: date, errors: Errors) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        errors["effective_on"] = ["Enter a date as YYYY-MM-DD."]
        return today
    out_of_range = date_range_error(value)
    if out_of_range:
        errors["effective_on"] = [out_of_range]
        return today
    if value < note.dated:
        errors["effective_on"] = [f"{value} is before the note is dated ({note.dated})."]
    elif value > today:
        errors["effective_on"] = [f"{value} is after the business date {today}."]
    return value


def _check_parties(note: Note, from_party: Party, to_party: Party, errors: Errors) -> None:
    for field, party in (("from_party", from_party), ("to_party", to_party)):
        if not isinstance(party, Party) or party.pk is None:
            errors[field] = ["Name a saved party."]
    if "to_party" in errors or "from_party" in errors:
        return
    if to_party.pk == note.borrower_id:
        errors["to_party"] = [f"{to_party} is the borrower and cannot hold the note."]
    elif to_party.pk == from_party.pk:
        errors["to_party"] = ["A transfer goes to another party than the one it comes from."]


def _check_holdings(note: Note, move: Move, errors: Errors) -> None:
    """`from_party` holds the share on the date, and every later transfer still can."""
    on, from_party, _, moved = move
    boarded, recorded = boarded_shares(note), share_moves(note)
    held = dict(shares_after(boarded, [m for m in recorded if m[0] <= on]))
    if from_party not in held:
        errors["from_party"] = [f"{from_party} holds no share of {note} on {on}."]
    elif held[from_party] < moved:
        errors["share"] = [
            f"{from_party} holds {held[from_party]}% of {note} on {on}; no more can be moved."
        ]
    else:
        _check_later_moves(boarded, recorded, move, errors)


def _check_later_moves(boarded: Shares, recorded: list[Move], move: Move, errors: Errors) -> None:
    """Taken in effective-date order with the new move, no transfer moves more than its
    lender then holds (a backdated transfer must leave the later ones good)."""
    on = move[0]
    ordered = [m for m in recorded if m[0] <= on] + [move] + [m for m in recorded if m[0] > on]
    overdrawn = overdrawn_move(boarded, ordered)
    if overdrawn is not None:
        when, party = overdrawn[0], overdrawn[1]
        errors["effective_on"] = [
            f"With this transfer {party} would hold less than the {overdrawn[3]}% "
            f"it transfers on {when}."
        ]
