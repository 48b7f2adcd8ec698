"""Engine benchmark (not a test): `make bench`, or `.venv/bin/python bench/engine.py`.

1. The seed note's 24-period schedule: `build_schedule` against QuantLib's
   `Schedule` + `FixedRateLeg` for the same periods, and the ratio engine/QuantLib.
2. A full `replay` with 24, 240 and 2,400 payments, and how the time per payment grows.
3. A year of month-ends (13 as-of dates): 13 `replay` calls against one `replay_at`.
4. A posting to a note holding many payments for its next installment: `extend` of the
   log's checkpoint by one more payment against a fresh `replay` of the longer log.

Every figure is the minimum over repeats of `timeit` (the least disturbed run).
"""

import argparse
import platform
import sys
import timeit
from calendar import monthrange
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import QuantLib as ql
from generators import (
    PREPAYING_TOTAL,
    SEED_TERMS,
    long_monthly_note,
    many_small_payments,
    paid_on_time,
)

from loans.engine.replay import extend, replay, replay_at, replay_checkpoint, resume
from loans.engine.schedule import build_schedule
from loans.engine.values import Event, Payment, Replay, Terms

REPEATS = 7


def _replay_each(terms: Terms, events: Sequence[Event], dates: Sequence[date]) -> list[Replay]:
    return [replay(terms, events, d) for d in dates]


def best_seconds(work: Callable[[], object], number: int) -> float:
    """Seconds per call: the fastest of REPEATS timeit runs of `number` calls."""
    return min(timeit.repeat(work, number=number, repeat=REPEATS)) / number


def quantlib_leg() -> ql.Leg:
    """The seed's 24 coupons: monthly from 2005-12-31, first date 2006-02-01, 30/360."""
    schedule = ql.Schedule(
        ql.Date(31, 12, 2005),
        ql.Date(1, 1, 2008),
        ql.Period(ql.Monthly),
        ql.NullCalendar(),
        ql.Unadjusted,
        ql.Unadjusted,
        ql.DateGeneration.Forward,
        False,
        ql.Date(1, 2, 2006),
    )
    return ql.FixedRateLeg(schedule, ql.Thirty360(ql.Thirty360.BondBasis), [185000.0], [0.12])


def quantlib_amounts() -> list[float]:
    """QuantLib's leg and each coupon's amount only."""
    return [coupon.amount() for coupon in quantlib_leg()]


def quantlib_rows() -> list[tuple[ql.Date, ql.Date, int, float]]:
    """QuantLib's leg read out as the engine's rows: start, due date, days, interest."""
    rows = []
    for flow in quantlib_leg():
        coupon = ql.as_fixed_rate_coupon(flow)
        rows.append(
            (coupon.accrualStartDate(), coupon.date(), coupon.accrualDays(), coupon.amount())
        )
    return rows


def check_same_schedule() -> None:
    """Refuse to time two computations that disagree."""
    engine = [row.interest for row in build_schedule(SEED_TERMS)]
    quantlib = [round(amount, 2) for amount in quantlib_amounts()]
    assert [float(x) for x in engine] == quantlib, (engine, quantlib)


def bench_schedule(number: int) -> None:
    check_same_schedule()
    engine = best_seconds(lambda: build_schedule(SEED_TERMS), number)
    amounts = best_seconds(quantlib_amounts, number)
    rows = best_seconds(quantlib_rows, number)
    print("## Seed note schedule, 24 periods")
    print(f"engine build_schedule (Installment rows)          {engine * 1e6:9.1f} us")
    print(f"QuantLib Schedule+FixedRateLeg, amounts           {amounts * 1e6:9.1f} us")
    print(f"QuantLib Schedule+FixedRateLeg, rows read out     {rows * 1e6:9.1f} us")
    print(f"ratio engine/QuantLib (amounts)                   {engine / amounts:9.2f}")
    print(f"ratio engine/QuantLib (rows read out)             {engine / rows:9.2f}")


def bench_replay(sizes: tuple[int, ...], number: int) -> None:
    cases = {
        "long monthly note, one payment per due date": _long_note_cases(sizes),
        "seed note, many small payments (30,000.00 in all)": _small_payment_cases(sizes),
        "seed note, many small payments prepaying (100,000.00 in all)": _small_payment_cases(
            sizes, PREPAYING_TOTAL
        ),
    }
    for title, by_size in cases.items():
        print(f"\n## Replay: {title}")
        print(f"{'payments':>9} {'ms per replay':>14} {'us per payment':>15} {'growth':>8}")
        previous = None
        for size, (terms, events, as_of) in by_size.items():
            seconds = best_seconds(partial(replay, terms, events, as_of), number)
            per_payment = seconds / size
            growth = "" if previous is None else f"{per_payment / previous:8.2f}"
            print(f"{size:>9} {seconds * 1e3:14.2f} {per_payment * 1e6:15.1f} {growth:>8}")
            previous = per_payment


def bench_month_ends(number: int) -> None:
    """Statements for a year: the state at 13 month-ends, replayed 13 times or walked once."""
    cases = {
        "seed note, paid on time, month-ends 2006-12 .. 2007-12": (
            SEED_TERMS,
            paid_on_time(SEED_TERMS),
            _month_ends(2006, 12),
        ),
        "20-year monthly note, paid on time, its last 13 month-ends": _last_year(240),
    }
    print("\n## A year of month-ends: 13 replays against one replay_at")
    print(f"{'case':<58} {'13 x replay':>12} {'replay_at':>10} {'ratio':>6}")
    for title, (terms, events, dates) in cases.items():
        assert replay_at(terms, events, dates) == tuple(replay(terms, events, d) for d in dates)
        each = best_seconds(partial(_replay_each, terms, events, dates), number)
        walk = best_seconds(partial(replay_at, terms, events, dates), number)
        print(f"{title:<58} {each * 1e3:9.2f} ms {walk * 1e3:7.2f} ms {each / walk:6.1f}")


def bench_held(sizes: tuple[int, ...], number: int) -> None:
    """The seed note paid on time to 2007-03-01, then `size` payments of 1.00 received on
    2007-03-15, all held for installment 15 (1,850.00 of interest): what a posting of
    one more (`extend`) and a read on a later day (`resume`) cost against a fresh replay."""
    terms = SEED_TERMS
    on_time = [p for p in paid_on_time(terms) if p.received_on <= date(2007, 3, 1)]
    day, later = date(2007, 3, 15), date(2007, 3, 20)
    print("\n## A posting to a note holding payments for its next installment")
    print(f"{'held':>6} {'replay ms':>10} {'extend ms':>10} {'resume ms':>10}"
          f" {'replay/extend':>14} {'replay/resume':>14}")  # fmt: skip
    for size in sizes:
        held = [Payment(f"h{k}", day, Decimal("1.00"), sequence=1000 + k) for k in range(size)]
        events = [*on_time, *held]
        new = Payment("new", day, Decimal("1.00"), sequence=1000 + size)
        longer = [*events, new]
        _, checkpoint = replay_checkpoint(terms, events, day)
        extended = extend(checkpoint, new, day)
        assert extended is not None and extended[0] == replay(terms, longer, day)
        assert resume(extended[1], later) == replay(terms, longer, later)
        fresh = best_seconds(partial(replay, terms, longer, day), number)
        posted = best_seconds(partial(extend, checkpoint, new, day), number)
        read = best_seconds(partial(resume, extended[1], later), number)
        print(f"{size:>6} {fresh * 1e3:10.2f} {posted * 1e3:10.2f} {read * 1e3:10.2f}"
              f" {fresh / posted:14.1f} {fresh / read:14.1f}")  # fmt: skip


def _month_ends(year: int, month: int, count: int = 13) -> list[date]:
    """`count` month-ends from the end of `month` of `year` on."""
    ends = []
    for k in range(count):
        y, m0 = divmod(month - 1 + k, 12)
        ends.append(date(year + y, m0 + 1, monthrange(year + y, m0 + 1)[1]))
    return ends


def _last_year(installments: int) -> tuple[Terms, tuple[Payment, ...], list[date]]:
    """A long note paid on time and the 13 month-ends before its maturity."""
    terms = long_monthly_note(installments)
    maturity = terms.maturity_date
    start = maturity.year * 12 + maturity.month - 1 - 13
    return terms, paid_on_time(terms), _month_ends(start // 12, start % 12 + 1)


Case = tuple[Terms, tuple[Payment, ...], date]
"""A note, its payments, and the as-of date to replay them to."""


def _long_note_cases(sizes: tuple[int, ...]) -> dict[int, Case]:
    """A monthly note with one more installment than `size`, paid on every due date."""
    cases = {}
    for size in sizes:
        terms = long_monthly_note(size + 1)
        cases[size] = (terms, paid_on_time(terms), terms.maturity_date)
    return cases


def _small_payment_cases(sizes: tuple[int, ...], total: Decimal | None = None) -> dict[int, Case]:
    """The seed note with `size` equal payments adding up to `total`."""
    cases = {}
    for size in sizes:
        terms, payments = many_small_payments(size, total)
        cases[size] = (terms, payments, terms.maturity_date)
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200, help="calls per schedule repeat")
    parser.add_argument("--replay-number", type=int, default=3, help="calls per replay repeat")
    parser.add_argument("--sizes", default="24,240,2400", help="payments per replay")
    parser.add_argument("--held", default="0,500,1500", help="payments held, section 4")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, QuantLib {ql.__version__}, {platform.machine()}")
    print(f"timeit: min of {REPEATS} repeats\n")
    bench_schedule(args.number)
    sizes = tuple(int(size) for size in args.sizes.split(","))
    bench_replay(sizes, args.replay_number)
    bench_month_ends(args.replay_number)
    bench_held(tuple(int(size) for size in args.held.split(",")), args.replay_number * 5)


if __name__ == "__main__":
    main()
