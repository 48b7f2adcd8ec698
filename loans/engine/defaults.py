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
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from loans.engine.values import DefaultCause, NoteEvent, Terms

ClockKind = Literal["notice", "grace", "involuntary", "judgment"]

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


@dataclass(frozen=True)
class Clock:
    """A running clock: on `fires_on`, the replay checks whether a default occurs."""

    fires_on: date
    """The day the event of default would occur."""
    kind: ClockKind
    """notice (named installments unpaid), grace (one installment unpaid),
    involuntary / judgment (not dismissed or satisfied in time)."""
    source_id: str
    """The notice, case or judgment id; `installment:<n>` for a grace clock."""
    installments: tuple[int, ...] = ()
    """The installment numbers the clock watches (notice and grace clocks)."""

    @property
    def cause(self) -> DefaultCause:
        """The cause recorded when the clock triggers."""
        return _CAUSES[self.kind]


_CAUSES: dict[ClockKind, DefaultCause] = {
    "notice": "payment",
    "grace": "payment",
    "involuntary": "bankruptcy",
    "judgment": "judgment",
}


def notice_clock(terms: Terms, notice: NoteEvent, named: tuple[int, ...]) -> Clock:
    """Cure deadline = sent on + cure days; unpaid at its end -> default the next day."""
    fires_on = notice.date + timedelta(days=terms.cure_days + 1)
    return Clock(fires_on, "notice", notice.id, named)


def grace_clock(terms: Terms, number: int, due: date) -> Clock:
    """No notice required: unpaid at the end of due date + grace days -> default next day."""
    fires_on = due + timedelta(days=terms.grace_days + 1)
    return Clock(fires_on, "grace", f"installment:{number}", (number,))


def window_clock(event: NoteEvent) -> Clock:
    """An involuntary case or a judgment: default on day 91 unless stopped by day 90."""
    kind: ClockKind = "involuntary" if event.kind == "bankruptcy_involuntary" else "judgment"
    return Clock(event.date + timedelta(days=WINDOW_DAYS + 1), kind, event.id)


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

    def pop_firing(self, on: date) -> list[Clock]:
        """Clocks firing on or before `on` that were not stopped, in firing order."""
        fired: list[Clock] = []
        while self._heap and self._heap[0][0] <= on:
            clock = heapq.heappop(self._heap)[2]
            if clock.source_id not in self._stopped:
                fired.append(clock)
        return fired


class Waivers:
    """The waiver dates of a replay: a waiver on w rescinds every default dated <= w."""

    def __init__(self, dates: Iterable[date]) -> None:
        self._dates = sorted(dates)

    def rescinding(self, occurred_on: date) -> date | None:
        """The waiver that rescinds a default (or acceleration) of this day, if any."""
        i = bisect_left(self._dates, occurred_on)
        return self._dates[i] if i < len(self._dates) else None
