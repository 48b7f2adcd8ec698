"""One consistent read of a note's log (DESIGN 4): every statement is computed from it.

The engine events and the rows statements print (a payment's method and reference, a
charge's description) come from the same snapshot, so a payment committed meanwhile is
in all of a statement or in none of it. On PostgreSQL the read runs in one REPEATABLE
READ transaction; SQLite's transaction holds one read snapshot by itself.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from loans.engine import values
from loans.engine.replay import event_date
from loans.models import Note
from payments.models import Charge, Payment, PaymentReversal
from payments.selectors import note_events, note_terms


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
    with one_snapshot():
        return NoteLog(
            note=note,
            terms=note_terms(note),
            events=tuple(note_events(note)),
            payments=_payments(note),
            reversals=_reversals(note),
            charges=_charges(note),
            read_at=timezone.now(),
        )


def _payments(note: Note) -> dict[str, PaymentRow]:
    rows = Payment.objects.filter(note=note)
    return {
        str(p.pk): PaymentRow(
            str(p.pk), p.received_on, p.amount, p.method, p.reference, p.kind, p.entered_at
        )
        for p in rows
    }


def _reversals(note: Note) -> dict[str, ReversalRow]:
    rows = PaymentReversal.objects.filter(payment__note=note)
    return {
        str(r.payment_id): ReversalRow(str(r.payment_id), r.reversed_on, r.reason, r.entered_at)
        for r in rows
    }


def _charges(note: Note) -> dict[str, ChargeRow]:
    rows = Charge.objects.filter(note=note)
    return {
        str(c.pk): ChargeRow(
            str(c.pk), c.incurred_on, c.amount, c.kind, c.description, c.entered_at
        )
        for c in rows
    }
