"""The replay (DESIGN 3): a note's terms and event log, as of a date, give where it stands.

`replay(terms, events, as_of)` walks the log once in effective-date order (DESIGN 3.4
same-day order), letting installments fall due and default clocks fire between
events, then reports the schedule, allocations, balances, defaults and running
clocks. Events after `as_of` are ignored; a payment reversed on or before `as_of` is
left out entirely. The result depends only on the events, never on the order they
are passed in. `replay_at(terms, events, dates)` gives the same for several as-of
dates in one walk.

`replay_checkpoint(terms, events, as_of)` replays and also freezes the walk once it has
applied every event (a `Checkpoint`); `resume(checkpoint, as_of)` gives `replay` for any
later as-of date without walking the log again (payments/checkpoints.py stores them).
`extend(checkpoint, event, as_of)` gives the same pair for the log with one later
payment or charge added (later in the replay's order: on a later day, or after the
day's last event), from the checkpoint instead of the whole log; `extend_posting` gives
what a posting answers of it (the status and the new payment's allocation) with the same
checkpoint, without building every other payment's allocation.

`event_refusal(terms, events, event)` says why a new notice, acceleration, waiver,
dismissal, consent or satisfaction is refused, or None when it is allowed.
"""

import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import zstandard

from loans.engine.defaults import CATEGORY, STOPPERS, Waivers
from loans.engine.lines import IdLines
from loans.engine.money import ZERO
from loans.engine.report import Settled, build_report
from loans.engine.servicing import Servicer
from loans.engine.values import (
    Allocation,
    Charge,
    Event,
    NoteEvent,
    NoteStatusCode,
    Payment,
    Replay,
    Reversal,
    Terms,
)


def replay(terms: Terms, events: Sequence[Event], as_of: date) -> Replay:
    """Everything the engine says about the note as of `as_of` (DESIGN 3.2-3.7)."""
    return _Walk(terms, events).snapshot(as_of)


def replay_at(terms: Terms, events: Sequence[Event], dates: Sequence[date]) -> tuple[Replay, ...]:
    """`replay(terms, events, d)` for every d in `dates` (in their order), in one walk.

    The walk goes through the events once, in date order, and snapshots each as-of date
    on the way (like beancount's iterate_with_balance). Two things are decided by
    looking ahead to the as-of date, so a later date can change the past: a reversal
    dated r takes its payment out for as-of dates on or after r, and a waiver dated w
    rescinds defaults retroactively for as-of dates on or after w. When either reaches
    back into what the walk has already applied, the walk starts again from the
    beginning for that date, so every snapshot is exactly what `replay` returns.
    """
    snapshots: dict[date, Replay] = {}
    walk: _Walk | None = None
    for as_of in sorted(set(dates)):
        if walk is None or walk.looks_back(as_of):
            walk = _Walk(terms, events)
        snapshots[as_of] = walk.snapshot(as_of)
    return tuple(snapshots[d] for d in dates)


@dataclass(frozen=True)
class Checkpoint:
    """A walk frozen once it has applied every event of a log, on `walked_to`.

    `state` is the pickled walk, compressed (`_pack`), so that resuming never changes
    the checkpoint and a caller can store it as bytes.
    Unpickling runs code named by the bytes: `resume` must only be given a checkpoint
    this engine made (payments/checkpoints.py signs them).
    """

    walked_to: date
    """The latest event's date (the accrual start when there is none)."""
    state: bytes
    """The walk, pickled and compressed (Zstandard)."""


def replay_checkpoint(
    terms: Terms, events: Sequence[Event], as_of: date
) -> tuple[Replay, Checkpoint]:
    """`replay(terms, events, as_of)` and the log's checkpoint, from one walk.

    The walk stops on the latest event's date, is frozen there, and goes on to `as_of`
    (a fresh walk when `as_of` is earlier: a walk never goes back).
    """
    walk = _Walk(terms, events)
    walked_to = max((event_date(e) for e in events), default=terms.accrual_start)
    state = walk.snapshot(walked_to)  # also fills the walk's caches of settled figures
    frozen = _freeze(walk, walked_to)
    if as_of == walked_to:
        return state, frozen
    if as_of < walked_to:
        walk = _Walk(terms, events)
    return walk.snapshot(as_of), frozen


def extend(
    checkpoint: Checkpoint, event: Payment | Charge, as_of: date
) -> tuple[Replay, Checkpoint] | None:
    """`replay_checkpoint(terms, events + [event], as_of)` from the checkpoint of `events`.

    Only for a payment or a charge that comes after every event the walk applied
    (`event_order`: a later date, or `walked_to` itself and later in DESIGN 3.4's
    same-day order, as a second payment received the same day), as of its date or
    later: a payment or charge neither looks back (as a reversal does) nor is read by
    the walk up front (as a waiver is), so adding it last and walking on is what a fresh
    walk of the longer log does (as in `replay_at`). On `walked_to` itself the walk has
    already let that day's installments fall due and clocks fire, which a fresh walk
    does before applying the event anyway (`Servicer.apply` first advances to its day).
    None otherwise, and for an event the log already has: the caller replays afresh.
    The caller must know that the checkpoint is of exactly the log before `event`.
    """
    walk = _extended(checkpoint, event, as_of)
    if walk is None:
        return None
    on = event_date(event)
    state = walk.snapshot(on)
    frozen = _freeze(walk, on)
    if as_of == on:
        return state, frozen
    return walk.snapshot(as_of), frozen


@dataclass(frozen=True)
class Posting:
    """What a posting needs of `extend`: the longer log's checkpoint, the note's status
    as of `as_of`, and the appended payment's allocation then (None for a charge)."""

    checkpoint: Checkpoint
    status: NoteStatusCode
    allocation: Allocation | None


def extend_posting(checkpoint: Checkpoint, event: Payment | Charge, as_of: date) -> Posting | None:
    """`extend(checkpoint, event, as_of)` as a posting answers it: the same checkpoint,
    the replay's status and the event's allocation, without building every other
    payment's allocation (most of a thawed walk's snapshot). None when `extend` is."""
    walk = _extended(checkpoint, event, as_of)
    if walk is None:
        return None
    on = event_date(event)
    reversed_ids = walk.walk_to(on)
    # A report moves the ledger's cursor (`Ledger.first_open`), which is frozen with the
    # walk: report on `on` before freezing, as `extend` does, and the checkpoints are one.
    status = build_report(walk.servicer, on, (), walk.settled).balance.status
    frozen = _freeze(walk, on)
    if as_of != on:
        reversed_ids = walk.walk_to(as_of)
        status = build_report(walk.servicer, as_of, (), walk.settled).balance.status
    allocation = walk.allocation(event.id, reversed_ids) if isinstance(event, Payment) else None
    return Posting(frozen, status, allocation)


def _extended(checkpoint: Checkpoint, event: Payment | Charge, as_of: date) -> "_Walk | None":
    """The checkpoint's walk with `event` added last and not yet walked, when `extend`
    accepts it."""
    on = event_date(event)
    if not isinstance(event, Payment | Charge) or on < checkpoint.walked_to or as_of < on:
        return None
    walk = _unpack(checkpoint.state)
    if (
        walk.walked_to != checkpoint.walked_to
        or walk.next != len(walk.pending)
        or (walk.last is not None and event_order(event) <= walk.last)
        or event.id in (walk.paid if isinstance(event, Payment) else walk.charged)
    ):
        return None
    if isinstance(event, Charge):
        walk.charged.add(event.id)
    walk.pending.append(event)  # it comes after every other event: pending stays sorted
    walk.last = event_order(event)
    return walk


def _freeze(walk: "_Walk", walked_to: date) -> Checkpoint:
    """The walk as it stands on `walked_to`, pickled and compressed."""
    return Checkpoint(walked_to, _pack(walk))


PACK_LEVEL = 3
"""Zstandard's level for a frozen walk. A walk's blocks of ids and splits repeat lines
further apart than zlib's 32 KB window: at 3,500 payments level 3 writes 7 KB where zlib
level 1 wrote 16 KB, in half the time, and reads back in 0.09 ms instead of 0.15
(docs/performance.md, "2026-12-06 (second)")."""


def _pack(walk: "_Walk") -> bytes:
    compressor, _ = _codec()
    return compressor.compress(pickle.dumps(walk, pickle.HIGHEST_PROTOCOL))


def _unpack(state: bytes) -> "_Walk":
    _, decompressor = _codec()
    walk = pickle.loads(decompressor.decompress(state))  # noqa: S301 -- see Checkpoint
    assert isinstance(walk, _Walk)
    return walk


_contexts = threading.local()


def _codec() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    """This thread's Zstandard contexts, made once rather than for every walk: making one
    allocates and frees a megabyte of tables (0.03 ms of the 0.2 ms a 4,600-payment walk
    takes to compress; more than compressing a short note's walk). A context may be used
    by one thread at a time."""
    codec = getattr(_contexts, "codec", None)
    if codec is None:
        codec = _contexts.codec = (
            zstandard.ZstdCompressor(level=PACK_LEVEL),
            zstandard.ZstdDecompressor(),
        )
    return codec


def resume(checkpoint: Checkpoint, as_of: date) -> Replay | None:
    """`replay(terms, events, as_of)` from the log's checkpoint; None before its date.

    Nothing is left to look back for: every reversal and waiver of the log is dated on
    or before `walked_to`, so walking on from there is exactly `replay` (as in
    `replay_at`). The caller replays afresh when this answers None.
    """
    if as_of < checkpoint.walked_to:
        return None
    return _unpack(checkpoint.state).snapshot(as_of)


class _Walk:
    """One pass over a note's events, snapshotted at increasing as-of dates."""

    def __init__(self, terms: Terms, events: Sequence[Event]) -> None:
        self.pending = sorted((e for e in events if not isinstance(e, Reversal)), key=event_order)
        self.reversals = [e for e in events if isinstance(e, Reversal)]
        self.charged = {e.id for e in events if isinstance(e, Charge)}
        """The charges of the log (its payments are in `paid` once walked)."""
        self.last = event_order(self.pending[-1]) if self.pending else None
        """The latest event's place in the replay's order (reversals aside)."""
        self.paid = IdLines()
        """The payments the walk has passed, applied or reversed, in its order."""
        waivers = (e.date for e in self.pending if isinstance(e, NoteEvent) and e.kind == "waiver")
        self.servicer = Servicer(terms, Waivers(waivers))
        self.next = 0
        self.applied: set[str] = set()
        """The payments applied so far (not reversed); `looks_back` reads it. Not frozen."""
        self.walked_to: date | None = None
        self.settled = Settled()
        self.allocations: dict[str, tuple[tuple[Decimal, ...], Allocation]] = {}

    def __getstate__(self) -> dict[str, object]:
        """Frozen without the events it has applied (only their ids go on, in `paid`),
        without `applied` (only `looks_back` reads it, and a frozen walk has walked past
        every reversal of its log: nothing is left to look back for), without its caches
        of settled installments and allocations (a snapshot rebuilds them for less than it
        costs to pickle and unpickle them), and with its final splits as text
        (`Servicer.__getstate__`): what it pickles grows with the note's history only by
        an id and a line of amounts a payment."""
        state = self.__dict__.copy()
        state["pending"] = self.pending[self.next :]
        state["next"] = 0
        state["applied"] = set()
        state["settled"] = Settled()
        state["allocations"] = {}
        return state

    def looks_back(self, as_of: date) -> bool:
        """Whether a reversal or waiver dated after the last snapshot, on or before
        `as_of`, changes what the walk has already applied."""
        after = self.walked_to
        if after is None:
            return False
        if any(
            after < r.reversed_on <= as_of and r.payment_id in self.applied for r in self.reversals
        ):
            return True
        return bool(self.servicer.defaults) and self.servicer.waivers.any_between(after, as_of)

    def snapshot(self, as_of: date) -> Replay:
        """Walk on to `as_of` and report; `as_of` never goes back."""
        reversed_ids = self.walk_to(as_of)
        # `allocation` for every payment, inlined: most are frozen with the walk.
        splits, moved, frozen = (
            self.servicer.splits,
            self._allocation,
            self.servicer.frozen_allocation,
        )
        allocations = tuple(
            _reversed_allocation(i) if i in reversed_ids else moved(i) if i in splits else frozen(i)
            for i in self.paid
        )
        return build_report(self.servicer, as_of, allocations, self.settled)

    def walk_to(self, as_of: date) -> set[str]:
        """Apply the events up to `as_of` and let time run to it (`as_of` never goes
        back); the payments reversed by then."""
        assert self.walked_to is None or as_of >= self.walked_to
        reversed_ids = {r.payment_id for r in self.reversals if r.reversed_on <= as_of}
        servicer = self.servicer
        servicer.waivers.through = as_of
        while self.next < len(self.pending) and event_date(self.pending[self.next]) <= as_of:
            event = self.pending[self.next]
            self.next += 1
            if isinstance(event, Payment):
                self.paid.append(event.id)
            if _is_reversed(event, reversed_ids):
                continue
            servicer.apply(event, event_date(event))
            if isinstance(event, Payment):
                self.applied.add(event.id)
        servicer.advance_to(as_of)
        self.walked_to = as_of
        return reversed_ids

    def allocation(self, payment_id: str, reversed_ids: set[str]) -> Allocation:
        """Where a payment the walk has passed went so far."""
        if payment_id in reversed_ids:
            return _reversed_allocation(payment_id)
        if payment_id in self.servicer.splits:
            return self._allocation(payment_id)
        # Most payments are frozen with the walk, untouched since: read from there.
        return self.servicer.frozen_allocation(payment_id)

    def _allocation(self, payment_id: str) -> Allocation:
        """Where a payment with a live split went so far; the previous snapshot's value if
        it has not moved."""
        split = self.servicer.splits[payment_id]
        key = (split.charges, split.interest, split.principal, split.unapplied, split.held)
        known = self.allocations.get(payment_id)
        if known is None or known[0] != key:
            known = self.allocations[payment_id] = (key, split.allocation())
        return known[1]


def event_date(event: Event) -> date:
    """The effective date of an event."""
    if isinstance(event, Payment):
        return event.received_on
    if isinstance(event, Charge):
        return event.incurred_on
    if isinstance(event, Reversal):
        return event.reversed_on
    return event.date


def event_order(event: Event) -> tuple[date, int, int, str]:
    """Sort key: (date, DESIGN 3.4 same-day category, entry sequence, id)."""
    if isinstance(event, Payment):
        return (event.received_on, CATEGORY["payment"], event.sequence, event.id)
    if isinstance(event, Charge):
        return (event.incurred_on, CATEGORY["charge"], event.sequence, event.id)
    if isinstance(event, Reversal):
        return (event.reversed_on, CATEGORY["reversal"], event.sequence, event.payment_id)
    return (event.date, CATEGORY[event.kind], event.sequence, event.id)


def _is_reversed(event: Event, reversed_ids: set[str]) -> bool:
    """A payment taken out of the replay by its reversal."""
    return isinstance(event, Payment) and event.id in reversed_ids


def _reversed_allocation(payment_id: str) -> Allocation:
    """A reversed payment: every part zero."""
    return Allocation(payment_id, ZERO, ZERO, ZERO, ZERO, reversed=True)


# --- refusals (DESIGN 3.6) -----------------------------------------------------------


def event_refusal(terms: Terms, events: Sequence[Event], event: NoteEvent) -> str | None:
    """Why the new `event` is refused given the note's log, or None when it is allowed."""
    if event.kind in STOPPERS:
        return _reference_refusal(events, event)
    if event.kind == "default_notice":
        return _notice_refusal(terms, events, event)
    if event.kind == "acceleration":
        return _acceleration_refusal(terms, events, event)
    if event.kind == "waiver":
        return _waiver_refusal(terms, events, event)
    return None


def _notice_refusal(terms: Terms, events: Sequence[Event], notice: NoteEvent) -> str | None:
    """A notice must name installments past due on its date (all of them by default)."""
    if not terms.notice_required:
        return "this note needs no notice of default: a missed payment defaults after grace"
    state = replay(terms, events, notice.date)
    past_due = {i.number for i in state.installments if i.status == "past_due"}
    if not notice.installments and not past_due:
        return f"no installment is past due on {notice.date.isoformat()}"
    late = sorted(set(notice.installments) - past_due)
    if late:
        names = ", ".join(str(n) for n in late)
        return f"installment {names} is not past due on {notice.date.isoformat()}"
    return None


def _acceleration_refusal(terms: Terms, events: Sequence[Event], event: NoteEvent) -> str | None:
    """The lender may accelerate an optional note while an event of default stands."""
    if terms.acceleration == "automatic":
        return "this note accelerates automatically on an event of default"
    state = replay(terms, events, event.date)
    if state.accelerated_on is not None:
        return f"the note is already accelerated (since {state.accelerated_on.isoformat()})"
    if not _standing_defaults(state):
        return f"no event of default stands on {event.date.isoformat()}"
    return None


def _waiver_refusal(terms: Terms, events: Sequence[Event], event: NoteEvent) -> str | None:
    """A waiver needs a standing event of default dated on or before it."""
    if not _standing_defaults(replay(terms, events, event.date)):
        return f"no event of default stands on {event.date.isoformat()}"
    return None


def _standing_defaults(state: Replay) -> bool:
    """An event of default that occurred, is not waived, while something is owed."""
    owed = state.balance.status != "paid_off"
    return owed and any(d.waived_on is None for d in state.defaults)


def _reference_refusal(events: Sequence[Event], event: NoteEvent) -> str | None:
    """A dismissal, consent or satisfaction must refer to this note's case or judgment."""
    wanted = STOPPERS[event.kind]
    target = next((e for e in events if isinstance(e, NoteEvent) and e.id == event.refers_to), None)
    what = "an involuntary bankruptcy case" if wanted == "bankruptcy_involuntary" else "a judgment"
    if target is None or target.kind != wanted:
        return f"refers_to must name {what} recorded on this note"
    if target.date > event.date:
        return f"it is dated before the {what.split(' ', 1)[1]} it refers to"
    return None
