"""`replay_at`: several as-of dates in one walk give exactly what `replay` gives for each."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loans.engine import report
from loans.engine.replay import replay, replay_at
from loans.engine.values import Event, Reversal, Terms
from tests.engine.replay_factories import SEED, cents, event, pay, seed_on_time
from tests.engine.strategies import note_days, note_events, note_terms

MONTH_ENDS = [date(2006, m, 28) for m in range(1, 13)] + [date(2007, 1, 31)]


def test_month_ends_of_the_seed_in_one_walk() -> None:
    events = seed_on_time(date(2006, 12, 1))
    states = replay_at(SEED, events, MONTH_ENDS)
    assert states == tuple(replay(SEED, events, d) for d in MONTH_ENDS)
    # On 2007-01-31 the 2007-01-01 installment (1,850.00) is 30 days past due.
    assert (states[-1].balance.interest_due, states[-1].balance.days_past_due) == (
        cents("1850.00"),
        30,
    )


def test_a_reversal_between_two_dates_takes_the_payment_out_of_the_later_one_only() -> None:
    cure = pay(date(2006, 6, 10), "1850.00")
    events: list[Event] = [
        *seed_on_time(date(2006, 5, 1)),
        event("default_notice", date(2006, 6, 5), id="n1"),
        cure,
        Reversal(payment_id=cure.id, reversed_on=date(2006, 6, 25)),
    ]
    before, after = replay_at(SEED, events, [date(2006, 6, 24), date(2006, 6, 25)])
    # Until the reversal the cure stands; from it, the default of 06-16 occurred after all.
    assert (before.defaults, before.accelerated_on) == ((), None)
    assert after.accelerated_on == date(2006, 6, 16)
    assert after.allocations[-1].reversed
    assert after == replay(SEED, events, date(2006, 6, 25))


def test_a_waiver_between_two_dates_rescinds_the_acceleration_from_its_date() -> None:
    events: list[Event] = [
        *seed_on_time(date(2006, 5, 1)),
        event("default_notice", date(2006, 6, 5)),
        event("waiver", date(2006, 7, 20)),
    ]
    during, after = replay_at(SEED, events, [date(2006, 7, 1), date(2006, 7, 31)])
    assert during.accelerated_on == date(2006, 6, 16)
    assert (after.accelerated_on, after.defaults[0].waived_on) == (None, date(2006, 7, 20))
    assert after == replay(SEED, events, date(2006, 7, 31))


def test_dates_in_any_order_and_repeated_come_back_in_their_order() -> None:
    dates = [date(2006, 9, 1), date(2006, 3, 1), date(2006, 9, 1)]
    states = replay_at(SEED, [], dates)
    assert [s.as_of for s in states] == dates
    assert states[1] == replay(SEED, [], date(2006, 3, 1))


@st.composite
def notes_with_dates(draw: st.DrawFn) -> tuple[Terms, list[Event], list[date]]:
    terms = draw(note_terms(max_months=60))
    dates = sorted(draw(st.lists(note_days(terms), min_size=1, max_size=8)))
    return terms, draw(note_events(terms)), dates


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_with_dates())
def test_replay_at_equals_replay_at_every_date(
    case: tuple[Terms, list[Event], list[date]],
) -> None:
    terms, events, dates = case
    for state, as_of in zip(replay_at(terms, events, dates), dates, strict=True):
        assert state == replay(terms, events, as_of)


# --- projections remembered between snapshots (loans/engine/report.py) -------------------


class _Projects:
    """`project`, counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.real = report.project
        monkeypatch.setattr(report, "project", self)

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        return self.real(*args)


@pytest.fixture
def projects(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Projects]:
    report._projection.cache_clear()
    yield _Projects(monkeypatch)
    report._projection.cache_clear()


def test_snapshots_from_the_same_installment_project_once(projects: _Projects) -> None:
    events = seed_on_time(date(2006, 3, 1))
    # 2006-03-02 and 2006-03-20: the same installment in progress, nothing paid towards it.
    days = [date(2006, 3, 2), date(2006, 3, 20)]
    assert list(replay_at(SEED, events, days)) == [replay(SEED, events, d) for d in days]
    calls = projects.calls
    replay_at(SEED, events, days)
    assert projects.calls == calls  # every projection of the second walk was kept
    # Past 2006-04-01 the next installment is in progress: a projection of its own.
    replay(SEED, events, date(2006, 4, 2))
    assert projects.calls == calls + 1


def test_amounts_equal_in_value_but_not_in_form_do_not_share_projections(
    projects: _Projects,
) -> None:
    """185000 and 185000.00 are equal Decimals with one hash: keyed by value, the second
    note would be handed the rows worked out from the first's terms."""
    plain = replace(SEED, principal=Decimal("185000"))
    for terms in (SEED, plain, SEED):
        assert replay(terms, [], date(2006, 1, 15)).installments[0].interest == Decimal("1911.67")
    # One projection for each form; the third replay reuses the first's.
    assert projects.calls == 2
