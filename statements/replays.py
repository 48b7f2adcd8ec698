"""Many as-of dates of one note: every multi-date replay of the statements goes here,
as one walk of the log with a snapshot per date (the engine's `replay_at`)."""

from collections.abc import Iterable, Sequence
from datetime import date

from loans.engine.replay import replay_at
from loans.engine.values import Event, Replay, Terms


def snapshots(terms: Terms, events: Sequence[Event], dates: Iterable[date]) -> dict[date, Replay]:
    """The replay as of each of `dates` (events after a date are ignored for it)."""
    days = sorted(set(dates))
    return dict(zip(days, replay_at(terms, events, days), strict=True))
