"""The default clocks a replay exposes (DESIGN 3.6): what runs on the as-of date, by hand.

Seed note: notice required, cure 10 days; involuntary cases and judgments have 90 days.
"""

from datetime import date

from loans.engine.replay import replay
from loans.engine.values import Clock, Event
from tests.engine.replay_factories import SEED, event, seed, seed_on_time


def test_a_notice_runs_its_cure_clock_until_it_fires() -> None:
    events: list[Event] = [
        *seed_on_time(date(2006, 5, 1)),
        event("default_notice", date(2006, 6, 5), id="n1"),
    ]
    # Sent 06-05, cure 10 days: deadline 06-15, default on 06-16 if 06-01 (no. 5) is unpaid.
    cure = Clock("notice", "n1", date(2006, 6, 5), date(2006, 6, 15), date(2006, 6, 16), (5,))
    assert replay(SEED, events, date(2006, 6, 4)).clocks == ()
    assert replay(SEED, events, date(2006, 6, 5)).clocks == (cure,)
    assert replay(SEED, events, date(2006, 6, 15)).clocks == (cure,)
    fired = replay(SEED, events, date(2006, 6, 16))
    assert (fired.clocks, fired.defaults[0].source_id) == ((), "n1")


def test_windows_of_a_case_and_a_judgment_run_90_days_until_stopped() -> None:
    case = event("bankruptcy_involuntary", date(2006, 3, 1), id="case")
    judgment = event("judgment", date(2006, 3, 10), id="jdg")
    dismissed = event("bankruptcy_dismissed", date(2006, 4, 1), refers_to="case")
    events: list[Event] = [*seed_on_time(date(2006, 12, 1)), case, judgment, dismissed]
    # 03-01 + 90 days = 05-30 (30 + 30 + 30); 03-10 + 90 days = 06-08 (21 + 30 + 31 + 8).
    assert replay(SEED, events, date(2006, 3, 20)).clocks == (
        Clock("involuntary", "case", date(2006, 3, 1), date(2006, 5, 30), date(2006, 5, 31)),
        Clock("judgment", "jdg", date(2006, 3, 10), date(2006, 6, 8), date(2006, 6, 9)),
    )
    # The dismissal on 04-01 stops the case's clock; the judgment's runs on.
    assert [c.source_id for c in replay(SEED, events, date(2006, 4, 1)).clocks] == ["jdg"]
    assert replay(SEED, events, date(2006, 6, 9)).clocks == ()


def test_a_note_without_notice_runs_a_grace_clock_per_installment() -> None:
    terms = seed(notice_required=False, grace_days=5)
    # 06-01 (no. 5) falls due: deadline 06-06, default on 06-07 if unpaid.
    state = replay(terms, seed_on_time(date(2006, 5, 1)), date(2006, 6, 3))
    assert state.clocks == (
        Clock("grace", "installment:5", date(2006, 6, 1), date(2006, 6, 6), date(2006, 6, 7), (5,)),
    )
