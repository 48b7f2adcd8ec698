"""Celery tasks: one message per note, or per chunk of notes for the month-end close
(`celery -A config worker`; config/celery.py).

Acknowledged late and rejected (requeued) when the worker process dies, so a note being
worked on when a worker is killed goes back to the queue; the work is idempotent
(jobs/work.py), so doing it again issues nothing twice.
"""

from celery import shared_task

from jobs import work

PER_NOTE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="jobs.close_notes", **PER_NOTE)
def close_notes(note_ids: list[int], month: str, today: str) -> list[work.Closed]:
    return work.close_notes(note_ids, month, today)


@shared_task(name="jobs.refresh_note_status", **PER_NOTE)
def refresh_note_status(note_id: int, today: str) -> bool:
    return work.refresh_note_status(note_id, today)


@shared_task(name="jobs.export_note_row", **PER_NOTE)
def export_note_row(note_id: int, as_of: str) -> str:
    return work.export_note_row(note_id, as_of)
