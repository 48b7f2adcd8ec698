"""Recording notices of default and default events (DESIGN 3.6).

The engine decides what the note's terms and history allow (`event_refusal`): a notice
naming no past-due installment, an acceleration on an automatic-acceleration note, a waiver
with no standing default... are refused with the engine's reason, and nothing is written.
Like posting, each write locks the note row and ends by refreshing its stored status.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from loans.audit import log_write
from loans.engine import values
from loans.engine.replay import event_refusal
from loans.models import Note
from payments.models import (
    FOLLOW_UP_KINDS,
    DefaultNotice,
    DeliveryMethod,
    NoteEvent,
    NoteEventKind,
)
from payments.selectors import (
    EventRow,
    event_row,
    note_events,
    note_replay,
    note_terms,
    notice_row,
)
from payments.services import business_today, choice, event_date, note_lock, validated
from payments.status import note_refresh_locked

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A new event is entered after every stored one: its engine sequence sorts last.
NEW_EVENT_SEQUENCE = 2**62


def _refusal(note: Note, candidate: values.NoteEvent, field: str) -> None:
    reason = event_refusal(note_terms(note), note_events(note), candidate)
    if reason is not None:
        raise ValidationError({field: [reason]})


def _installment_numbers(installments: list[int] | None) -> tuple[int, ...]:
    if installments is None:
        return ()
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in installments):
        raise ValidationError({"installments": ["Name installments by their numbers (1, 2...)."]})
    return tuple(sorted(set(installments)))


def _past_due_on(note: Note, day: date) -> list[int]:
    schedule = note_replay(note=note, as_of=day).installments
    return [row.number for row in schedule if row.status == "past_due"]


@transaction.atomic
def default_notice_record(
    *,
    note: Note,
    sent_on: date,
    installments: list[int] | None,
    delivery_method: str,
    entered_by: User,
    today: date | None = None,
) -> DefaultNotice:
    """The lender's written notice of default and demand. `installments` None (or empty)
    names every installment past due on `sent_on`; the notice stores the numbers."""
    today = business_today(today)
    note = note_lock(note)
    fields = validated(
        sent_on=lambda: event_date(sent_on, "sent_on", today=today, not_before=note.accrual_start),
        installments=lambda: _installment_numbers(installments),
        delivery_method=lambda: choice(delivery_method, "delivery_method", DeliveryMethod),
    )
    named = fields["installments"]
    candidate = values.NoteEvent(
        id="notice-new",
        kind="default_notice",
        date=fields["sent_on"],
        installments=named,
        sequence=NEW_EVENT_SEQUENCE,
    )
    _refusal(note, candidate, "installments")
    notice = DefaultNotice.objects.create(
        note=note,
        sent_on=fields["sent_on"],
        installments=list(named) or _past_due_on(note, fields["sent_on"]),
        delivery_method=fields["delivery_method"],
        entered_by=entered_by,
    )
    note_refresh_locked(note=note, today=today)
    log_write(who=entered_by, what="default_notice_record", note=note, id=notice)
    return notice


def _follow_up_target(note: Note, kind: str, refers_to: NoteEvent | int | None) -> NoteEvent | None:
    if kind not in FOLLOW_UP_KINDS:
        if refers_to is not None:
            raise ValidationError({"refers_to": [f"A {kind} event refers to no other event."]})
        return None
    if refers_to is None:
        raise ValidationError({"refers_to": [f"A {kind} event names the case it closes."]})
    pk = refers_to.pk if isinstance(refers_to, NoteEvent) else refers_to
    target = NoteEvent.objects.filter(note=note, pk=pk).first()
    if target is None:
        raise ValidationError({"refers_to": [f"No event {pk} on note {note}."]})
    return target


@transaction.atomic
def note_event_record(
    *,
    note: Note,
    kind: str,
    date: date,
    refers_to: NoteEvent | int | None = None,
    affiliate: bool = False,
    description: str = "",
    entered_by: User,
    document: File | None = None,
    today: date | None = None,
) -> NoteEvent:
    """A bankruptcy, judgment, assignment, acceleration or waiver (notices of default go
    through `default_notice_record`)."""
    today = business_today(today)
    note = note_lock(note)
    fields = validated(
        kind=lambda: choice(kind, "kind", NoteEventKind),
        date=lambda: event_date(date, "date", today=today, not_before=note.accrual_start),
        refers_to=lambda: _follow_up_target(note, kind, refers_to),
    )
    target = fields["refers_to"]
    candidate = values.NoteEvent(
        id="event-new",
        kind=fields["kind"],
        date=fields["date"],
        refers_to=None if target is None else str(target.pk),
        affiliate=bool(affiliate),
        sequence=NEW_EVENT_SEQUENCE,
    )
    _refusal(note, candidate, "refers_to" if target is not None else "kind")
    event = NoteEvent(
        note=note,
        **fields,
        affiliate=bool(affiliate),
        description=description,
        entered_by=entered_by,
    )
    if document is not None:
        event.document = document
    event.save()
    note_refresh_locked(note=note, today=today)
    log_write(who=entered_by, what="note_event_record", note=note, id=event)
    return event


def event_record(
    *,
    note: Note,
    kind: str,
    date: date,
    entered_by: User,
    refers_to: int | None = None,
    installments: list[int] | None = None,
    delivery_method: str | None = None,
    affiliate: bool = False,
    description: str = "",
    today: date | None = None,
) -> EventRow:
    """Record one event of the note's list, whatever its kind: a notice of default
    (`installments`, `delivery_method`) or a default event (`refers_to`, `affiliate`,
    `description`); the fields of the other kind are ignored. Returns it as a list row."""
    if kind == "default_notice":
        notice = default_notice_record(
            note=note,
            sent_on=date,
            installments=installments or None,
            delivery_method=delivery_method or DeliveryMethod.OTHER,
            entered_by=entered_by,
            today=today,
        )
        return notice_row(notice)
    event = note_event_record(
        note=note,
        kind=kind,
        date=date,
        refers_to=refers_to,
        affiliate=affiliate,
        description=description,
        entered_by=entered_by,
        today=today,
    )
    return event_row(event)
