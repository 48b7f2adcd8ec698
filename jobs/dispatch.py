"""Long work over every note: per-note Celery tasks when a broker is configured, the
same per-note functions (jobs/work.py) one after another in this process when none is.
The month-end close goes by chunks of notes instead (statements.services.CHUNK a
message): a note's close is short, and a chunk reads its notes together.

With a broker the dispatcher queues one message per note (or chunk); with a result backend
(`CELERY_RESULT_BACKEND`) it then waits for them and reports like the in-process run,
without one it returns once everything is queued (workers finish it; rerunning is safe).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, TypeVar

from celery import Task, group
from django.conf import settings

from jobs import tasks, work
from loans.models import Note
from statements.render import csv_lines
from statements.services import CHUNK
from statements.tables import NOTES_COLUMNS

T = TypeVar("T")
Progress = Callable[[int, int], None] | None
"""Called as each note is done: (notes done so far, the note's position in the batch)."""


def on_workers() -> bool:
    """Whether long work goes to Celery (a broker, or eager mode in tests)."""
    return bool(settings.CELERY_BROKER_URL) or settings.CELERY_TASK_ALWAYS_EAGER


def waits_for_workers() -> bool:
    """Whether results come back from the workers (a result backend, or eager mode)."""
    return bool(settings.CELERY_RESULT_BACKEND) or settings.CELERY_TASK_ALWAYS_EAGER


@dataclass(frozen=True)
class Outcome:
    """What a batch did: `results` is None when the work was queued and not waited for."""

    queued: int
    results: list[Any] | None


def per_note(
    task: Task, function: Callable[..., T], note_ids: Iterable[int], *args: str,
    progress: Progress = None, wait: bool = True,
) -> Outcome:  # fmt: skip
    """`function(note_id, *args)` for every note, in order; on workers, `task` with the
    same arguments. A result is the function's value, or the exception a worker raised."""
    ids = list(note_ids)
    if not on_workers():
        results: list[Any] = []
        for note_id in ids:
            results.append(function(note_id, *args))
            if progress is not None:
                progress(len(results), len(results) - 1)
        return Outcome(len(ids), results)
    return _on_workers(task, [[note_id] for note_id in ids], args, progress, wait, False)


def per_chunk(
    task: Task, function: Callable[..., list[T]], note_ids: Iterable[int], *args: str,
    size: int, progress: Progress = None, wait: bool = True,
) -> Outcome:  # fmt: skip
    """`per_note` by chunks of `size` notes: `function(chunk_of_note_ids, *args)` returns
    one result per note. The exception a worker raised is the result of each of its
    chunk's notes."""
    ids = list(note_ids)
    chunks = [ids[first : first + size] for first in range(0, len(ids), size)]
    if not on_workers():
        results: list[Any] = []
        for chunk in chunks:
            for value in function(chunk, *args):
                results.append(value)
                if progress is not None:
                    progress(len(results), len(results) - 1)
        return Outcome(len(ids), results)
    return _on_workers(task, chunks, args, progress, wait, True)


def _on_workers(
    task: Task, chunks: list[list[int]], args: tuple[str, ...], progress: Progress,
    wait: bool, chunked: bool,
) -> Outcome:  # fmt: skip
    """One message per chunk (`chunked`: the task takes the chunk's ids and returns a
    list; otherwise the chunk is one note, the task takes its id)."""
    queued = sum(len(chunk) for chunk in chunks)
    if not chunks:
        return Outcome(0, [])
    batch = group(task.s(chunk if chunked else chunk[0], *args) for chunk in chunks)
    # Eager (tests): the tasks run here, through Celery, with no broker.
    batch = batch.apply() if settings.CELERY_TASK_ALWAYS_EAGER else batch.apply_async()
    if not (wait and waits_for_workers()):
        return Outcome(queued, None)
    firsts = [sum(len(chunk) for chunk in chunks[:k]) for k in range(len(chunks))]
    position = {result.id: k for k, result in enumerate(batch.results)}
    values: list[Any] = [None] * queued
    done = 0

    def collect(task_id: str, value: Any) -> None:
        nonlocal done
        k = position[task_id]
        if not chunked or isinstance(value, BaseException):
            value = [value] * len(chunks[k])
        for offset, one in enumerate(value):
            values[firsts[k] + offset] = one
            done += 1
            if progress is not None:
                progress(done, firsts[k] + offset)

    join = batch.join_native if batch.supports_native_join else batch.join
    join(callback=collect, propagate=False)
    return Outcome(queued, values)


@dataclass(frozen=True)
class CloseReport:
    queued: int
    finished: bool
    """False when the notes were queued and not waited for."""
    issued: int = 0
    unchanged: int = 0
    failed: tuple[tuple[str, str], ...] = ()
    """(note reference, reason)."""


def notes_month_close(
    *, notes: Iterable[Note], month: date, today: date, progress: Progress = None
) -> CloseReport:
    """Close `month` for every note (statements.services.note_month_close per note), by
    chunks of `CHUNK` notes."""
    notes = list(notes)
    outcome = per_chunk(
        tasks.close_notes, work.close_notes, (n.pk for n in notes), month.isoformat(),
        today.isoformat(), size=CHUNK, progress=progress,
    )  # fmt: skip
    if outcome.results is None:
        return CloseReport(queued=outcome.queued, finished=False)
    issued = unchanged = 0
    failed = []
    for note, result in zip(notes, outcome.results, strict=True):
        if isinstance(result, BaseException):
            failed.append((note.reference, str(result) or type(result).__name__))
        elif result["failed"]:
            failed.append((note.reference, result["failed"]))
        else:
            issued += len(result["issued"])
            unchanged += len(result["unchanged"])
    return CloseReport(outcome.queued, True, issued, unchanged, tuple(failed))


@dataclass(frozen=True)
class RefreshReport:
    queued: int
    finished: bool
    changed: int = 0
    failed: int = 0


def notes_status_refresh(*, today: date, progress: Progress = None) -> RefreshReport:
    """Bring every note's stored status to `today` (payments.status.note_status_refresh)."""
    ids = Note.objects.order_by("pk").values_list("pk", flat=True)
    outcome = per_note(
        tasks.refresh_note_status, work.refresh_note_status, ids, today.isoformat(),
        progress=progress,
    )  # fmt: skip
    if outcome.results is None:
        return RefreshReport(queued=outcome.queued, finished=False)
    failed = sum(isinstance(r, BaseException) for r in outcome.results)
    changed = sum(r is True for r in outcome.results)
    return RefreshReport(outcome.queued, True, changed, failed)


def portfolio_export(
    *, notes: Iterable[Note], as_of: date, out: IO[str], progress: Progress = None
) -> int:
    """Write the portfolio at the end of `as_of` as CSV to `out`, one line per note in
    the order given, each line computed by its own task; return the number of notes.
    Needs the results back: on workers, a result backend."""
    if on_workers() and not waits_for_workers():
        raise ValueError("A portfolio export on workers needs CELERY_RESULT_BACKEND.")
    notes = list(notes)
    outcome = per_note(
        tasks.export_note_row, work.export_note_row, (n.pk for n in notes), as_of.isoformat(),
        progress=progress,
    )  # fmt: skip
    assert outcome.results is not None  # waited for above
    errors = [(n.reference, r) for n, r in zip(notes, outcome.results, strict=True)
              if isinstance(r, BaseException)]  # fmt: skip
    if errors:
        reference, error = errors[0]
        raise ValueError(f"{len(errors)} notes could not be exported; {reference}: {error}")
    out.write(next(csv_lines(NOTES_COLUMNS, [])).decode())
    for line in outcome.results:
        out.write(line)
    return len(notes)
