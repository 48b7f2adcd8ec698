"""Where a note stands at the END of a day (DESIGN 4: periods are inclusive).

A statement "to B" closes with everything effective on B and interest accrued through
B, i.e. for the days before B + 1 (DESIGN 3.3). The engine's replay as of B has B's
events but interest only to B; as of B + 1 it has the interest but lets B + 1's
installments fall due and applies B + 1's events. So the end of B is read from both:

- balances (principal, interest due, charges, held) from the replay as of B;
- interest earned through B (paid + due + accrued) from the replay as of B + 1 without
  the retroactive events dated B + 1 (a reversal or a waiver re-writes the past; a
  payment, charge or notice on B + 1 does not change the interest earned before it);
- interest accrued at the end of B = earned through B - paid - due as of B.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from loans.engine.money import ZERO
from loans.engine.replay import event_date
from loans.engine.values import Allocation, Balance, Event, NoteEvent, Replay, Reversal
from statements.log import NoteLog
from statements.replays import log_snapshots

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayEnd:
    """A note at the end of `day`."""

    day: date
    """The day."""
    balance: Balance
    """Balances at the end of the day; interest_accrued through the day."""
    interest_earned: Decimal
    """Interest earned since the accrual start through the day (paid, due or accrued)."""
    interest_paid: Decimal
    """Interest paid by payments applied by the end of the day."""
    allocations: dict[str, Allocation]
    """Every payment's allocation at the end of the day, by payment id."""
    replay: Replay
    """The engine's replay as of the day."""


def interest_paid(replay: Replay) -> Decimal:
    return sum((a.interest for a in replay.allocations), ZERO)


def interest_owed_and_paid(replay: Replay) -> Decimal:
    """Every cent of interest the replay knows of: paid, due or accrued."""
    balance = replay.balance
    return interest_paid(replay) + balance.interest_due + balance.interest_accrued


def day_ends(log: NoteLog, days: Iterable[date], also: Iterable[date] = ()) -> dict[date, DayEnd]:
    """The end of each of `days`, from as few replays as the dates allow; a day
    already computed from this log is not computed again. `also`: more as-of dates
    the caller will ask `log_snapshots` for, snapshotted in the same walk."""
    days = sorted(set(days))
    known: dict[date, DayEnd] = log.memo.setdefault("day_ends", {})
    missing = [day for day in days if day not in known]
    if missing:
        plain = log_snapshots(log, log.events, [*missing, *(d + ONE_DAY for d in missing), *also])
        known.update({day: _day_end(log, day, plain) for day in missing})
    return {day: known[day] for day in days}


def _day_end(log: NoteLog, day: date, plain: dict[date, Replay]) -> DayEnd:
    today, tomorrow = plain[day], plain[day + ONE_DAY]
    if any(_retroactive(e) and event_date(e) == day + ONE_DAY for e in log.events):
        [tomorrow] = log_snapshots(log, log.events_through(day), [day + ONE_DAY]).values()
    earned = interest_owed_and_paid(tomorrow)
    paid = interest_paid(today)
    accrued = earned - paid - today.balance.interest_due
    return DayEnd(
        day=day,
        balance=_with_accrued(today.balance, accrued),
        interest_earned=earned,
        interest_paid=paid,
        allocations={a.payment_id: a for a in today.allocations},
        replay=today,
    )


def _retroactive(event: Event) -> bool:
    """Events that change what happened before their date."""
    return isinstance(event, Reversal) or (isinstance(event, NoteEvent) and event.kind == "waiver")


def _with_accrued(balance: Balance, accrued: Decimal) -> Balance:
    owed = balance.principal + balance.interest_due + accrued + balance.charges_due
    return replace(balance, interest_accrued=accrued, payoff_amount=max(owed - balance.held, ZERO))
