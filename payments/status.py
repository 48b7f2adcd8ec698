"""The note's stored status and replay checkpoint: copies of the replay, kept current.

`Note.status` exists for lists and filters only; the truth is always the replay. It is
refreshed by every write service (after the event is stored, in the same transaction) and
daily by `python manage.py refresh_status`, because statuses move with the calendar
(an installment falls past due without any event). The same refresh rewrites the note's
replay checkpoint when the log has grown (payments/checkpoints.py), from the walk that
gives the status: extended with the posting's payment or charge when it is dated after
the checkpoint, replayed afresh from the whole log otherwise.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from loans.engine import values
from loans.engine.replay import extend_posting, replay, replay_checkpoint
from loans.models import Note
from payments.checkpoints import (
    NoteCheckpoint,
    checkpoint_store,
    checkpoint_store_fingerprint,
    note_checkpoint,
    resumed,
)
from payments.selectors import note_events, note_terms


@dataclass(frozen=True)
class Refreshed:
    """Where a refresh left the note: its status as of the business date, and the
    allocation then of the payment the caller appended (None when it appended none)."""

    status: values.NoteStatusCode
    allocation: values.Allocation | None = None


def allocation_in(state: values.Replay, payment_id: str) -> values.Allocation | None:
    """The payment's allocation in the replay (None when dated after it), looked for from
    the end: a payment just recorded is usually the last the replay applied."""
    return next((a for a in reversed(state.allocations) if a.payment_id == payment_id), None)


def note_status_refresh(
    *, note: Note, today: date, appended: values.Payment | values.Charge | None = None
) -> str:
    """Store the status the replay gives as of `today` (the business date); return it."""
    return note_refresh(note=note, today=today, appended=appended).status


@transaction.atomic
def note_refresh(
    *, note: Note, today: date, appended: values.Payment | values.Charge | None = None
) -> Refreshed:
    """Bring the note's checkpoint and stored status to its log and `today`. `appended`
    is the payment or charge the caller has just stored, if that is all it stored.

    Not logged as a write: the status and the checkpoint are copies of the replay, not facts.
    """
    # Lock the row so that a concurrent posting cannot store a newer status that this
    # (older) replay would then overwrite; a no-op when the caller holds the lock already.
    Note.objects.select_for_update().filter(pk=note.pk).values_list("pk", flat=True).first()
    return note_refresh_locked(note=note, today=today, appended=appended)


def note_refresh_locked(
    *, note: Note, today: date, appended: values.Payment | values.Charge | None = None
) -> Refreshed:
    """`note_refresh` for a write service that holds the note's lock in its transaction
    (payments.services.note_lock): no savepoint and no second lock."""
    refreshed = _checkpoint_refresh(note=note, as_of=today, appended=appended)
    if note.status != refreshed.status:
        # A queryset update: no history row (Note.history excludes status) and no save() logic.
        Note.objects.filter(pk=note.pk).update(status=refreshed.status)
        note.status = refreshed.status
    return refreshed


def _checkpoint_refresh(
    *, note: Note, as_of: date, appended: values.Payment | values.Charge | None
) -> Refreshed:
    """Where the note stands as of `as_of`; its checkpoint is rewritten first from the same
    walk when it is not current: extended with `appended` when the checkpoint is of the
    log just before it and `extend_posting` accepts it (no other payment's allocation is
    built then), else from a fresh replay of the whole log. The caller holds the note's
    lock."""
    terms = note_terms(note)
    found = note_checkpoint(note_id=note.pk, terms=terms, appended=appended)
    if found is not None and not found.current and appended is not None:
        posting = extend_posting(found.checkpoint, appended, as_of)
        if posting is not None:
            checkpoint_store_fingerprint(
                note_id=note.pk, fingerprint=found.fingerprint, checkpoint=posting.checkpoint
            )
            return Refreshed(posting.status, posting.allocation)
    state = _refreshed_replay(note, terms, found, as_of)
    paid = allocation_in(state, appended.id) if isinstance(appended, values.Payment) else None
    return Refreshed(state.balance.status, paid)


def _refreshed_replay(
    note: Note, terms: values.Terms, found: NoteCheckpoint | None, as_of: date
) -> values.Replay:
    """The replay as of `as_of` from the current checkpoint `found`, or else from the whole
    log, whose checkpoint is then stored."""
    if found is not None and found.current:
        state = resumed(found.signature, found.checkpoint, as_of)
        return state if state is not None else replay(terms, note_events(note), as_of)
    events = note_events(note)
    state, checkpoint = replay_checkpoint(terms, events, as_of)
    checkpoint_store(note_id=note.pk, terms=terms, events=events, checkpoint=checkpoint)
    return state


def note_statuses_refresh(*, today: date) -> dict[str, int]:
    """Refresh every note's stored status; return how many notes changed and how many in all."""
    changed = 0
    total = 0
    for note in Note.objects.order_by("pk").iterator(chunk_size=200):
        before = note.status
        if note_status_refresh(note=note, today=today) != before:
            changed += 1
        total += 1
    return {"changed": changed, "total": total}
