"""The items of a period, as booked: the activity statement, the year-end statement and
the journal all list the same lines, so their totals agree.

- a payment received in the period: its allocation at the end of the period (or, if it
  was reversed in the period, at the end of the day before its reversal);
- a reversal in the period: the negative of what the payment stood for the day before;
- an adjustment: an earlier payment whose allocation moved in the period (money held
  for an installment applied on its due date, a backdated payment, a reversal of an
  earlier one), by the difference;
- a charge incurred, and notes of default events (no money).
"""

from datetime import date, timedelta
from decimal import Decimal

from loans.engine.money import ZERO
from loans.engine.values import Allocation, NoteEvent
from statements.data import Line
from statements.dayend import DayEnd
from statements.log import NoteLog, PaymentRow, ReversalRow

ONE_DAY = timedelta(days=1)
NOTHING = Allocation("", ZERO, ZERO, ZERO, ZERO)


def days_needed(log: NoteLog, start: date, end: date) -> set[date]:
    """The day ends `period_lines` reads."""
    days = {start - ONE_DAY, end}
    days.update(r.reversed_on - ONE_DAY for r in _reversals_in(log, start, end))
    return days


def period_lines(log: NoteLog, ends: dict[date, DayEnd], start: date, end: date) -> list[Line]:
    """Every item of start..end (inclusive), in date order."""
    lines = [
        *_payment_lines(log, ends, start, end),
        *_reversal_lines(log, ends, start, end),
        *_adjustment_lines(log, ends, start, end),
        *_charge_lines(log, start, end),
        *_event_lines(log, start, end),
    ]
    order = {"payment": 0, "charge": 1, "reversal": 2, "adjustment": 3, "event": 4}
    return sorted(lines, key=lambda line: (line.date, order[line.kind]))


def _standing_day(log: NoteLog, payment_id: str, end: date) -> date:
    """The last day, up to `end`, on which the payment stood unreversed."""
    reversal = log.reversals.get(payment_id)
    if reversal is not None and reversal.reversed_on <= end:
        return reversal.reversed_on - ONE_DAY
    return end


def _allocation_at(ends: dict[date, DayEnd], day: date, payment_id: str) -> Allocation:
    return ends[day].allocations.get(payment_id, NOTHING)


def _payment_lines(log: NoteLog, ends: dict[date, DayEnd], start: date, end: date) -> list[Line]:
    lines = []
    for row in log.payments.values():
        if start <= row.received_on <= end:
            day = _standing_day(log, row.id, end)
            booked = _allocation_at(ends, day, row.id) if day >= row.received_on else NOTHING
            lines.append(_line(row.received_on, "payment", _named(row), row, row.amount, booked))
    return lines


def _reversals_in(log: NoteLog, start: date, end: date) -> list[ReversalRow]:
    return [r for r in log.reversals.values() if start <= r.reversed_on <= end]


def _reversal_lines(log: NoteLog, ends: dict[date, DayEnd], start: date, end: date) -> list[Line]:
    lines = []
    for reversal in _reversals_in(log, start, end):
        row = log.payments[reversal.payment_id]
        stood = _allocation_at(ends, reversal.reversed_on - ONE_DAY, row.id)
        description = f"Reversal of {_named(row)} of {row.received_on.isoformat()}"
        if reversal.reason:
            description += f": {reversal.reason}"
        lines.append(
            _line(reversal.reversed_on, "reversal", description, row, -row.amount, _negated(stood))
        )
    return lines


def _adjustment_lines(log: NoteLog, ends: dict[date, DayEnd], start: date, end: date) -> list[Line]:
    lines = []
    for row in log.payments.values():
        if row.received_on >= start:
            continue
        before = _allocation_at(ends, start - ONE_DAY, row.id)
        day = _standing_day(log, row.id, end)
        if day < start - ONE_DAY:
            continue  # reversed before the period: nothing of it moves any more
        delta = _difference(_allocation_at(ends, day, row.id), before)
        if delta != NOTHING:
            description = f"Reallocation of {_named(row)} of {row.received_on.isoformat()}"
            lines.append(_line(day, "adjustment", description, row, ZERO, delta))
    return lines


def _charge_lines(log: NoteLog, start: date, end: date) -> list[Line]:
    return [
        Line(
            date=c.incurred_on,
            kind="charge",
            source=f"charge {c.id}",
            description=c.description or c.kind.replace("_", " "),
            reference=c.kind,
            amount=c.amount,
            charges=ZERO,
            interest=ZERO,
            principal=ZERO,
            held=ZERO,
            unapplied=ZERO,
        )
        for c in log.charges.values()
        if start <= c.incurred_on <= end
    ]


def _event_lines(log: NoteLog, start: date, end: date) -> list[Line]:
    return [
        Line(
            e.date,
            "event",
            f"event {e.id}",
            e.kind.replace("_", " "),
            "",
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
        )
        for e in log.events
        if isinstance(e, NoteEvent) and start <= e.date <= end
    ]


def _named(row: PaymentRow) -> str:
    kind = "Prepayment" if row.kind == "prepayment" else "Payment"
    return f"{kind} {row.id} ({row.method})"


def _line(
    on: date, kind: str, description: str, row: PaymentRow, amount: Decimal, a: Allocation
) -> Line:
    return Line(
        date=on,
        kind=kind,
        source=f"payment {row.id}",
        description=description,
        reference=row.reference,
        amount=amount,
        charges=a.charges,
        interest=a.interest,
        principal=a.principal,
        held=a.held,
        unapplied=a.unapplied,
    )


def _negated(a: Allocation) -> Allocation:
    return _difference(NOTHING, a)


def _difference(new: Allocation, old: Allocation) -> Allocation:
    return Allocation(
        "",
        new.charges - old.charges,
        new.interest - old.interest,
        new.principal - old.principal,
        new.unapplied - old.unapplied,
        new.held - old.held,
    )
