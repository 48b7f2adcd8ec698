"""Reads of a note's derived state: its terms and event log fed to the engine.

Everything here is a pure function of the note's terms and its event log as of a date
(DESIGN 2, "Derived state"); nothing is cached except the note's stored `status`
(refreshed by payments/status.py) and its replay checkpoint, which a replay resumes
from when it is current and the as-of date is not before it (payments/checkpoints.py):
the answer is the same, only quicker on a long log.

Engine identities: payments, reversals, charges and default events (NoteEvent rows) are
passed with their primary key as text (`"12"`), so an `Allocation.payment_id` is
`str(payment.pk)` and a `refers_to` is `str(event.pk)`. Notices of default live in their
own table, so they are passed as `"notice-<pk>"` to stay distinct from NoteEvent ids.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from loans.engine import values
from loans.engine.replay import replay
from loans.models import Note
from payments.checkpoints import current_replays
from payments.models import Charge, DefaultNotice, NoteEvent, Payment, PaymentReversal


def notice_engine_id(notice: DefaultNotice) -> str:
    return f"notice-{notice.pk}"


def note_terms(note: Note) -> values.Terms:
    return values.Terms(
        principal=note.principal,
        annual_rate=note.annual_rate,
        # The database's check constraints keep these to the engine's codes.
        day_count=cast(values.DayCountCode, note.day_count),
        accrual_start=note.accrual_start,
        first_payment_date=note.first_payment_date,
        maturity_date=note.maturity_date,
        payment_frequency_months=note.payment_frequency_months,
        repayment=cast(values.RepaymentType, note.repayment),
        interest_only_periods=note.interest_only_periods,
        amortization_periods=note.amortization_periods,
        installment_amount=note.installment_amount,
        notice_required=note.notice_required,
        cure_days=note.cure_days,
        grace_days=note.grace_days,
        acceleration=cast(values.AccelerationType, note.acceleration),
    )


def note_events(note: Note) -> list[values.Event]:
    """The note's whole event log as engine values, in five queries whatever its length."""
    return notes_events([note.pk]).get(note.pk, [])


def notes_events(note_ids: Iterable[int]) -> dict[int, list[values.Event]]:
    """Each note's event log as engine values, in five queries whatever the number
    of notes and events (for lists of notes)."""
    ids = list(note_ids)
    by_note: dict[int, list[values.Event]] = defaultdict(list)
    for builder in (
        _payment_events,
        _reversal_events,
        _charge_events,
        _notice_events,
        _default_events,
    ):
        for note_id, event in builder(ids):
            by_note[note_id].append(event)
    return by_note


def payment_event(payment: Payment) -> values.Payment:
    """The engine's payment for a stored one."""
    return _payment(payment.pk, payment.received_on, payment.amount, payment.kind)


def _payment(pk: int, on: date, amount: Decimal, kind: str) -> values.Payment:
    # The services store only the engine's kinds.
    return values.Payment(str(pk), on, amount, cast(values.PaymentKind, kind), sequence=pk)


def _payment_events(ids: list[int]) -> list[tuple[int, values.Event]]:
    rows = Payment.objects.filter(note_id__in=ids).values_list(
        "note_id", "pk", "received_on", "amount", "kind"
    )
    return [(note_id, _payment(pk, on, amount, kind)) for note_id, pk, on, amount, kind in rows]


def _reversal_events(ids: list[int]) -> list[tuple[int, values.Event]]:
    rows = PaymentReversal.objects.filter(payment__note_id__in=ids).values_list(
        "payment__note_id", "pk", "payment_id", "reversed_on"
    )
    return [
        (note_id, values.Reversal(payment_id=str(payment_id), reversed_on=on, sequence=pk))
        for note_id, pk, payment_id, on in rows
    ]


def charge_event(charge: Charge) -> values.Charge:
    """The engine's charge for a stored one."""
    return values.Charge(str(charge.pk), charge.incurred_on, charge.amount, sequence=charge.pk)


def _charge_events(ids: list[int]) -> list[tuple[int, values.Event]]:
    rows = Charge.objects.filter(note_id__in=ids).values_list(
        "note_id", "pk", "incurred_on", "amount"
    )
    return [
        (note_id, values.Charge(id=str(pk), incurred_on=on, amount=amount, sequence=pk))
        for note_id, pk, on, amount in rows
    ]


def _notice_events(ids: list[int]) -> list[tuple[int, values.Event]]:
    rows = DefaultNotice.objects.filter(note_id__in=ids).values_list(
        "note_id", "pk", "sent_on", "installments"
    )
    return [
        (
            note_id,
            values.NoteEvent(
                id=f"notice-{pk}",
                kind="default_notice",
                date=on,
                installments=tuple(int(n) for n in installments),
                sequence=pk,
            ),
        )
        for note_id, pk, on, installments in rows
    ]


def _default_events(ids: list[int]) -> list[tuple[int, values.Event]]:
    rows = NoteEvent.objects.filter(note_id__in=ids).values_list(
        "note_id", "pk", "kind", "date", "refers_to_id", "affiliate"
    )
    return [
        (
            note_id,
            values.NoteEvent(
                id=str(pk),
                kind=cast(values.NoteEventKind, kind),  # the services store only these choices
                date=on,
                refers_to=None if refers_to is None else str(refers_to),
                affiliate=affiliate,
                sequence=pk,
            ),
        )
        for note_id, pk, kind, on, refers_to, affiliate in rows
    ]


def note_replay(*, note: Note, as_of: date) -> values.Replay:
    """The note's replay as of a date: from its checkpoint (one query) when it is current,
    else from its whole log (six)."""
    return notes_replay(notes=[note], as_of=as_of)[note.pk]


def notes_replay(*, notes: Iterable[Note], as_of: date) -> dict[int, values.Replay]:
    """Each note's replay as of a date, keyed by note id, in a fixed number of queries
    whatever the number of notes and events (lists of notes, the watchlist): one for
    the checkpoints, and five for the logs of the notes that cannot resume from theirs."""
    notes = list(notes)
    terms = {note.pk: note_terms(note) for note in notes}
    replays = current_replays(terms, as_of)
    rest = [note.pk for note in notes if note.pk not in replays]
    if rest:
        events = notes_events(rest)
        for note_id in rest:
            replays[note_id] = replay(terms[note_id], events.get(note_id, []), as_of)
    return {note.pk: replays[note.pk] for note in notes}


def note_schedule(*, note: Note, as_of: date) -> tuple[values.Installment, ...]:
    return note_replay(note=note, as_of=as_of).installments


def note_balance(*, note: Note, as_of: date) -> values.Balance:
    return note_replay(note=note, as_of=as_of).balance


def note_allocations(*, note: Note, as_of: date) -> dict[str, values.Allocation]:
    """Where each payment went as of `as_of`, by engine payment id, from one replay."""
    return {a.payment_id: a for a in note_replay(note=note, as_of=as_of).allocations}


def note_payoff(*, note: Note, as_of: date) -> values.Payoff:
    return note_replay(note=note, as_of=as_of).payoff


@dataclass(frozen=True)
class EventRow:
    """One line of a note's event list: a notice of default or a NoteEvent."""

    id: int
    kind: str
    date: date
    refers_to: int | None
    installments: list[int]
    delivery_method: str | None
    affiliate: bool
    description: str
    entered_by: Any
    entered_at: datetime


def notice_row(notice: DefaultNotice) -> EventRow:
    return EventRow(
        id=notice.pk,
        kind="default_notice",
        date=notice.sent_on,
        refers_to=None,
        installments=list(notice.installments),
        delivery_method=notice.delivery_method,
        affiliate=False,
        description="",
        entered_by=notice.entered_by,
        entered_at=notice.entered_at,
    )


def event_row(event: NoteEvent) -> EventRow:
    return EventRow(
        id=event.pk,
        kind=event.kind,
        date=event.date,
        refers_to=event.refers_to_id,
        installments=[],
        delivery_method=None,
        affiliate=event.affiliate,
        description=event.description,
        entered_by=event.entered_by,
        entered_at=event.entered_at,
    )


def note_event_rows(note: Note) -> list[EventRow]:
    """The note's notices of default and default events, in the order they happened."""
    notices = DefaultNotice.objects.filter(note=note).select_related("entered_by")
    events = NoteEvent.objects.filter(note=note).select_related("entered_by")
    rows = [notice_row(n) for n in notices] + [event_row(e) for e in events]
    return sorted(rows, key=lambda row: (row.date, row.entered_at, row.id))
