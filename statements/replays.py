"""Many as-of dates of one note: every multi-date replay of the statements goes here.

One function, so that a single walk of the log that yields a snapshot per date
(the engine's `replay_at`) replaces the per-date replays below in one line.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from loans.engine.replay import replay
from loans.engine.values import Event, Replay, Terms


def snapshots(terms: Terms, events: Sequence[Event], dates: Iterable[date]) -> dict[date, Replay]:
    """The replay as of each of `dates` (events after a date are ignored for it)."""
    return {day: replay(terms, events, day) for day in sorted(set(dates))}
