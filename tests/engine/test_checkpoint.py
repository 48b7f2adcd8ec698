"""`replay_checkpoint` and `resume`: a walk frozen after the last event, resumed later,
gives exactly what `replay` gives; before the checkpoint's date it gives nothing."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loans.engine.replay import replay, replay_checkpoint, resume
from loans.engine.values import Event, Reversal, Terms
from tests.engine.replay_factories import SEED, pay, seed_on_time
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
