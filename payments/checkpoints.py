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
from pathlib import Path

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
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

_TABLES = (
    ("p", Payment, "note_id"),
    ("r", PaymentReversal, "payment__note_id"),
    ("c", Charge, "note_id"),
    ("n", DefaultNotice, "note_id"),
    ("e", NoteEvent, "note_id"),
)
"""Each event table: its key in the fingerprint and the path to its note."""


def _terms_digest(terms: values.Terms) -> str:
    return hashlib.sha256(repr(terms).encode()).hexdigest()[:32]


def _fingerprint(terms: values.Terms, counts: dict[str, tuple[int, int]]) -> str:
    """'<terms digest> p3.41 r0.0 ...': the terms, then each table's rows and largest id."""
    tables = " ".join(f"{key}{counts[key][0]}.{counts[key][1]}" for key, _, _ in _TABLES)
    return f"{_terms_digest(terms)} {tables}"


def log_fingerprint(terms: values.Terms, events: Sequence[values.Event]) -> str:
    """The fingerprint of the log the engine was given (selectors.notes_events ids: the
    primary key is the sequence; notices are the NoteEvents named "notice-<pk>")."""
    ids: dict[str, list[int]] = {key: [] for key, _, _ in _TABLES}
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


def _with_live_log(rows: QuerySet[ReplayCheckpoint]) -> QuerySet[ReplayCheckpoint]:
    """Each checkpoint with its note's log as it is now: rows and largest id per table."""
    for key, model, path in _TABLES:
        log = model.objects.filter(**{path: OuterRef("note_id")}).order_by().values(path)
        rows = rows.annotate(
            **{
                f"{key}_rows": Coalesce(
                    Subquery(log.annotate(n=Count("pk")).values("n")), 0,
                    output_field=IntegerField(),
                ),
                f"{key}_last": Coalesce(
                    Subquery(log.annotate(m=Max("pk")).values("m")), 0,
                    output_field=IntegerField(),
                ),
            }
        )  # fmt: skip
    return rows


def current_checkpoints(terms: dict[int, values.Terms]) -> dict[int, Checkpoint]:
    """The current checkpoints of these notes (terms by note id), in one query; a note
    whose checkpoint is missing, stale, foreign or unsigned is left out."""
    current: dict[int, Checkpoint] = {}
    for row in _with_live_log(ReplayCheckpoint.objects.filter(note_id__in=list(terms))):
        note_terms = terms[row.note_id]
        counts = {
            key: (getattr(row, f"{key}_rows"), getattr(row, f"{key}_last")) for key, _, _ in _TABLES
        }
        if row.engine != ENGINE or row.fingerprint != _fingerprint(note_terms, counts):
            continue
        state = bytes(row.state)
        signature = _signature(row.note_id, row.engine, row.fingerprint, row.walked_to, state)
        if constant_time_compare(signature, row.signature):
            current[row.note_id] = Checkpoint(row.walked_to, state)
    return current
