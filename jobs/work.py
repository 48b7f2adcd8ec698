"""The per-note units of long work, the same whether a Celery worker or the command's
own process runs them (jobs/tasks.py, jobs/dispatch.py).

Each takes plain arguments (a note id, ISO dates) and returns plain data, so that a
broker can carry both. Each is idempotent: running one twice for the same note (a
worker killed after the work but before its acknowledgement, then the message handed
to another worker) changes nothing the second time.
"""

from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError

from loans.models import Note
from payments.status import note_status_refresh
from statements.render import csv_lines
from statements.selectors import note_figures
from statements.services import MonthReads, month_reads, note_month_close
from statements.tables import NOTES_COLUMNS, note_row


class Closed(TypedDict):
    note: str
    issued: list[str]
    unchanged: list[str]
    failed: str
    """Why the note could not be closed; empty when it was."""


def close_notes(note_ids: list[int], month: str, today: str) -> list[Closed]:
    """Close a chunk of notes' month (`statements.services.note_month_close`), what they
    read read together (`month_reads`); each note's statements are stored as soon as
    they are computed, so a rerun after a crash mid-chunk issues only the rest. A note
    the close refuses (its figures cannot be computed) is reported, not raised: one bad
    note must not stop a portfolio's close, nor be retried forever."""
    by_id = Note.objects.select_related("borrower").in_bulk(note_ids)
    notes = [by_id[note_id] for note_id in note_ids]
    day, on = date.fromisoformat(month), date.fromisoformat(today)
    reads = month_reads(notes, day)
    return [_close(note, day, on, reads) for note in notes]


def _close(note: Note, month: date, today: date, reads: MonthReads) -> Closed:
    try:
        result = note_month_close(note=note, month=month, today=today, reads=reads)
    except (ValidationError, ValueError, ArithmeticError) as error:
        return Closed(note=note.reference, issued=[], unchanged=[], failed=_reason(error))
    return Closed(
        note=note.reference, issued=list(result.issued), unchanged=list(result.unchanged),
        failed="",
    )  # fmt: skip


def refresh_note_status(note_id: int, today: str) -> bool:
    """Store the note's status as of `today`; True if it changed."""
    note = Note.objects.get(pk=note_id)
    before = note.status
    return note_status_refresh(note=note, today=date.fromisoformat(today)) != before


def export_note_row(note_id: int, as_of: str) -> str:
    """The note's line of the portfolio export (CSV, formulas neutralized), at the end
    of `as_of`: a read, so running it twice is harmless."""
    note = Note.objects.select_related("borrower").get(pk=note_id)
    day = date.fromisoformat(as_of)
    _header, line = csv_lines(NOTES_COLUMNS, [note_row(day, note_figures(note=note, as_of=day))])
    return line.decode()


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error) or type(error).__name__
