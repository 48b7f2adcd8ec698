"""A realistic portfolio in the configured database, for the scale benchmarks.

    DATABASE_URL=postgres://... .venv/bin/python bench/generate.py --notes 10000 --seed 1

N notes of every repayment type (interest only, level, fixed principal), every day
count, monthly and quarterly, each with one to three lenders; about 25 payments a
note, most on time, some late, partial, with prepayments, reversed and paid again,
accelerated (a voluntary bankruptcy: automatic acceleration) or paid off with the
payoff amount; borrower and lender parties with a user and membership each. The same
`--seed` gives the same portfolio. Rows go in with `bulk_create`, a chunk of notes at a
time; the payments are planned with the engine's schedule (no replay per payment), and
each paid-off note asks the engine for its payoff amount once.

Every note is dated so that about 25 installments have fallen due by `--today` (the
business date the benchmarks use, default 2026-11-30); nothing is dated after it.
Finally each note's stored status is set from its replay (jobs.dispatch, in-process);
the same refresh writes each note's replay checkpoint (payments/checkpoints.py), which
the bulk-created rows could not have.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from loans.engine import values  # noqa: E402
from loans.engine.replay import replay  # noqa: E402
from loans.engine.schedule import build_schedule, months_after  # noqa: E402
from loans.models import Membership, Note, NoteLender, Party, Role  # noqa: E402
from payments.models import NoteEvent, Payment, PaymentReversal  # noqa: E402
from payments.selectors import note_terms  # noqa: E402

CENT = Decimal("0.01")
DAY_COUNTS = ("30/360", "30E/360", "ACT/360", "ACT/365F", "ACT/ACT")
REPAYMENTS = ("interest_only", "level", "fixed_principal")
PROFILES = {  # notes in every 20: any 20 consecutive notes have every profile
    "on_time": 6,
    "late": 4,
    "partial": 3,
    "prepaid": 3,
    "reversed": 2,
    "accelerated": 1,
    "paid_off": 1,
}
CYCLE = [profile for profile, count in PROFILES.items() for _ in range(count)]
PASSWORD = "bench-password-1"
"""Every generated user's password (the HTTP benchmark signs in with it)."""


@dataclass
class Plan:
    """One note and its history, before anything is saved."""

    note: Note
    shares: list[tuple[int, Decimal]]
    """(lender party index, percent)."""
    profile: str
    payments: list[tuple[date, Decimal, str]] = field(default_factory=list)
    """(received on, amount, kind)."""
    reversals: list[tuple[int, date]] = field(default_factory=list)
    """(index into payments, reversed on)."""
    bankruptcy_on: date | None = None


def plan_note(rng: random.Random, number: int, today: date, borrowers: int) -> Plan:
    frequency = 3 if rng.random() < 0.15 else 1
    due_so_far = 25 if frequency == 1 else 9
    first = months_after(today.replace(day=1), -frequency * (due_so_far - 1))
    first = first.replace(day=rng.choice((1, 5, 10, 15, 28)))
    if first > today:
        first = months_after(first, -frequency)
    accrual_start = months_after(first, -frequency)
    repayment = REPAYMENTS[number % 3]
    periods = rng.choice((36, 48, 60, 84, 120)) // frequency
    note = Note(
        reference=f"BENCH-{number:06d}",
        borrower_id=rng.randrange(borrowers),  # an index, replaced by the party's id
        principal=Decimal(rng.randrange(10_000, 500_000)) * 10,
        annual_rate=Decimal(rng.randrange(300, 1500)) / 100,
        day_count=DAY_COUNTS[(number // 3) % len(DAY_COUNTS)],
        dated=accrual_start,
        accrual_start=accrual_start,
        first_payment_date=first,
        payment_frequency_months=frequency,
        maturity_date=months_after(first, frequency * (periods - 1)),
        repayment=repayment,
        interest_only_periods=rng.choice((0, 0, 6)) if repayment != "interest_only" else 0,
        grace_days=rng.choice((0, 5, 10)),
        acceleration=rng.choice(("automatic", "optional")),
        status="current",
    )
    profile = CYCLE[number % len(CYCLE)]
    plan = Plan(note=note, shares=lender_shares(rng), profile=profile)
    plan_payments(rng, plan, today)
    return plan


def lender_shares(rng: random.Random) -> list[tuple[int, Decimal]]:
    split = rng.choice(((100,), (100,), (60, 40), (50, 30, 20)))
    return [(-1, Decimal(percent)) for percent in split]  # parties chosen by the caller


def plan_payments(rng: random.Random, plan: Plan, today: date) -> None:
    """Installments as scheduled, bent by the note's profile."""
    terms = note_terms(plan.note)
    due = [i for i in build_schedule(terms) if i.due_date <= today]
    stop = len(due) - rng.randrange(3, 8) if plan.profile == "accelerated" else len(due)
    prepaid = Decimal(0)
    for index, installment in enumerate(due[:stop]):
        on, amount = installment.due_date, installment.total
        if plan.profile == "late" and rng.random() < 0.4:
            on += timedelta(days=rng.randrange(3, 45))
        if plan.profile == "partial" and rng.random() < 0.3:
            amount = (amount * Decimal(rng.randrange(40, 95)) / 100).quantize(CENT)
        plan.payments.append((min(on, today), amount, "regular"))
        if plan.profile == "prepaid" and index % 5 == 2 and prepaid < plan.note.principal / 4:
            extra = (plan.note.principal * Decimal(rng.randrange(1, 5)) / 100).quantize(CENT)
            prepaid += extra
            plan.payments.append((min(on + timedelta(days=7), today), extra, "prepayment"))
        if plan.profile == "reversed" and index % 8 == 4:
            # The check bounces ten days later; the borrower pays again two days after.
            plan.reversals.append((len(plan.payments) - 1, min(on + timedelta(days=10), today)))
            plan.payments.append((min(on + timedelta(days=12), today), amount, "regular"))
    if plan.profile == "accelerated":
        plan.bankruptcy_on = due[stop].due_date + timedelta(days=rng.randrange(5, 60))
        plan.bankruptcy_on = min(plan.bankruptcy_on, today)
    if plan.profile == "paid_off":
        payoff_on = max(plan.payments[-1][0] + timedelta(days=3), due[-1].due_date)
        payoff_on = min(payoff_on, today)
        engine_payments = [
            values.Payment(id=str(k), received_on=on, amount=amount, kind=kind, sequence=k)  # type: ignore[arg-type]
            for k, (on, amount, kind) in enumerate(plan.payments)
        ]
        payoff = replay(terms, engine_payments, payoff_on).balance.payoff_amount
        if payoff > 0:
            plan.payments.append((payoff_on, payoff, "regular"))


def progress(done: int, total: int, started: float) -> None:
    width = 40
    filled = width * done // total
    rate = done / max(time.monotonic() - started, 1e-9)
    sys.stderr.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} notes, {rate:.0f}/s"
    )
    sys.stderr.flush()
    if done == total:
        sys.stderr.write("\n")


def parties(kind: str, count: int, rng: random.Random) -> list[Party]:
    made = [
        Party(
            kind=rng.choice((Party.Kind.PERSON, Party.Kind.ORGANIZATION)),
            name=f"Bench {kind} {k:05d}",
            city=rng.choice(("Albany", "Austin", "Boise", "Dover", "Salem")),
        )
        for k in range(count)
    ]
    return Party.objects.bulk_create(made)


def users_for(borrowers: list[Party], lenders: list[Party]) -> None:
    """One user per party (bench-borrower-00001, bench-lender-00001...), one membership
    each; and bench-servicer, a staff user."""
    password = make_password(PASSWORD)
    User = get_user_model()
    people = [(f"bench-borrower-{k:05d}", p, Role.BORROWER_STAFF) for k, p in enumerate(borrowers)]
    people += [(f"bench-lender-{k:05d}", p, Role.LENDER) for k, p in enumerate(lenders)]
    users = User.objects.bulk_create(
        [User(username=name, password=password) for name, _, _ in people]
    )
    Membership.objects.bulk_create(
        Membership(user=user, party=party, role=role)
        for user, (_, party, role) in zip(users, people, strict=True)
    )
    User.objects.create(username="bench-servicer", password=password, is_staff=True)


def save_chunk(
    plans: list[Plan],
    borrowers: list[Party],
    lenders: list[Party],
    rng: random.Random,
    clerk: Any,
) -> int:
    for plan in plans:
        plan.note.borrower_id = borrowers[plan.note.borrower_id].pk
    notes = Note.objects.bulk_create([plan.note for plan in plans])
    shares = []
    for note, plan in zip(notes, plans, strict=True):
        chosen = rng.sample(lenders, len(plan.shares))
        shares += [
            NoteLender(note=note, party=party, share=percent)
            for party, (_, percent) in zip(chosen, plan.shares, strict=True)
        ]
    NoteLender.objects.bulk_create(shares)
    payments = [
        Payment(
            note=note,
            received_on=on,
            amount=amount,
            method="check",
            kind=kind,
            memo="generated",
            entered_by=clerk,
        )
        for note, plan in zip(notes, plans, strict=True)
        for on, amount, kind in plan.payments
    ]
    Payment.objects.bulk_create(payments)
    by_plan = iter(payments)
    per_plan = [[next(by_plan) for _ in plan.payments] for plan in plans]
    PaymentReversal.objects.bulk_create(
        PaymentReversal(
            payment=paid[index], reversed_on=on, reason="returned check", entered_by=clerk
        )
        for plan, paid in zip(plans, per_plan, strict=True)
        for index, on in plan.reversals
    )
    NoteEvent.objects.bulk_create(
        NoteEvent(
            note=note,
            kind="bankruptcy_voluntary",
            date=plan.bankruptcy_on,
            description="generated",
            entered_by=clerk,
        )
        for note, plan in zip(notes, plans, strict=True)
        if plan.bankruptcy_on is not None
    )
    return len(payments)


def generate(*, notes: int, seed: int, today: date, chunk: int = 500, quiet: bool = False) -> int:
    """Generate the portfolio; return the number of payments."""
    rng = random.Random(seed)
    with transaction.atomic():
        borrowers = parties("borrower", max(1, notes // 3), rng)
        lenders = parties("lender", max(3, notes // 5), rng)
        users_for(borrowers, lenders)
    clerk = get_user_model().objects.get(username="bench-servicer")
    started, done, payments = time.monotonic(), 0, 0
    for numbers in chunks(notes, chunk):
        plans = [plan_note(rng, number, today, len(borrowers)) for number in numbers]
        with transaction.atomic():
            payments += save_chunk(plans, borrowers, lenders, rng, clerk)
        done += len(plans)
        if not quiet:
            progress(done, notes, started)
    return payments


def chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 30))
    args = parser.parse_args()
    from jobs.dispatch import notes_status_refresh

    started = time.monotonic()
    payments = generate(notes=args.notes, seed=args.seed, today=args.today)
    print(f"{args.notes} notes, {payments} payments in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    report = notes_status_refresh(today=args.today)
    print(
        f"statuses as of {args.today}: {report.changed} changed, {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
