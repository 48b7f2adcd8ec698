"""Events of default (DESIGN 3.6): the clocks that may trigger them and the waivers.

The replay owns the note's state; this module keeps the bookkeeping that does not
depend on money: which clocks run and when each would fire, which were stopped by
a dismissal, consent or satisfaction, and which waiver rescinds a default.

"Day n" of a clock is its start + n days. A clock fires at the start of its firing
day, before that day's dismissals, payments and notices (DESIGN 3.4 day order).
"""

import heapq
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, timedelta

from loans.engine.values import Clock, ClockKind, DefaultCause, NoteEvent, Terms

WINDOW_DAYS = 90
"""Involuntary proceedings and judgments: dismissed or satisfied on or before day 90."""

CATEGORY: dict[str, int] = {
    "bankruptcy_voluntary": 1,
    "creditors_assignment": 1,
    "bankruptcy_involuntary": 1,
    "judgment": 1,
    "borrower_assignment": 1,
    "bankruptcy_consent": 2,
    "acceleration": 3,
    "bankruptcy_dismissed": 4,
    "judgment_satisfied": 4,
    "charge": 5,
    "payment": 6,
    "default_notice": 7,
    "waiver": 8,
    "reversal": 9,
}
"""Same-day order (DESIGN 3.4): installments fall due (0), defaults occur (1, 2),
acceleration (3), dismissals and satisfactions (4), charges, payments, notices, waivers."""

STOPPERS: dict[str, str] = {
    "bankruptcy_dismissed": "bankruptcy_involuntary",
    "bankruptcy_consent": "bankruptcy_involuntary",
    "judgment_satisfied": "judgment",
}
"""An event that refers to another, and the kind it must refer to."""


def clock_cause(clock: Clock) -> DefaultCause:
    """The cause recorded when a clock triggers."""
    return _CAUSES[clock.kind]


_CAUSES: dict[ClockKind, DefaultCause] = {
    "notice": "payment",
    "grace": "payment",
    "involuntary": "bankruptcy",
    "judgment": "judgment",
}


def notice_clock(terms: Terms, notice: NoteEvent, named: tuple[int, ...]) -> Clock:
    """Cure deadline = sent on + cure days; unpaid at its end -> default the next day."""
    return _clock("notice", notice.id, notice.date, terms.cure_days, named)


def grace_clock(terms: Terms, number: int, due: date) -> Clock:
    """No notice required: unpaid at the end of due date + grace days -> default next day."""
    return _clock("grace", f"installment:{number}", due, terms.grace_days, (number,))


def window_clock(event: NoteEvent) -> Clock:
    """An involuntary case or a judgment: default on day 91 unless stopped by day 90."""
    kind: ClockKind = "involuntary" if event.kind == "bankruptcy_involuntary" else "judgment"
    return _clock(kind, event.id, event.date, WINDOW_DAYS)


def _clock(
    kind: ClockKind, source_id: str, start: date, days: int, watched: tuple[int, ...] = ()
) -> Clock:
    """A clock whose deadline is day `days` after `start`; it fires the day after."""
    deadline = start + timedelta(days=days)
    return Clock(kind, source_id, start, deadline, deadline + timedelta(days=1), watched)


class Clocks:
    """The clocks running in a replay, earliest first; each triggers at most once."""

    def __init__(self) -> None:
        self._heap: list[tuple[date, int, Clock]] = []
        self._stopped: set[str] = set()
        self._started = 0

    def start(self, clock: Clock) -> None:
        """Start a clock (a notice, a due date without notice, a case, a judgment)."""
        self._started += 1
        heapq.heappush(self._heap, (clock.fires_on, self._started, clock))

    def stop(self, source_id: str) -> None:
        """A dismissal, stay, consent or satisfaction: the window clock will not fire."""
        self._stopped.add(source_id)

    def is_running(self, source_id: str) -> bool:
        """Whether a window clock with this source is still waiting to fire."""
        return source_id not in self._stopped and any(
            c.source_id == source_id for _, _, c in self._heap
        )

    def next_date(self) -> date | None:
        """The earliest firing day still pending."""
        return self._heap[0][0] if self._heap else None

    def running(self) -> tuple[Clock, ...]:
        """Clocks started and neither fired nor stopped, soonest first."""
        pending = sorted(entry for entry in self._heap if entry[2].source_id not in self._stopped)
        return tuple(clock for _, _, clock in pending)

    def pop_firing(self, on: date) -> list[Clock]:
        """Clocks firing on or before `on` that were not stopped, in firing order."""
        fired: list[Clock] = []
        while self._heap and self._heap[0][0] <= on:
            clock = heapq.heappop(self._heap)[2]
            if clock.source_id not in self._stopped:
                fired.append(clock)
        return fired


class Waivers:
    """The waiver dates of a replay: a waiver on w rescinds every default dated <= w.

    Only waivers dated on or before `through` (the as-of date) exist for the replay;
    a walk that snapshots several as-of dates moves `through` forward as it goes.
    """

    def __init__(self, dates: Iterable[date], through: date = date.max) -> None:
        self._dates = sorted(dates)
        self.through = through

    def rescinding(self, occurred_on: date) -> date | None:
        """The waiver that rescinds a default (or acceleration) of this day, if any."""
        i = bisect_left(self._dates, occurred_on)
        if i < len(self._dates) and self._dates[i] <= self.through:
            return self._dates[i]
        return None

    def any_between(self, after: date, through: date) -> bool:
        """Whether a waiver is dated after `after` and on or before `through`."""
        i = bisect_left(self._dates, after + timedelta(days=1))
        return i < len(self._dates) and self._dates[i] <= through
