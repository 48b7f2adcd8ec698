"""`replay_checkpoint` and `resume`: a walk frozen after the last event, resumed later,
gives exactly what `replay` gives; before the checkpoint's date it gives nothing.
`extend`: the checkpoint with one later payment or charge added is the longer log's."""

import pickle
from datetime import date, timedelta
from decimal import Decimal

import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loans.engine.replay import (
    Checkpoint,
    Posting,
    event_date,
    event_order,
    extend,
    extend_posting,
    replay,
    replay_checkpoint,
    resume,
)
from loans.engine.values import Charge, Event, Payment, Replay, Reversal, Terms
from tests.engine.replay_factories import SEED, cents, charge, event, pay, seed_on_time
from tests.engine.strategies import note_days, note_events, note_terms


def test_the_checkpoint_stops_on_the_latest_event_and_reversal() -> None:
    late = pay(date(2006, 4, 20), "100.00")
    events: list[Event] = [
        *seed_on_time(date(2006, 4, 1)),
        late,
        Reversal(late.id, date(2006, 5, 2)),
    ]
    state, checkpoint = replay_checkpoint(SEED, events, date(2006, 6, 1))
    assert checkpoint.walked_to == date(2006, 5, 2)
    assert state == replay(SEED, events, date(2006, 6, 1))


def test_a_log_without_events_checkpoints_on_the_accrual_start() -> None:
    state, checkpoint = replay_checkpoint(SEED, [], date(2006, 3, 1))
    assert checkpoint.walked_to == SEED.accrual_start
    assert state == replay(SEED, [], date(2006, 3, 1))
    assert resume(checkpoint, date(2006, 3, 1)) == state


def test_resuming_twice_gives_the_same_answer_the_checkpoint_is_not_changed() -> None:
    events = seed_on_time(date(2006, 5, 1))
    _, checkpoint = replay_checkpoint(SEED, events, date(2006, 6, 1))
    state = checkpoint.state
    later = resume(checkpoint, date(2007, 6, 1))
    assert resume(checkpoint, date(2006, 7, 1)) == replay(SEED, events, date(2006, 7, 1))
    assert resume(checkpoint, date(2007, 6, 1)) == later == replay(SEED, events, date(2007, 6, 1))
    assert checkpoint.state == state


@st.composite
def notes_with_dates(draw: st.DrawFn) -> tuple[Terms, list[Event], date, list[date]]:
    terms = draw(note_terms(max_months=60))
    events = draw(note_events(terms))
    dates = draw(st.lists(note_days(terms), min_size=1, max_size=6))
    return terms, events, draw(note_days(terms)), dates


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_with_dates())
def test_resume_equals_replay_from_the_checkpoint_on_and_refuses_before(
    case: tuple[Terms, list[Event], date, list[date]],
) -> None:
    terms, events, as_of, dates = case
    state, checkpoint = replay_checkpoint(terms, events, as_of)
    assert state == replay(terms, events, as_of)
    walked_to = checkpoint.walked_to
    for day in [*dates, walked_to, walked_to + timedelta(days=1), date(2100, 1, 1)]:
        resumed = resume(checkpoint, day)
        if day < walked_to:
            assert resumed is None
        else:
            assert resumed == replay(terms, events, day)


def test_a_later_payment_extends_the_checkpoint_to_its_date() -> None:
    events: list[Event] = list(seed_on_time(date(2006, 4, 1)))
    _, checkpoint = replay_checkpoint(SEED, events, date(2006, 4, 1))
    late = pay(date(2006, 5, 20), "100.00")
    extended = extend(checkpoint, late, date(2006, 6, 1))
    assert extended is not None
    state, longer = extended
    assert longer.walked_to == date(2006, 5, 20)
    assert state == replay(SEED, [*events, late], date(2006, 6, 1))
    assert resume(longer, date(2006, 7, 1)) == replay(SEED, [*events, late], date(2006, 7, 1))
    assert resume(checkpoint, date(2006, 6, 1)) == replay(SEED, events, date(2006, 6, 1))


def test_extend_refuses_earlier_other_kinds_known_ids_and_earlier_as_of() -> None:
    first = Payment("p1", date(2006, 4, 1), Decimal("100.00"), sequence=1)
    _, checkpoint = replay_checkpoint(SEED, [first], date(2006, 4, 1))
    assert extend(checkpoint, charge(date(2006, 3, 29), "5.00"), date(2006, 5, 1)) is None
    assert extend(checkpoint, pay(date(2006, 4, 9), "5.00"), date(2006, 4, 8)) is None
    again = pay(date(2006, 4, 9), "5.00", pid=first.id)
    assert extend(checkpoint, again, date(2006, 5, 1)) is None
    cost = Charge("c2", date(2006, 4, 2), Decimal("5.00"), sequence=2)
    _, charged = replay_checkpoint(SEED, [first, cost], date(2006, 4, 2))
    known = Charge(cost.id, date(2006, 4, 9), Decimal("7.00"), sequence=3)
    assert extend(charged, known, date(2006, 5, 1)) is None
    assert extend(
        charged, Charge("c4", date(2006, 4, 9), Decimal("7.00"), sequence=4), date(2006, 5, 1)
    )
    for other in (Reversal(first.id, date(2006, 4, 9)), event("waiver", date(2006, 4, 9))):
        assert extend(checkpoint, other, date(2006, 5, 1)) is None  # type: ignore[arg-type]
        assert extend_posting(checkpoint, other, date(2006, 5, 1)) is None  # type: ignore[arg-type]
    assert extend_posting(checkpoint, again, date(2006, 5, 1)) is None


def test_a_second_payment_the_same_day_extends_the_checkpoint() -> None:
    """Two payments received on 2006-04-01 (1,850.00 due that day): the second, entered
    after, comes after the first in the same-day order and extends its checkpoint."""
    day = date(2006, 4, 1)
    first = Payment("p8", day, Decimal("1000.00"), sequence=8)
    events: list[Event] = [*seed_on_time(date(2006, 3, 1)), first]
    _, checkpoint = replay_checkpoint(SEED, events, day)
    second = Payment("p9", day, Decimal("850.00"), sequence=9)
    extended = extend(checkpoint, second, day)
    assert extended is not None
    state, longer = extended
    assert longer.walked_to == day
    assert state == replay(SEED, [*events, second], day)
    # Together they pay 2006-04-01's installment of 1,850.00 (interest only) on its day.
    assert state.installments[2].status == "paid"
    assert [a.interest for a in state.allocations[-2:]] == [Decimal("1000.00"), Decimal("850.00")]
    later = date(2006, 6, 1)
    assert resume(longer, later) == replay(SEED, [*events, second], later)


def test_a_same_day_event_that_a_fresh_walk_applies_earlier_is_refused() -> None:
    """The same-day order (DESIGN 3.4) puts charges before payments and payments before
    notices, and entries of one kind by sequence: extending with such an event would
    apply it after what a fresh walk applies after it."""
    day = date(2006, 4, 1)
    paid = Payment("p8", day, Decimal("1000.00"), sequence=8)
    _, checkpoint = replay_checkpoint(SEED, [paid], day)
    assert extend(checkpoint, Charge("c9", day, Decimal("5.00"), sequence=9), day) is None
    assert extend(checkpoint, Payment("p7", day, Decimal("5.00"), sequence=7), day) is None
    noticed: list[Event] = [paid, event("default_notice", day, sequence=3)]
    _, checkpoint = replay_checkpoint(SEED, noticed, day)
    assert extend(checkpoint, Payment("p9", day, Decimal("5.00"), sequence=9), day) is None


@st.composite
def logs_with_a_later_event(
    draw: st.DrawFn,
) -> tuple[Terms, list[Event], Payment | Charge, list[date]]:
    terms = draw(note_terms(max_months=60))
    events = draw(note_events(terms))
    last = max((event_date(e) for e in events), default=terms.accrual_start)
    on = last + timedelta(days=draw(st.integers(0, 400)))
    cents = Decimal(draw(st.integers(1, int(terms.principal * 120) + 1))).scaleb(-2)
    later: Payment | Charge
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["regular", "prepayment"]))
        later = Payment("p-later", on, cents, kind, sequence=99)  # type: ignore[arg-type]
    else:
        later = Charge("c-later", on, cents, sequence=99)
    days = draw(st.lists(st.integers(0, 800), min_size=1, max_size=4))
    return terms, events, later, [on, *(on + timedelta(days=d) for d in days)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs_with_a_later_event())
def test_extend_equals_a_fresh_replay_of_the_longer_log(
    case: tuple[Terms, list[Event], Payment | Charge, list[date]],
) -> None:
    terms, events, later, dates = case
    longer = [*events, later]
    _, checkpoint = replay_checkpoint(terms, events, checkpoint_day(terms, events))
    # On the checkpoint's day, only after every event a fresh walk applies that day.
    applied = [event_order(e) for e in events if not isinstance(e, Reversal)]
    if applied and event_order(later) < max(applied):
        assert all(extend(checkpoint, later, as_of) is None for as_of in dates)
        return
    for as_of in dates:
        extended = extend(checkpoint, later, as_of)
        assert extended is not None
        state, frozen = extended
        fresh_state, fresh = replay_checkpoint(terms, longer, as_of)
        assert state == fresh_state == replay(terms, longer, as_of)
        assert_posting_is(extend_posting(checkpoint, later, as_of), state, frozen, later)
        assert frozen.walked_to == fresh.walked_to == event_date(later)
        for day in (frozen.walked_to, as_of, as_of + timedelta(days=45), date(2100, 1, 1)):
            assert resume(frozen, day) == resume(fresh, day) == replay(terms, longer, day)


def assert_posting_is(
    posting: Posting | None, state: Replay, frozen: Checkpoint, event: Payment | Charge
) -> None:
    """`extend_posting` answers what `extend` does: the same checkpoint, byte for byte,
    the replay's status and, for a payment, its allocation in the replay."""
    assert posting is not None
    assert posting.checkpoint == frozen
    assert posting.status == state.balance.status
    if isinstance(event, Payment):
        assert posting.allocation is not None
        assert [posting.allocation] == [a for a in state.allocations if a.payment_id == event.id]
        assert repr(posting.allocation) == repr(state.allocations[-1])
    else:
        assert posting.allocation is None


def checkpoint_day(terms: Terms, events: list[Event]) -> date:
    """The day the log's checkpoint is taken on: its latest event's."""
    return max((event_date(e) for e in events), default=terms.accrual_start)


@st.composite
def logs_with_later_payments(draw: st.DrawFn) -> tuple[Terms, list[Event], list[Payment]]:
    """A log, then a few payments after it, some small enough to be held for the next
    installment (so that a split is still open when a checkpoint is taken)."""
    terms = draw(note_terms(max_months=60))
    events = draw(note_events(terms))
    day = checkpoint_day(terms, events)
    later = []
    for k in range(draw(st.integers(2, 6))):
        day += timedelta(days=draw(st.integers(1, 45)))
        top = int(terms.principal * draw(st.sampled_from([1, 4]))) + 1  # to 1 % or 4 %
        cents = Decimal(draw(st.integers(1, top))).scaleb(-2)
        kind = draw(st.sampled_from(["regular", "regular", "prepayment"]))
        later.append(Payment(f"p-later-{k}", day, cents, kind, sequence=100 + k))  # type: ignore[arg-type]
    return terms, events, later


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs_with_later_payments())
def test_a_checkpoint_extended_again_and_again_stays_the_longer_logs(
    case: tuple[Terms, list[Event], list[Payment]],
) -> None:
    """Each extension freezes the walk again: the splits final by then are carried as
    text, the others (money still held) as they are. Every figure, each amount's places
    included (`repr`), is the fresh replay's."""
    terms, events, later = case
    log = list(events)
    _, checkpoint = replay_checkpoint(terms, log, checkpoint_day(terms, log))
    for payment in later:
        log.append(payment)
        posting = extend_posting(checkpoint, payment, payment.received_on)
        extended = extend(checkpoint, payment, payment.received_on)
        assert extended is not None
        assert_posting_is(posting, *extended, payment)
        state, checkpoint = extended
        fresh = replay(terms, log, payment.received_on)
        assert state == fresh
        assert repr(state) == repr(fresh)
        ahead = payment.received_on + timedelta(days=40)
        assert repr(resume(checkpoint, ahead)) == repr(replay(terms, log, ahead))


def test_money_held_across_freezes_pays_its_installment_as_a_fresh_replay_says() -> None:
    """Payments held for the April 2007 installment (1,850.00 of interest) are frozen
    with each extension and stay text until the installment falls due; then they pay it
    as a fresh replay of the log does. Worked by hand (30/360, 12 %): 1,000.00 on
    03-10 is held; of 900.00 on 03-12, 850.00 is held and 50.00 prepays principal; 5.00
    on 03-14 prepays principal. April's interest: 185,000.00 for 11 days, 184,950.00 for
    2 and 184,945.00 for 17 is 678.3333 + 123.30 + 1,048.0217 = 1,849.655, rounded once
    to 1,849.66. On 04-01 the 1,000.00 pays interest; the 850.00 pays the other 849.66
    and 0.34 of principal."""
    log: list[Event] = list(seed_on_time(date(2007, 3, 1)))
    first, second, third = (
        Payment("held-1", date(2007, 3, 10), Decimal("1000.00"), sequence=101),
        Payment("held-2", date(2007, 3, 12), Decimal("900.00"), sequence=102),
        Payment("after", date(2007, 3, 14), Decimal("5.00"), sequence=103),
    )
    _, checkpoint = replay_checkpoint(SEED, log, date(2007, 3, 1))
    for payment in (first, second, third):
        log.append(payment)
        extended = extend(checkpoint, payment, payment.received_on)
        assert extended is not None
        state, checkpoint = extended
        assert repr(state) == repr(replay(SEED, log, payment.received_on))
    walk = pickle.loads(zstandard.decompress(checkpoint.state))  # the engine's own pickle
    assert list(walk.servicer.frozen_held) == ["held-1", "held-2"]  # still text
    assert (state.balance.held, state.balance.principal) == (cents("1850.00"), cents("184945.00"))

    april = resume(checkpoint, date(2007, 4, 2))
    assert april is not None and repr(april) == repr(replay(SEED, log, date(2007, 4, 2)))
    paid = {a.payment_id: (a.interest, a.principal, a.held) for a in april.allocations}
    assert paid["held-1"] == (cents("1000.00"), cents("0"), cents("0"))
    assert paid["held-2"] == (cents("849.66"), cents("50.34"), cents("0"))
    assert paid["after"] == (cents("0"), cents("5.00"), cents("0"))
    due = next(row for row in april.installments if row.due_date == date(2007, 4, 1))
    assert (due.interest, due.status) == (cents("1849.66"), "paid")
    assert april.balance.principal == cents("184944.66")

    # The schedule ends before April with the held money released: by a prepayment of
    # everything, or by a regular payment that with the held money covers the payoff.
    for ending in (
        Payment("all", date(2007, 3, 20), Decimal("190000.00"), "prepayment", sequence=104),
        Payment("rest", date(2007, 3, 20), Decimal("184500.00"), sequence=104),
    ):
        extended = extend(checkpoint, ending, date(2007, 3, 20))
        assert extended is not None
        ended, frozen = extended
        assert repr(ended) == repr(replay(SEED, [*log, ending], date(2007, 3, 20)))
        assert ended.balance.held == cents("0")
        later = date(2007, 6, 1)
        assert repr(resume(frozen, later)) == repr(replay(SEED, [*log, ending], later))
