"""The note's stored status: a copy of the replay's status as of the business date.

`Note.status` exists for lists and filters only; the truth is always the replay. It is
refreshed by every write service (after the event is stored, in the same transaction) and
daily by `python manage.py refresh_status`, because statuses move with the calendar
(an installment falls past due without any event).
"""

from datetime import date

from django.db import transaction

from loans.engine.values import Replay
from loans.models import Note
from payments.selectors import note_replay


@transaction.atomic
def note_status_refresh(*, note: Note, today: date, replay: Replay | None = None) -> str:
    """Store the status the replay gives as of `today` (the business date); return it.

    `replay` may be passed when the caller already computed it as of `today`.
    Not logged as a write: the status is a copy of the replay, not a fact.
    """
    # Lock the row so that a concurrent posting cannot store a newer status that this
    # (older) replay would then overwrite; a no-op when the caller holds the lock already.
    Note.objects.select_for_update().filter(pk=note.pk).values_list("pk", flat=True).first()
    if replay is None or replay.as_of != today:
        replay = note_replay(note=note, as_of=today)
    status = replay.balance.status
    if note.status != status:
        # A queryset update: no history row (Note.history excludes status) and no save() logic.
        Note.objects.filter(pk=note.pk).update(status=status)
        note.status = status
    return status


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
