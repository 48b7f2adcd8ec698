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
from statements.services import note_month_close
from statements.tables import NOTES_COLUMNS, note_row


class Closed(TypedDict):
    note: str
    issued: list[str]
    unchanged: list[str]
    failed: str
    """Why the note could not be closed; empty when it was."""


def close_note(note_id: int, month: str, today: str) -> Closed:
    """Close one note's month (`statements.services.note_month_close`). A note the close
    refuses (its figures cannot be computed) is reported, not raised: one bad note must
    not stop a portfolio's close, nor be retried forever."""
    note = Note.objects.select_related("borrower").get(pk=note_id)
    try:
        result = note_month_close(
            note=note, month=date.fromisoformat(month), today=date.fromisoformat(today)
        )
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
