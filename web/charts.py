"""The note page's chart, drawn on the server as inline SVG (no script, no CDN).

Two lines over the life of the note: principal outstanding by installment
(the schedule's principal column, as of the page's date) and interest paid to
date (the payments' allocations). The figures come from the replay; this
module only turns dates and amounts into coordinates.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from loans.engine.money import ZERO
from loans.engine.values import Allocation, Replay

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 100, 20, 16, 40
NICE_STEPS = (1, 2, 2.5, 5, 10)
Y_TICKS = 4


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    principal_points: str
    interest_points: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    as_of_x: float | None
    description: str


Series = list[tuple[date, Decimal]]


def note_chart(
    *, replay: Replay, principal: Decimal, start: date, received: dict[str, date]
) -> Chart:
    """`received` maps each payment id to the day it was received."""
    principal_line = _principal_series(replay, principal, start)
    interest_line = _interest_series(replay.allocations, received, start, replay.as_of)
    end = max(principal_line[-1][0], interest_line[-1][0], start)
    top_value = _nice_top(max([principal, *(v for _, v in interest_line)]))
    scale = _Scale(start, end, top_value)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
        principal_points=scale.points(principal_line),
        interest_points=scale.points(interest_line),
        x_ticks=[Tick(scale.x(d), label) for d, label in _year_ticks(start, end)],
        y_ticks=[
            Tick(scale.y(top_value * k / Y_TICKS), f"{top_value * k / Y_TICKS:,.0f}")
            for k in range(Y_TICKS + 1)
        ],
        as_of_x=scale.x(replay.as_of) if start <= replay.as_of <= end else None,
        description=_describe(principal_line, interest_line, replay.as_of),
    )


def _principal_series(replay: Replay, principal: Decimal, start: date) -> Series:
    """A step line: the principal falls on each installment's due date by its principal."""
    points: Series = [(start, principal)]
    outstanding = principal
    for row in replay.installments:
        if row.principal:
            points.append((row.due_date, outstanding))
            outstanding -= row.principal
            points.append((row.due_date, outstanding))
    last_due = replay.installments[-1].due_date if replay.installments else start
    points.append((last_due, outstanding))
    return points


def _interest_series(
    allocations: tuple[Allocation, ...], received: dict[str, date], start: date, as_of: date
) -> Series:
    """A step line: interest paid so far rises on each payment's day (a reversal counts 0)."""
    paid_on = sorted(
        (received[a.payment_id], a.interest) for a in allocations if a.payment_id in received
    )
    points: Series = [(start, ZERO)]
    total = ZERO
    for on, interest in paid_on:
        if interest:
            points.append((on, total))
            total += interest
            points.append((on, total))
    points.append((max(as_of, start), total))
    return points


def _nice_top(value: Decimal) -> Decimal:
    """The smallest round number at least `value` that splits into Y_TICKS round steps."""
    if value <= 0:
        return Decimal(Y_TICKS)
    raw = value / Y_TICKS
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1)
    step = next(
        Decimal(str(s)) * magnitude for s in NICE_STEPS if Decimal(str(s)) * magnitude >= raw
    )
    return step * Y_TICKS


def _year_ticks(start: date, end: date) -> list[tuple[date, str]]:
    years = [date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    if not years:
        return [(start, start.isoformat()), (end, end.isoformat())]
    return [(d, str(d.year)) for d in years]


def _describe(principal_line: Series, interest_line: Series, as_of: date) -> str:
    first, last = principal_line[0], principal_line[-1]
    return (
        f"Principal outstanding {first[1]:,.2f} on {first[0].isoformat()}, "
        f"{last[1]:,.2f} after the last installment on {last[0].isoformat()}. "
        f"Interest paid to {as_of.isoformat()}: {interest_line[-1][1]:,.2f}."
    )


class _Scale:
    def __init__(self, start: date, end: date, top_value: Decimal) -> None:
        self.start, self.days = start, max((end - start).days, 1)
        self.top_value = top_value

    def x(self, on: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (on - self.start).days / self.days, 1)

    def y(self, value: Decimal) -> float:
        plot = HEIGHT - TOP - BOTTOM
        return round(HEIGHT - BOTTOM - plot * float(value / self.top_value), 1)

    def points(self, series: Series) -> str:
        """The polyline's points, leaving out those that draw nothing: one where the line
        already is, and one in the middle of a straight run along x or y (hundreds of
        small payments put many steps of the interest line on the same tenth of a
        pixel). The line drawn, its dashes included, is the same."""
        kept: list[tuple[float, float]] = []
        for on, value in series:
            point = (self.x(on), self.y(value))
            if kept and point == kept[-1]:
                continue
            if len(kept) > 1 and _passes_through(kept[-2], kept[-1], point):
                kept[-1] = point
            else:
                kept.append(point)
        return " ".join(f"{x},{y}" for x, y in kept)


def _passes_through(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    """Does the straight line from a to c along x or y pass through b, so that a-b-c
    draws what a-c does?"""
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    if ax == bx == cx:
        return min(ay, cy) <= by <= max(ay, cy)
    if ay == by == cy:
        return min(ax, cx) <= bx <= max(ax, cx)
    return False
