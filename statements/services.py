"""Month-end close (DESIGN 4): each note's statements for a month, issued once and kept.

`note_month_close` closes one note's month; `month_end_close` runs it over every note,
a chunk at a time: what a chunk's notes read (`month_reads`: logs, lender shares,
statements already issued) takes a constant number of queries whatever its size. The
workers close chunks the same way (jobs/work.py). Both are idempotent: a statement
already issued is never issued again nor changed.

A closed month is never rewritten. What is recorded later but dated into it (a
backdated payment, a charge, a reversal) shows in the next month's statements as an
adjustment: the difference between the figures issued at the end of the closed month
and the same figures recomputed now. The adjustment journal entry is balanced by
construction: cash = interest + principal + charges paid + money held or unapplied, so
the change in cash is the other changes netted.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value

from loans.engine.money import ZERO
from loans.models import Note
from statements.accrued import interest_dates
from statements.data import ActivityStatement, JournalEntry
from statements.dayend import day_ends
from statements.journal import Leg, entry_of, note_journal
from statements.lines import days_needed
from statements.log import NoteLog, note_logs
from statements.models import IssuedStatement
from statements.render import plain
from statements.selectors import activity_statement
from statements.shares import read_shares

ONE_DAY = timedelta(days=1)
CHUNK = 20
"""Notes closed together (their reads taken at once), in this process or in one
message to a worker: enough to share the reads and a message's cost, few enough to
spread over the workers and to redo after a crash."""
BALANCES = ("interest_earned", "charges_incurred", "principal", "interest_owed", "charges_due",
            "deposits")  # fmt: skip


@dataclass(frozen=True)
class NoteClose:
    """What closing one note's month did."""

    note_reference: str
    issued: tuple[str, ...]
    """Kinds issued by this run."""
    unchanged: tuple[str, ...]
    """Kinds issued before: left as they were."""


@dataclass(frozen=True)
class MonthReads:
    """What closing a month reads of a chunk of notes, by note id."""

    issued: dict[int, set[str]]
    """The kinds already issued for the month."""
    logs: dict[int, NoteLog]
    """The logs of the notes with a kind still to issue, shares read."""
    previous: dict[int, str]
    """The activity statement issued for the month before, where there is one."""


def month_bounds(month: date) -> tuple[date, date]:
    start = month.replace(day=1)
    return start, start + relativedelta(day=31)


def month_reads(notes: Iterable[Note], month: date) -> MonthReads:
    """Everything closing `month` reads of `notes`, in a constant number of queries."""
    notes = list(notes)
    start = month.replace(day=1)
    issued: dict[int, set[str]] = defaultdict(set)
    done = IssuedStatement.objects.filter(note__in=notes, month=start)
    for note_id, kind in done.values_list("note_id", "kind"):
        issued[note_id].add(kind)
    kinds = set(IssuedStatement.Kind.values)
    to_issue = [note for note in notes if issued[note.pk] != kinds]
    if not to_issue:
        return MonthReads(issued, {}, {})
    logs = note_logs(to_issue)
    read_shares(logs.values())
    before = IssuedStatement.objects.filter(
        note__in=to_issue, month=start - relativedelta(months=1), kind="activity"
    )
    return MonthReads(issued, logs, dict(before.values_list("note_id", "content")))


def note_month_close(
    *, note: Note, month: date, today: date, reads: MonthReads | None = None
) -> NoteClose:
    """Issue the note's activity statement and both journals for `month` (any day of
    it), once. The month must have ended before `today`. `reads`: `month_reads` of a
    chunk the note is in, read before (read for this note alone when not given)."""
    start, end = month_bounds(month)
    if end >= today:
        raise ValidationError({"month": [f"{start:%Y-%m} has not ended on {today.isoformat()}."]})
    reads = reads or month_reads([note], start)
    done = reads.issued[note.pk]
    missing = [kind for kind in IssuedStatement.Kind.values if kind not in done]
    if not missing:
        return NoteClose(note.reference, (), tuple(sorted(done)))
    contents = month_contents(reads.logs[note.pk], start, end, reads.previous.get(note.pk))
    issued = _issue(note, start, {kind: contents[kind] for kind in missing})
    return NoteClose(
        note.reference, issued, tuple(sorted(set(IssuedStatement.Kind.values) - set(issued)))
    )


def _issue(note: Note, month: date, contents: dict[str, str]) -> tuple[str, ...]:
    """Store the statements as issued, in one insert; the kinds stored. When a
    concurrent close stored some first, the others one at a time."""
    rows = [_row(note, month, kind, content) for kind, content in contents.items()]
    for row in rows:
        # As an expression, so that Django 5.2 inserts the rows as a VALUES list, not as
        # UNNEST of arrays: psycopg quotes a text array in Python, one regex
        # substitution per double quote, which for JSON cost more than the insert
        # itself (1.8 ms a note against 1.2, docs/performance.md).
        row.content = Value(row.content)
    try:
        with transaction.atomic():
            IssuedStatement.objects.bulk_create(rows)
    except IntegrityError:
        return tuple(
            kind for kind, content in contents.items() if _issue_one(note, month, kind, content)
        )
    return tuple(contents)


def _issue_one(note: Note, month: date, kind: str, content: str) -> bool:
    """Store one statement as issued; False if a concurrent close stored it first."""
    try:
        with transaction.atomic():
            _row(note, month, kind, content).save()
    except IntegrityError:
        return False
    return True


def _row(note: Note, month: date, kind: str, content: str) -> IssuedStatement:
    digest = hashlib.sha256(content.encode()).hexdigest()
    return IssuedStatement(note=note, month=month, kind=kind, content=content, sha256=digest)


def month_contents(log: NoteLog, start: date, end: date, previous: str | None) -> dict[str, str]:
    """The month's statements as JSON, with adjustments for what changed in the
    previous closed month since it was issued (`previous`: its activity statement)."""
    # Every day end the three statements and the running figures read, and the days the
    # activity statement's interest line reads, in one walk.
    day_ends(log, days_needed(log, start, end), also=interest_dates(log, start, end))
    figures = to_date(log, end)
    adjustments = _adjustments(log, start, previous)
    activity = activity_statement(note=log.note, start=start, end=end, log=log)
    contents = {"activity": _json(_activity_content(activity, figures, adjustments))}
    for book in ("lender", "borrower"):
        journal = note_journal(log=log, start=start, end=end, book=book)
        entries = [*_adjustment_entries(log, start, adjustments, book), *journal.entries]
        contents[f"journal-{book}"] = _json(plain(replace(journal, entries=tuple(entries))))
    return contents


def to_date(log: NoteLog, day: date) -> dict[str, Decimal]:
    """Running figures at the end of `day` that the next close compares."""
    end = day_ends(log, [day])[day]
    balance = end.balance
    return {
        "interest_earned": end.interest_earned,
        "charges_incurred": sum(
            (c.amount for c in log.charges.values() if c.incurred_on <= day), ZERO
        ),
        "principal": balance.principal,
        "interest_owed": balance.interest_due + balance.interest_accrued,
        "charges_due": balance.charges_due,
        "deposits": balance.held + balance.unapplied,
    }


def _adjustments(log: NoteLog, start: date, previous: str | None) -> dict[str, Decimal]:
    """Now minus as issued, for the end of the previous month (nothing if not closed)."""
    if previous is None:
        return {}
    issued = json.loads(previous)["to_date"]
    now = to_date(log, start - ONE_DAY)
    changes = {name: now[name] - Decimal(issued[name]) for name in BALANCES}
    return changes if any(changes.values()) else {}


def _activity_content(
    activity: ActivityStatement, figures: dict[str, Decimal], adjustments: dict[str, Decimal]
) -> dict[str, Any]:
    return {
        **plain(activity),  # type: ignore[dict-item]
        "reconciles": activity.reconciles,
        "to_date": {name: str(value) for name, value in figures.items()},
        "adjustments": {name: str(value) for name, value in adjustments.items()},
    }


def _adjustment_entries(
    log: NoteLog, start: date, changes: dict[str, Decimal], book: str
) -> list[JournalEntry]:
    """One entry on the month's first day for what changed in the closed month."""
    if not changes:
        return []
    legs: list[Leg] = [
        ("interest_earned", -changes["interest_earned"]),
        ("charges_incurred", -changes["charges_incurred"]),
        ("interest", changes["interest_owed"]),
        ("principal", changes["principal"]),
        ("charges", changes["charges_due"]),
        ("deposits", -changes["deposits"]),
    ]
    legs.append(("cash", -sum((amount for _, amount in legs), ZERO)))
    ref = log.note.reference
    memo = f"Recorded after the {start - ONE_DAY:%Y-%m} close, dated into it"
    return [entry_of(log, f"{ref}:adjustment:{start.isoformat()}", start, memo, legs, book)]


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, default=str, indent=1)


@dataclass(frozen=True)
class CloseSummary:
    issued: int
    unchanged: int
    failed: tuple[tuple[str, str], ...]
    """(note reference, reason)."""


def month_end_close(
    *, notes: Iterable[Note], month: date, today: date, progress: Any = None
) -> CloseSummary:
    """`note_month_close` over `notes`, `CHUNK` at a time; a failure of one note is
    reported, not fatal. Safe to interrupt and rerun: closed notes are left as they are."""
    issued = unchanged = 0
    failed = []
    notes = list(notes)
    for first in range(0, len(notes), CHUNK):
        chunk = notes[first : first + CHUNK]
        reads = month_reads(chunk, month)
        for note in chunk:
            try:
                result = note_month_close(note=note, month=month, today=today, reads=reads)
            except (ValidationError, ValueError, ArithmeticError) as error:
                failed.append((note.reference, _reason(error)))
            else:
                issued += len(result.issued)
                unchanged += len(result.unchanged)
            if progress is not None:
                progress(note)
    return CloseSummary(issued, unchanged, tuple(failed))


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error) or type(error).__name__
