"""Replay checkpoints: a note's walk frozen after its last event, so reads do not replay
the whole log again (docs/performance.md, "Reads that do not grow with history").

A checkpoint is used only when it is *current*: written by this engine (`ENGINE`, a digest
of the engine's sources), signed with the SECRET_KEY (the state is a pickle: a row the app
did not write is refused, never unpickled), and written for exactly the terms and log the
note has now. The log is append-only (the database refuses UPDATE and DELETE), so a log
that changed has more rows: its fingerprint is, per event table, how many rows the note
has and the largest id, read in the same query as the checkpoint. Whatever wrote the
rows (the services, the admin, a test, bench/generate.py), a grown log no longer matches
and the read replays afresh. The services rewrite the checkpoint in the posting
transaction (payments/status.py), so reads after them use it.

A posting that appends one payment or charge may extend the checkpoint of the log just
before it instead of replaying (`previous_checkpoint`): the stored fingerprint must be
the live one less that row, which must be the largest of its table. Append-only, the log
read then is the log now without the new row, and nothing else.

A process keeps the replays it resumed, by checkpoint signature and as-of date
(`resumed`, `kept_store`): a note read again before anything is posted to it, on the same
as-of date, is not unpickled and walked again.
"""

import hashlib
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from cachetools import LRUCache
from django.db import connection
from django.db.models import Model
from django.utils.crypto import constant_time_compare, salted_hmac

import loans.engine
from loans.engine import values
from loans.engine.replay import Checkpoint, resume
from payments.models import (
    Charge,
    DefaultNotice,
    NoteEvent,
    Payment,
    PaymentReversal,
    ReplayCheckpoint,
)


def _engine_digest() -> str:
    """A digest of the engine's sources and the Python version: a checkpoint pickled by
    other code is never unpickled."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for source in sorted(Path(loans.engine.__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


ENGINE = _engine_digest()

_TABLES: tuple[tuple[str, type[Model]], ...] = (
    ("p", Payment),
    ("r", PaymentReversal),
    ("c", Charge),
    ("n", DefaultNotice),
    ("e", NoteEvent),
)
"""Each event table and its key in the fingerprint."""


def _terms_digest(terms: values.Terms) -> str:
    return hashlib.sha256(repr(terms).encode()).hexdigest()[:32]


def _fingerprint(terms: values.Terms, counts: dict[str, tuple[int, int]]) -> str:
    """'<terms digest> p3.41 r0.0 ...': the terms, then each table's rows and largest id."""
    tables = " ".join(f"{key}{counts[key][0]}.{counts[key][1]}" for key, _ in _TABLES)
    return f"{_terms_digest(terms)} {tables}"


def log_fingerprint(terms: values.Terms, events: Sequence[values.Event]) -> str:
    """The fingerprint of the log the engine was given (selectors.notes_events ids: the
    primary key is the sequence; notices are the NoteEvents named "notice-<pk>")."""
    ids: dict[str, list[int]] = {key: [] for key, _ in _TABLES}
    for event in events:
        if isinstance(event, values.Payment):
            key = "p"
        elif isinstance(event, values.Reversal):
            key = "r"
        elif isinstance(event, values.Charge):
            key = "c"
        else:
            key = "n" if event.id.startswith("notice-") else "e"
        ids[key].append(event.sequence)
    return _fingerprint(terms, {key: (len(pks), max(pks, default=0)) for key, pks in ids.items()})


def _signature(note_id: int, engine: str, fingerprint: str, walked_to: date, state: bytes) -> str:
    head = f"{note_id}|{engine}|{fingerprint}|{walked_to.isoformat()}|".encode()
    return salted_hmac("payments.ReplayCheckpoint", head + state, algorithm="sha256").hexdigest()


def checkpoint_store(
    *, note_id: int, terms: values.Terms, events: Sequence[values.Event], checkpoint: Checkpoint
) -> None:
    """Write (or rewrite) the note's checkpoint of this log, in one query."""
    checkpoint_store_fingerprint(
        note_id=note_id, fingerprint=log_fingerprint(terms, events), checkpoint=checkpoint
    )


def checkpoint_store_fingerprint(*, note_id: int, fingerprint: str, checkpoint: Checkpoint) -> None:
    """Write (or rewrite) the note's checkpoint of the log with this fingerprint."""
    state = checkpoint.state
    signature = _signature(note_id, ENGINE, fingerprint, checkpoint.walked_to, state)
    with connection.cursor() as cursor:
        cursor.execute(
            _upsert_sql(), [note_id, ENGINE, fingerprint, checkpoint.walked_to, state, signature]
        )


@cache
def _upsert_sql() -> str:
    """Insert a checkpoint row, or rewrite the note's. Plain SQL, built once (PostgreSQL
    and SQLite both): a posting runs it holding the note's lock, and composing
    `bulk_create(update_conflicts=True)` took as long as running it."""
    table = ReplayCheckpoint._meta.db_table
    columns = [field.column for field in ReplayCheckpoint._meta.concrete_fields if field.column]
    assert columns == ["note_id", "engine", "fingerprint", "walked_to", "state", "signature"]
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[1:])
    # Only the model's own table and column names go in: nothing from a request.
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        f" ON CONFLICT (note_id) DO UPDATE SET {updates}"
    )


@cache
def _live_log_sql() -> str:
    """The checkpoints of some notes (`IN` and its list of ids to append), each with its
    note's log as it is now: per event table, the rows and the largest id (one text).
    Plain SQL, built once: composing the subqueries with the ORM on every read cost more
    than replaying a short log."""
    payments = Payment._meta.db_table
    columns = []
    for key, model in _TABLES:
        table = model._meta.db_table
        if model is PaymentReversal:
            rows = f"FROM {table} t JOIN {payments} p ON p.id = t.payment_id"
            rows += " WHERE p.note_id = c.note_id"
        else:
            rows = f"FROM {table} t WHERE t.note_id = c.note_id"
        # Both in one aggregate, "rows last": one pass over the note's rows. MAX alone
        # would let PostgreSQL walk the table's primary key down from its newest row
        # until it met one of the note's, which takes longer the older the note's last
        # event is.
        columns.append(f"(SELECT COUNT(*) || ' ' || COALESCE(MAX(t.id), 0) {rows}) AS {key}_log")
    fields = "c.note_id, c.engine, c.fingerprint, c.walked_to, c.state, c.signature"
    checkpoints = ReplayCheckpoint._meta.db_table
    # Only the models' own table names go in: nothing from a request.
    return f"SELECT {fields}, {', '.join(columns)} FROM {checkpoints} c WHERE c.note_id IN "  # noqa: S608


@dataclass(frozen=True)
class _Signed:
    """A checkpoint row of this engine whose signature verifies, with its note's log now."""

    note_id: int
    checkpoint: Checkpoint
    signature: str
    fingerprint: str
    """The log it was written for."""
    live: dict[str, tuple[int, int]]
    """The log now: per event table, the rows and the largest id."""


def _signed_checkpoints(terms: dict[int, values.Terms]) -> Iterator[_Signed]:
    """The signed checkpoints of these notes (terms by note id), in one query."""
    if not terms:
        return
    ids = list(terms)
    query = _live_log_sql() + f"({', '.join(['%s'] * len(ids))})"  # only placeholders
    # A plain cursor, not a RawQuerySet: 0.1 ms less on every read and posting, as the
    # row needs no model instance. Both databases answer the date column as a date
    # (Django declares SQLite's converter for it).
    with connection.cursor() as cursor:
        cursor.execute(query, ids)
        rows = cursor.fetchall()
    for note_id, engine, fingerprint, walked_to, stored, stored_signature, *logs in rows:
        if engine != ENGINE:
            continue
        state = bytes(stored)
        signature = _signature(note_id, engine, fingerprint, walked_to, state)
        if constant_time_compare(signature, stored_signature):
            live = {key: _rows_and_last(log) for (key, _), log in zip(_TABLES, logs, strict=True)}
            yield _Signed(note_id, Checkpoint(walked_to, state), signature, fingerprint, live)


def _rows_and_last(log: str) -> tuple[int, int]:
    """An event table's "rows last" column: how many rows the note has, the largest id."""
    rows, last = log.split()
    return int(rows), int(last)


def current_replays(terms: dict[int, values.Terms], as_of: date) -> dict[int, values.Replay]:
    """These notes' replays (terms by note id) as of `as_of` from their current
    checkpoints, in one query; a note whose checkpoint is missing, stale, foreign,
    unsigned or later than `as_of` is left out."""
    replays = {}
    for signed in _signed_checkpoints(terms):
        if signed.fingerprint == _fingerprint(terms[signed.note_id], signed.live):
            state = resumed(signed.signature, signed.checkpoint, as_of)
            if state is not None:
                replays[signed.note_id] = state
    return replays


KEPT_ROWS = 50_000
"""How many schedule and allocation rows the replays a process keeps may hold in all
(about 400 bytes each: 20 MB)."""


def _rows(state: values.Replay) -> int:
    return 1 + len(state.installments) + len(state.allocations)


def kept_store(rows: int = KEPT_ROWS) -> LRUCache[tuple[str, date], values.Replay]:
    """Replays by checkpoint signature and as-of date, the least recently used going
    first once they hold more than `rows` schedule and allocation rows."""
    return LRUCache(rows, getsizeof=_rows)


_kept = kept_store()
_kept_lock = threading.Lock()


def resumed(signature: str, checkpoint: Checkpoint, as_of: date) -> values.Replay | None:
    """`resume(checkpoint, as_of)` for a checkpoint whose signature verified; the process
    keeps the latest answers (`kept_store`).

    The signature is an HMAC of the note, the engine, the log's fingerprint and the
    walk: the same signature is the same checkpoint, and a replay is a function of its
    checkpoint and date, so a kept answer is the answer. A posting changes the
    fingerprint, hence the signature: nothing kept is ever stale, only unused. A
    `Replay` is immutable (frozen values and tuples), so it may be handed out twice.
    """
    key = (signature, as_of)
    with _kept_lock:
        state = _kept.get(key)
    if state is None:
        state = resume(checkpoint, as_of)
        if state is not None:
            with _kept_lock, suppress(ValueError):  # larger than the whole store: not kept
                _kept[key] = state
    return state


@dataclass(frozen=True)
class NoteCheckpoint:
    """The note's signed checkpoint: of its log now, or of its log just before `appended`."""

    checkpoint: Checkpoint
    signature: str
    current: bool
    """Of the log now; else of the log without the appended row."""
    fingerprint: str
    """The fingerprint of the log now."""


def note_checkpoint(
    *, note_id: int, terms: values.Terms, appended: values.Payment | values.Charge | None = None
) -> NoteCheckpoint | None:
    """The note's checkpoint when it is current, or when it is of the log just before
    `appended` (the row a posting has just stored); otherwise None. One query."""
    for signed in _signed_checkpoints({note_id: terms}):
        live = _fingerprint(terms, signed.live)
        if signed.fingerprint == live:
            return NoteCheckpoint(signed.checkpoint, signed.signature, True, live)
        if appended is not None and signed.fingerprint == _without(terms, signed, appended):
            return NoteCheckpoint(signed.checkpoint, signed.signature, False, live)
    return None


def _without(
    terms: values.Terms, signed: _Signed, appended: values.Payment | values.Charge
) -> str | None:
    """The fingerprint of the log now less `appended`, when it is its table's largest id
    and the stored log's largest id of that table is smaller; else None.

    The log only grows, so the stored log's rows are all still there; one row more in
    that table, every other table unchanged, and `appended` newer than all the stored
    rows: the log now is the stored log and `appended`.
    """
    key = "p" if isinstance(appended, values.Payment) else "c"
    rows, last = signed.live[key]
    if last != appended.sequence:
        return None
    index = next(i for i, (table, _) in enumerate(_TABLES) if table == key)
    stored_last = int(signed.fingerprint.split(" ")[1 + index].split(".")[1])
    if stored_last >= last:
        return None
    return _fingerprint(terms, {**signed.live, key: (rows - 1, stored_last)})
