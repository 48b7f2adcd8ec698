"""Share transfers under concurrency, on PostgreSQL with real threads: the note lock
makes concurrent transfers from one lender check its share one after the other.

David and Leah hold 50/50 (tests/payments/factories.py). 20 threads each try to move
10 of David's share to Leah: 50 / 10 = 5 succeed, 15 are refused, and David ends with
0, Leah with 100.
"""

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError

import payments.share_transfers
from loans.models import Note
from payments.models import ShareTransfer
from payments.share_transfers import share_transfer_record
from payments.shares import lender_shares_on
from tests.payments.factories import make_note
from tests.payments.test_concurrency import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ON = date(2006, 7, 1)


def move_ten(note: Note, clerk: Any) -> Any:
    david, leah = (row.party for row in note.lender_shares.order_by("pk"))
    return share_transfer_record(
        note=note, from_party=david, to_party=leah, share="10", effective_on=ON,
        entered_by=clerk, today=date(2007, 3, 15),
    )  # fmt: skip


def move_ten_on(note: Note, clerk: Any, thread: int) -> Any:
    return move_ten(note, clerk)


def test_concurrent_transfers_never_move_more_than_the_lender_holds(note, clerk):
    results, errors = run_in_threads(20, lambda i: move_ten(note, clerk))

    assert len([r for r in results if r is not None]) == 5
    assert len(errors) == 15 and all(isinstance(e, ValidationError) for e in errors)
    assert ShareTransfer.objects.filter(note=note).count() == 5
    (holder,) = lender_shares_on(note=note, on=ON)
    assert holder[1] == Decimal("100.0000")


def test_negative_control_without_the_lock_a_lender_moves_more_than_it_holds(clerk, monkeypatch):
    """The same race with the note lock replaced by a plain read: threads check David's
    share before the others commit, and more than 50 moves. Proves the test can fail."""
    monkeypatch.setattr(payments.share_transfers, "note_lock", lambda n: Note.objects.get(pk=n.pk))
    for attempt in range(3):  # a race: a few tries (each on a fresh note) make it dependable
        note = make_note(f"RACE-{attempt}")
        run_in_threads(20, partial(move_ten_on, note, clerk))
        moved = sum(t.share for t in ShareTransfer.objects.filter(note=note))
        if moved > Decimal("50"):
            break
    assert moved > Decimal("50"), "without the lock, concurrent transfers never overdrew"
