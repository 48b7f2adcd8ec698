"""Interest for a run of days, computed from the principal outstanding on each day.

The activity statement's interest line comes from here, not from its balances, so that
"opening + earned - paid = closing" is a check that can fail. Each schedule period's
interest is rounded once (DESIGN 3.3), so the interest of days first..last within a
period is round(interest from the period start to last + 1) - round(... to first).
"""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from loans.engine.accrual import PeriodAccrual, annual_rate
from loans.engine.money import ZERO, round_cents
from loans.engine.replay import event_date
from loans.engine.schedule import due_dates, period_starts
from loans.engine.values import Event, Payment, Reversal
from statements.dayend import interest_owed_and_paid
from statements.log import NoteLog
from statements.replays import log_snapshots

ONE_DAY = timedelta(days=1)


def known_at(log: NoteLog, day: date) -> tuple[Event, ...]:
    """The log as known at the end of `day`: reversed payments left out entirely."""
    events = log.events_through(day)
    reversed_ids = {e.payment_id for e in events if isinstance(e, Reversal)}
    return tuple(
        e
        for e in events
        if not isinstance(e, Reversal) and not (isinstance(e, Payment) and e.id in reversed_ids)
    )


def interest_for_days(log: NoteLog, first: date, last: date) -> Decimal:
    """Interest for the days first..last (inclusive), as known at the end of `last`."""
    events = known_at(log, last)
    stop = last + ONE_DAY
    closing = log_snapshots(log, events, [stop])[stop]
    schedule = [(i.period_start, i.due_date) for i in closing.installments]
    periods = _with_open_periods(schedule, events, stop)
    changes = _dates_read(periods, events, first, stop)
    principal = {d: r.balance.principal for d, r in log_snapshots(log, events, changes).items()}
    total = ZERO
    for start, due in periods:
        if due <= first or start >= stop:
            continue
        accrual = PeriodAccrual(log.terms.day_count, annual_rate(log.terms.annual_rate), start)
        total += round_cents(_exact(accrual, principal, start, min(due, stop)))
        total -= round_cents(_exact(accrual, principal, start, max(start, first)))
    return total


def interest_dates(log: NoteLog, first: date, last: date) -> set[date]:
    """The as-of dates `interest_for_days(log, first, last)` reads, as the note's
    schedule gives them, for a caller to take in the same walk as its other dates (the
    month-end close: one walk a note instead of two). A hint, never a result: where the
    replay's schedule differs (an acceleration ends it early), `interest_for_days`
    computes what it lacks when it asks."""
    events = known_at(log, last)
    stop = last + ONE_DAY
    dues = due_dates(log.terms)
    schedule = list(zip(period_starts(log.terms, dues), dues, strict=True))
    return {stop, *_dates_read(_with_open_periods(schedule, events, stop), events, first, stop)}


def interest_earned_before(log: NoteLog, first: date, last: date) -> Decimal:
    """Interest earned on the days before `first`, as known at the end of `last` (a
    reversal in between re-writes it: compare with what was known before `first`)."""
    events = tuple(e for e in known_at(log, last) if _date(e) < first)
    return interest_owed_and_paid(log_snapshots(log, events, [first])[first])


def _with_open_periods(
    schedule: list[tuple[date, date]], events: tuple[Event, ...], stop: date
) -> list[tuple[date, date]]:
    """Schedule periods (start, due date), then the open period after the last due date
    (maturity or acceleration) to `stop`, which every payment applied in it closes and
    reopens (DESIGN 3.3: rounded once when a payment is applied)."""
    last_due = schedule[-1][1] if schedule else stop
    cuts = sorted({last_due, *_event_days(events, last_due + ONE_DAY, stop), stop})
    return schedule + [(a, b) for a, b in pairwise(cuts) if a < b]


def _dates_read(
    periods: list[tuple[date, date]], events: tuple[Event, ...], first: date, stop: date
) -> set[date]:
    """The days whose principal the interest of first..stop - 1 reads: only from the
    first period that overlaps them to before `stop` (a period ending by `first` or
    starting at `stop` adds nothing, and each date costs a snapshot)."""
    span = min((s for s, due in periods if due > first), default=first)
    starts = (s for s, _ in periods if span <= s < stop)
    return {first, *starts, *_event_days(events, span, stop)}


def _event_days(events: tuple[Event, ...], first: date, stop: date) -> set[date]:
    return {_date(e) for e in events if isinstance(e, Payment) and first <= _date(e) < stop}


def _date(event: Event) -> date:
    return event_date(event)


def _exact(
    accrual: PeriodAccrual, principal: dict[date, Decimal], start: date, to: date
) -> Fraction:
    """Interest of [start, to), the principal of each day being that at the last change."""
    known = sorted(d for d in principal if d <= to)
    total = Fraction(0)
    for a, b in zip(known, [*known[1:], to], strict=True):
        a, b = max(a, start), min(b, to)
        if b > a:
            total += Fraction(_principal_on(principal, a)) * accrual.rate * accrual.weight(a, b)
    return total


def _principal_on(principal: dict[date, Decimal], day: date) -> Decimal:
    return principal[max(d for d in principal if d <= day)]
