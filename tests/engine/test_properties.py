"""Invariants of the replay over generated event logs (Hypothesis)."""

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loans.engine.replay import replay
from loans.engine.values import Charge, Event, Payment, Replay, Reversal, Terms
from tests.engine.replay_factories import SEED, event, seed

ZERO = Decimal("0.00")
LEVEL = Terms(
    principal=Decimal("50000.00"),
    annual_rate=Decimal("7.25"),
    day_count="ACT/365F",
    accrual_start=date(2006, 1, 15),
    first_payment_date=date(2006, 3, 1),
    maturity_date=date(2007, 12, 1),
    repayment="level",
)
NOTES = [
    SEED,
    seed(day_count="ACT/ACT", acceleration="optional"),
    seed(notice_required=False, grace_days=3, repayment="fixed_principal"),
    LEVEL,
    replace(LEVEL, repayment="fixed_principal", day_count="30E/360", interest_only_periods=3),
]
START, END = date(2005, 12, 31), date(2008, 3, 1)
SPAN = (END - START).days

days = st.integers(min_value=0, max_value=SPAN).map(lambda n: START + timedelta(days=n))
money = st.one_of(
    st.integers(min_value=1, max_value=400_000),  # up to 4,000.00
    st.integers(min_value=1, max_value=20_000_000),  # up to 200,000.00
).map(lambda cents: Decimal(cents).scaleb(-2))


@st.composite
def payments(draw: st.DrawFn) -> list[Payment]:
    count = draw(st.integers(min_value=0, max_value=25))
    return [
        Payment(
            id=f"p{i}",
            received_on=draw(days),
            amount=draw(money),
            kind=draw(st.sampled_from(["regular", "regular", "prepayment"])),
            sequence=i,
        )
        for i in range(count)
    ]


@st.composite
def event_logs(draw: st.DrawFn) -> list[Event]:
    """Payments, some reversed, a few charges and default events."""
    log: list[Event] = list(draw(payments()))
    for p in list(log):
        if isinstance(p, Payment) and draw(st.integers(0, 9)) == 0:
            log.append(Reversal(p.id, p.received_on + timedelta(days=draw(st.integers(0, 60)))))
    for i in range(draw(st.integers(0, 2))):
        log.append(Charge(f"c{i}", draw(days), Decimal(draw(st.integers(1, 90_000))).scaleb(-2)))
    kinds = ["default_notice", "bankruptcy_involuntary", "judgment", "waiver", "acceleration"]
    for i in range(draw(st.integers(0, 2))):
        log.append(event(draw(st.sampled_from(kinds)), draw(days), id=f"e{i}"))
    return log


common = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parts(a: object) -> Decimal:
    return a.charges + a.interest + a.principal + a.unapplied + a.held  # type: ignore[attr-defined]


@common
@given(st.sampled_from(NOTES), event_logs(), days)
def test_allocations_add_up_and_balances_stay_consistent(
    terms: Terms, log: list[Event], as_of: date
) -> None:
    state = replay(terms, log, as_of)
    amounts = {e.id: e.amount for e in log if isinstance(e, Payment)}
    for allocation in state.allocations:
        parts = (allocation.charges, allocation.interest, allocation.principal)
        assert all(part >= ZERO for part in (*parts, allocation.unapplied, allocation.held))
        if allocation.reversed:
            assert _parts(allocation) == ZERO
        else:
            assert _parts(allocation) == amounts[allocation.payment_id]
    principal_paid = sum((a.principal for a in state.allocations), ZERO)
    assert principal_paid <= terms.principal
    assert state.balance.principal == terms.principal - principal_paid
    assert state.balance.held == sum((a.held for a in state.allocations), ZERO)
    _balances_never_negative(state)


def _balances_never_negative(state: Replay) -> None:
    b = state.balance
    for amount in (b.principal, b.interest_accrued, b.interest_due, b.principal_due):
        assert amount >= ZERO
    for amount in (b.charges_due, b.total_due, b.payoff_amount, b.held, b.unapplied):
        assert amount >= ZERO
    assert b.days_past_due >= 0
    assert all(i.paid <= i.total and i.principal >= ZERO for i in state.installments)


@common
@given(st.sampled_from(NOTES), event_logs(), days, st.randoms(use_true_random=False))
def test_replay_does_not_depend_on_entry_order(
    terms: Terms, log: list[Event], as_of: date, rng: random.Random
) -> None:
    shuffled = list(log)
    rng.shuffle(shuffled)
    assert replay(terms, shuffled, as_of) == replay(terms, log, as_of)


@common
@given(st.sampled_from(NOTES), payments(), days, st.integers(1, 99))
def test_splitting_a_payment_in_two_changes_balances_by_rounding_only(
    terms: Terms, log: list[Payment], as_of: date, percent: int
) -> None:
    if not log:
        return
    whole = log[0]
    first = (whole.amount * percent / 100).quantize(Decimal("0.01"))
    if not ZERO < first < whole.amount:
        return
    halves = [
        replace(whole, id="a", amount=first),
        replace(whole, id="b", amount=whole.amount - first, sequence=whole.sequence),
    ]
    one, two = replay(terms, log, as_of).balance, replay(terms, [*halves, *log[1:]], as_of).balance
    tolerance = Decimal("0.01") * len(replay(terms, [], terms.accrual_start).installments)
    for field in ("principal", "interest_due", "principal_due", "payoff_amount", "held"):
        assert abs(getattr(one, field) - getattr(two, field)) <= tolerance, field


def test_2400_payments_replay_with_every_cent_accounted_for() -> None:
    """A 20-year level note paid every three days: 2,400 payments in one replay (how
    long it takes is measured by bench/engine.py, not here)."""
    terms = replace(LEVEL, principal=Decimal("900000.00"), maturity_date=date(2026, 3, 1))
    log = [
        Payment(f"p{i}", terms.accrual_start + timedelta(days=3 * i), Decimal("700.00"))
        for i in range(2400)
    ]
    state = replay(terms, log, date(2026, 3, 1))
    assert len(state.allocations) == 2400
    for allocation in state.allocations:
        parts = allocation.charges + allocation.interest + allocation.principal
        assert parts + allocation.held + allocation.unapplied == Decimal("700.00")
    # 2,400 x 700.00 = 1,680,000.00 received: the principal paid never exceeds the loan.
    assert sum(a.principal for a in state.allocations) <= terms.principal
