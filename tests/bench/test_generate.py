"""bench/generate.py makes a portfolio the application can read: every note replays,
every payment is allocated to the cent, the profiles show in the statuses, and the same
seed gives the same portfolio."""

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from loans.models import Membership, Note
from payments.checkpoints import current_replays
from payments.models import NoteEvent, Payment, PaymentReversal
from payments.selectors import note_replay, note_terms, notes_replay
from payments.status import note_status_refresh
from tests.bench.scripts import bench_script

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)

generator = bench_script("generate")


def test_every_generated_note_replays_and_its_payments_add_up() -> None:
    payments = generator.generate(notes=40, seed=3, today=TODAY, chunk=15, quiet=True)

    assert Note.objects.count() == 40 and Payment.objects.count() == payments
    assert 20 * 40 <= payments <= 30 * 40  # about 25 a note
    assert {n.repayment for n in Note.objects.all()} == {
        "interest_only",
        "level",
        "fixed_principal",
    }
    assert len({n.day_count for n in Note.objects.all()}) == 5
    assert Payment.objects.filter(received_on__gt=TODAY).count() == 0
    for reversal in PaymentReversal.objects.select_related("payment"):
        assert reversal.reversed_on >= reversal.payment.received_on
    statuses = set()
    fresh = {}
    for note in Note.objects.all():
        replay = fresh[note.pk] = note_replay(note=note, as_of=TODAY)
        amounts = {str(p.pk): p.amount for p in note.payments.all()}
        for allocation in replay.allocations:
            # Each payment is allocated in full: its parts add up to its amount, exactly.
            parts = (allocation.charges + allocation.interest + allocation.principal
                     + allocation.unapplied + allocation.held)  # fmt: skip
            assert allocation.reversed or parts == amounts[allocation.payment_id]
        assert {a.payment_id for a in replay.allocations} == set(amounts)
        statuses.add(note_status_refresh(note=note, today=TODAY))
    # The status refresh (main() runs it on every note) wrote each note's replay
    # checkpoint: reads now resume from it, and answer what the whole logs answered.
    notes = list(Note.objects.all())
    assert len(current_replays({n.pk: note_terms(n) for n in notes}, TODAY)) == 40
    assert notes_replay(notes=notes, as_of=TODAY) == fresh
    # The accelerated, paid-off and late profiles show as such.
    assert {"accelerated", "paid_off", "current"} <= statuses
    paid_off = [n for n in Note.objects.all() if n.status == "paid_off"]
    assert all(note_replay(note=n, as_of=TODAY).balance.principal == 0 for n in paid_off)
    assert NoteEvent.objects.filter(kind="bankruptcy_voluntary").exists()
    assert PaymentReversal.objects.exists()
    assert Payment.objects.filter(kind="prepayment").exists()
    # One user and membership per party, and the servicer.
    assert Membership.objects.count() == 40 // 3 + 40 // 5


def test_the_same_seed_plans_the_same_portfolio() -> None:
    def plans(seed: int) -> list[tuple[Any, ...]]:
        rng = random.Random(seed)
        made = [generator.plan_note(rng, k, TODAY, 5) for k in range(30)]
        return [(p.note.principal, p.note.annual_rate, p.note.first_payment_date, p.profile,
                 tuple(p.payments), tuple(p.reversals), p.bankruptcy_on) for p in made]  # fmt: skip

    assert plans(11) == plans(11)
    assert plans(11) != plans(12)
    assert all(amount > Decimal(0) for plan in plans(11) for _, amount, _ in plan[4])
