"""One consistent read of a note's log (DESIGN 4): every statement is computed from it.

The engine events and the rows statements print (a payment's method and reference, a
charge's description) come from the same snapshot, so a payment committed meanwhile is
in all of a statement or in none of it. On PostgreSQL the read runs in one REPEATABLE
READ transaction; SQLite's transaction holds one read snapshot by itself.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from loans.engine import values
from loans.engine.replay import event_date
from loans.models import Note
from payments.models import Charge, Payment, PaymentReversal
from payments.selectors import note_terms, notes_events


@dataclass(frozen=True)
class PaymentRow:
    """A payment as a statement prints it."""

    id: str
    """The engine id: the primary key as text."""
    received_on: date
    amount: Decimal
    method: str
    reference: str
    kind: str
    entered_at: datetime


@dataclass(frozen=True)
class ReversalRow:
    """A payment taken back."""

    payment_id: str
    reversed_on: date
    reason: str
    entered_at: datetime


@dataclass(frozen=True)
class ChargeRow:
    """A cost the borrower owes."""

    id: str
    incurred_on: date
    amount: Decimal
    kind: str
    description: str
    entered_at: datetime


@dataclass(frozen=True)
class NoteLog:
    """A note's terms and whole event log, read once."""

    note: Note
    terms: values.Terms
    events: tuple[values.Event, ...]
    payments: dict[str, PaymentRow]
    reversals: dict[str, ReversalRow]
    """By the id of the payment reversed."""
    charges: dict[str, ChargeRow]
    read_at: datetime
    """When the log was read: the statement's "generated" time."""
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """What statements computed from the log (day ends, lender shares), kept for the
    next statement computed from it: the month-end close computes three."""

    def events_through(self, day: date) -> tuple[values.Event, ...]:
        """The events effective on or before `day`."""
        return tuple(e for e in self.events if event_date(e) <= day)


@contextmanager
def one_snapshot() -> Iterator[None]:
    """A transaction whose reads all see the same committed state."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def note_log(note: Note) -> NoteLog:
    """The note's log in one snapshot."""
    return note_logs([note])[note.pk]


def note_logs(notes: Iterable[Note]) -> dict[int, NoteLog]:
    """Each note's log, by note id, all in one snapshot and a constant number of
    queries whatever the number of notes (the month-end close reads a chunk at once)."""
    notes = list(notes)
    ids = [note.pk for note in notes]
    with one_snapshot():
        events = notes_events(ids)
        payments, reversals, charges = _payments(ids), _reversals(ids), _charges(ids)
        read_at = timezone.now()
    return {
        note.pk: NoteLog(
            note=note,
            terms=note_terms(note),
            events=tuple(events.get(note.pk, [])),
            payments=payments[note.pk],
            reversals=reversals[note.pk],
            charges=charges[note.pk],
            read_at=read_at,
        )
        for note in notes
    }


def _payments(ids: list[int]) -> defaultdict[int, dict[str, PaymentRow]]:
    by_note: defaultdict[int, dict[str, PaymentRow]] = defaultdict(dict)
    for p in Payment.objects.filter(note_id__in=ids):
        by_note[p.note_id][str(p.pk)] = PaymentRow(
            str(p.pk), p.received_on, p.amount, p.method, p.reference, p.kind, p.entered_at
        )
    return by_note


def _reversals(ids: list[int]) -> defaultdict[int, dict[str, ReversalRow]]:
    """By note, then by the id of the payment reversed."""
    by_note: defaultdict[int, dict[str, ReversalRow]] = defaultdict(dict)
    for r in PaymentReversal.objects.filter(payment__note_id__in=ids).select_related("payment"):
        by_note[r.payment.note_id][str(r.payment_id)] = ReversalRow(
            str(r.payment_id), r.reversed_on, r.reason, r.entered_at
        )
    return by_note


def _charges(ids: list[int]) -> defaultdict[int, dict[str, ChargeRow]]:
    by_note: defaultdict[int, dict[str, ChargeRow]] = defaultdict(dict)
    for c in Charge.objects.filter(note_id__in=ids):
        by_note[c.note_id][str(c.pk)] = ChargeRow(
            str(c.pk), c.incurred_on, c.amount, c.kind, c.description, c.entered_at
        )
    return by_note
