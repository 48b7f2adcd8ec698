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
"""

import hashlib
import sys
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path

from django.db.models import Model
from django.utils.crypto import constant_time_compare, salted_hmac

import loans.engine
from loans.engine import values
from loans.engine.replay import Checkpoint
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
    fingerprint = log_fingerprint(terms, events)
    state = checkpoint.state
    row = ReplayCheckpoint(
        note_id=note_id,
        engine=ENGINE,
        fingerprint=fingerprint,
        walked_to=checkpoint.walked_to,
        state=state,
        signature=_signature(note_id, ENGINE, fingerprint, checkpoint.walked_to, state),
    )
    ReplayCheckpoint.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["note"],
        update_fields=["engine", "fingerprint", "walked_to", "state", "signature"],
    )


@cache
def _live_log_sql() -> str:
    """The checkpoints of some notes (`IN` and its list of ids to append), each with its
    note's log as it is now: per event table, the rows and the largest id. Plain SQL,
    built once: composing the ten subqueries with the ORM on every read cost more than
    replaying a short log."""
    payments = Payment._meta.db_table
    columns = []
    for key, model in _TABLES:
        table = model._meta.db_table
        if model is PaymentReversal:
            rows = f"FROM {table} t JOIN {payments} p ON p.id = t.payment_id"
            rows += " WHERE p.note_id = c.note_id"
        else:
            rows = f"FROM {table} t WHERE t.note_id = c.note_id"
        columns += [
            f"(SELECT COUNT(*) {rows}) AS {key}_rows",
            f"(SELECT COALESCE(MAX(t.id), 0) {rows}) AS {key}_last",
        ]
    fields = "c.note_id, c.engine, c.fingerprint, c.walked_to, c.state, c.signature"
    checkpoints = ReplayCheckpoint._meta.db_table
    # Only the models' own table names go in: nothing from a request.
    return f"SELECT {fields}, {', '.join(columns)} FROM {checkpoints} c WHERE c.note_id IN "  # noqa: S608


def current_checkpoints(terms: dict[int, values.Terms]) -> dict[int, Checkpoint]:
    """The current checkpoints of these notes (terms by note id), in one query; a note
    whose checkpoint is missing, stale, foreign or unsigned is left out."""
    current: dict[int, Checkpoint] = {}
    if not terms:
        return current
    ids = list(terms)
    query = _live_log_sql() + f"({', '.join(['%s'] * len(ids))})"  # only placeholders
    for row in ReplayCheckpoint.objects.raw(query, ids):
        note_terms = terms[row.note_id]
        counts = {
            key: (getattr(row, f"{key}_rows"), getattr(row, f"{key}_last")) for key, _ in _TABLES
        }
        if row.engine != ENGINE or row.fingerprint != _fingerprint(note_terms, counts):
            continue
        state = bytes(row.state)
        signature = _signature(row.note_id, row.engine, row.fingerprint, row.walked_to, state)
        if constant_time_compare(signature, row.signature):
            current[row.note_id] = Checkpoint(row.walked_to, state)
    return current
