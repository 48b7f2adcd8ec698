"""Many as-of dates of one note: every multi-date replay of the statements goes here,
as one walk of the log with a snapshot per date (the engine's `replay_at`)."""

from collections.abc import Iterable, Sequence
from datetime import date

from loans.engine.replay import event_date, replay_at
from loans.engine.values import Event, Replay, Terms
from statements.log import NoteLog


def snapshots(terms: Terms, events: Sequence[Event], dates: Iterable[date]) -> dict[date, Replay]:
    """The replay as of each of `dates` (events after a date are ignored for it)."""
    days = sorted(set(dates))
    return dict(zip(days, replay_at(terms, events, days), strict=True))


def log_snapshots(
    log: NoteLog, events: Sequence[Event], dates: Iterable[date]
) -> dict[date, Replay]:
    """`snapshots` of `events` (the log's, or some of them), each kept in the log. A
    replay as of d depends only on the events dated on or before d (DESIGN 3), so a
    snapshot asked for again, from the same events or another list with the same ones
    up to d, is not computed again (the close's statements ask for the same days)."""
    known: dict[tuple[date, frozenset[Event]], Replay] = log.memo.setdefault("snapshots", {})
    keys = {day: (day, frozenset(e for e in events if event_date(e) <= day)) for day in set(dates)}
    missing = [day for day, key in keys.items() if key not in known]
    if missing:
        computed = snapshots(log.terms, events, missing)
        known.update((keys[day], replay) for day, replay in computed.items())
    return {day: known[key] for day, key in keys.items()}
