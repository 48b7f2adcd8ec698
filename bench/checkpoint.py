"""Reads through the replay checkpoint against fresh replays (not a test):

    .venv/bin/python bench/checkpoint.py                 # SQLite, in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nk_bench .venv/bin/python bench/checkpoint.py

For a note with 24 and one with 500 monthly payments (bench/generators.py: the seed note
stretched, every installment's interest paid on its due date), side by side:
- fresh: what `note_replay` did before checkpoints, the note's whole log read (five
  queries) and replayed by the engine;
- checkpoint: `note_replay` now, one query for the checkpoint and the log's fingerprint,
  the walk unpickled and walked on to the as-of date;
- refresh: what a posting adds, `note_refresh` on a log that has grown (the log read,
  one walk, the pickle written), against the fresh replay the refresh stood for before;
- extend: what a posting of an in-order payment adds now, `note_refresh` given the last
  payment, the stored checkpoint being the one of the log before it (the walk
  unpickled, the payment applied, the pickle written, the payment's allocation read;
  the log is not read).
The as-of date is 15 days after the last payment. Each figure is the fastest of 7 runs
(`timeit`). The database is a throwaway test database (Django's `test_` prefix), created
and dropped by the run.
"""

import os
import sys
import timeit
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from generators import long_monthly_note, paid_on_time  # noqa: E402

from loans.engine.replay import replay  # noqa: E402
from loans.models import Note, Party  # noqa: E402
from payments.models import Payment, ReplayCheckpoint  # noqa: E402
from payments.selectors import note_events, note_replay, note_terms, payment_event  # noqa: E402
from payments.status import Refreshed, note_refresh, note_status_refresh  # noqa: E402

REPEATS = 7
SIZES = (24, 500)


def best_ms(work: Callable[[], object], number: int) -> float:
    return min(timeit.repeat(work, number=number, repeat=REPEATS)) / number * 1000


def paid_note(payments: int, clerk: Any) -> tuple[Note, date, Payment, dict[str, Any]]:
    """A note with `payments` payments, its checkpoint written by the status refresh;
    the as-of date, 15 days after the last payment; the last payment, and the fields of
    the checkpoint of the log before it."""
    terms = long_monthly_note(payments + 1)
    borrower = Party.objects.create(name=f"Borrower {payments}", kind="organization")
    note = Note.objects.create(
        reference=f"BENCH-{payments}", borrower=borrower, dated=terms.accrual_start,
        **asdict(terms),
    )  # fmt: skip
    events = paid_on_time(terms)
    Payment.objects.bulk_create(
        Payment(note=note, received_on=p.received_on, amount=p.amount, method="check",
                entered_by=clerk)
        for p in events[:-1]
    )  # fmt: skip
    as_of = events[-1].received_on + timedelta(days=15)
    note_status_refresh(note=note, today=as_of)
    fields = ("fingerprint", "walked_to", "state", "signature")
    before = ReplayCheckpoint.objects.filter(note=note).values(*fields).get()
    final = events[-1]
    last = Payment.objects.create(
        note=note, received_on=final.received_on, amount=final.amount, method="check",
        entered_by=clerk,
    )  # fmt: skip
    note_status_refresh(note=note, today=as_of)
    return note, as_of, last, before


def measure() -> None:
    clerk = get_user_model().objects.create_user(username="bench-clerk")
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    print(f"{'payments':>8} {'fresh ms':>9} {'checkpoint ms':>14} {'fresh/ckpt':>11}"
          f" {'refresh ms':>11} {'refresh/fresh':>14} {'extend ms':>10} {'extend/fresh':>13}"
          f" {'refresh/extend':>15} {'stored KB':>10}")  # fmt: skip
    for size in SIZES:
        note, as_of, last, before = paid_note(size, clerk)
        row = ReplayCheckpoint.objects.get(note=note)
        fresh_answer = replay(note_terms(note), note_events(note), as_of)
        assert note_replay(note=note, as_of=as_of) == fresh_answer
        number = max(3, 2400 // size)
        fresh = best_ms(lambda: replay(note_terms(note), note_events(note), as_of), number)  # noqa: B023
        resumed = best_ms(lambda: note_replay(note=note, as_of=as_of), number)  # noqa: B023

        def rewrite() -> None:
            ReplayCheckpoint.objects.filter(note=note).update(fingerprint="grown")  # noqa: B023
            note_refresh(note=note, today=as_of)  # noqa: B023

        appended = payment_event(last)

        def extend() -> Refreshed:
            ReplayCheckpoint.objects.filter(note=note).update(**before)  # noqa: B023
            return note_refresh(note=note, today=as_of, appended=appended)  # noqa: B023

        allocation = next(a for a in fresh_answer.allocations if a.payment_id == appended.id)
        assert extend() == Refreshed(fresh_answer.balance.status, allocation)
        assert ReplayCheckpoint.objects.get(note=note).walked_to == last.received_on
        refresh = best_ms(rewrite, number)
        extended = best_ms(extend, number)
        stored = len(row.state) / 1024
        print(f"{size:>8} {fresh:>9.2f} {resumed:>14.2f} {fresh / resumed:>11.1f}"
              f" {refresh:>11.2f} {refresh / fresh:>14.2f} {extended:>10.2f}"
              f" {extended / fresh:>13.2f} {refresh / extended:>15.1f}"
              f" {stored:>10.0f}")  # fmt: skip


def main() -> None:
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        measure()
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
