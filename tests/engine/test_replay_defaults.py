"""Defaults, acceleration, waivers and status (DESIGN 3.6, 3.7), figures by hand.

Seed note: 185,000.00 at 12%, 30/360; one 30/360 day of interest is 61.666..;
notice required, cure 10 days, automatic acceleration.
"""

from datetime import date

from loans.engine.replay import replay
from loans.engine.values import DefaultOccurrence, Event, Reversal
from tests.engine.replay_factories import SEED, cents, event, pay, seed, seed_on_time

NOTICE_DAY = date(2006, 6, 5)


def _missed_june() -> list[Event]:
    """On time through 2006-05-01; the 06-01 installment unpaid; notice on 06-05."""
    return [*seed_on_time(date(2006, 5, 1)), event("default_notice", NOTICE_DAY, id="n1")]


def test_cure_missed_defaults_the_next_day_and_accelerates() -> None:
    events = _missed_june()
    # Cure deadline 06-05 + 10 = 06-15; unpaid at its end -> event of default 06-16.
    assert replay(SEED, events, date(2006, 6, 15)).defaults == ()
    state = replay(SEED, events, date(2006, 6, 16))
    assert state.defaults == (DefaultOccurrence(date(2006, 6, 16), "payment", "n1"),)
    assert state.accelerated_on == date(2006, 6, 16)
    accelerated = state.installments[-1]
    # The period in progress falls due: 06-01 -> 06-16 is 15 days: 925.00 and all principal.
    assert (accelerated.due_date, accelerated.interest, accelerated.principal) == (
        date(2006, 6, 16),
        cents("925.00"),
        cents("185000.00"),
    )
    b = state.balance
    assert (b.interest_due, b.principal_due) == (cents("2775.00"), cents("185000.00"))
    assert b.total_due == cents("187775.00")
    assert (b.status, b.next_due_date, b.next_due_amount) == ("accelerated", None, None)


def test_interest_keeps_accruing_after_acceleration() -> None:
    b = replay(SEED, _missed_june(), date(2006, 7, 16)).balance
    # 06-16 -> 07-16 is 30 days on 185,000: 1,850.00 more, due as it accrues.
    assert b.interest_due == cents("4625.00")  # 1,850 + 925 + 1,850
    assert b.interest_accrued == cents("0.00")
    assert b.payoff_amount == cents("189625.00")


def test_cure_paid_on_the_deadline_prevents_the_default() -> None:
    events = [*_missed_june(), pay(date(2006, 6, 15), "1850.00")]
    state = replay(SEED, events, date(2006, 6, 20))
    assert state.defaults == ()
    assert state.balance.status == "current"


def test_cure_paid_a_day_late_does_not_stop_the_default() -> None:
    events = [*_missed_june(), pay(date(2006, 6, 16), "1850.00")]
    assert replay(SEED, events, date(2006, 6, 20)).accelerated_on == date(2006, 6, 16)


def test_waiver_restores_the_schedule_with_arrears() -> None:
    events = [
        *_missed_june(),
        pay(date(2006, 7, 10), "2000.00"),
        event("waiver", date(2006, 7, 20)),
    ]
    during = replay(SEED, events, date(2006, 7, 15))
    # Accelerated: 1,850 + 925 + 06-16 -> 07-10 (24 days) 1,480.00 rounded at the payment,
    # + 07-10 -> 07-15 (5 days) 308.333.. -> 308.33, less the 2,000.00 paid = 2,563.33.
    assert during.balance.status == "accelerated"
    assert during.balance.interest_due == cents("2563.33")
    state = replay(SEED, events, date(2006, 7, 20))
    assert state.accelerated_on is None
    assert state.defaults[0].waived_on == date(2006, 7, 20)
    rows = state.installments
    # Replayed under the schedule: the 07-10 money paid June (1,850) and 150 of July.
    assert (rows[4].status, rows[4].paid_on) == ("paid_late", date(2006, 7, 10))
    assert (rows[5].due_date, rows[5].paid, rows[5].status) == (
        date(2006, 7, 1),
        cents("150.00"),
        "past_due",
    )
    b = state.balance
    assert b.interest_due == cents("1700.00")
    assert b.interest_accrued == cents("1171.67")  # 07-01 -> 07-20, 19 days: 1,171.666..
    assert (b.status, b.next_due_date, b.next_due_amount) == (
        "past_due",
        date(2006, 8, 1),
        cents("1850.00"),
    )


def test_no_notice_note_defaults_after_grace() -> None:
    terms = seed(notice_required=False, grace_days=5)
    events = seed_on_time(date(2006, 5, 1))
    # 06-01 + 5 grace days = 06-06; unpaid at its end -> default 06-07.
    assert replay(terms, events, date(2006, 6, 6)).defaults == ()
    state = replay(terms, events, date(2006, 6, 7))
    assert state.defaults == (DefaultOccurrence(date(2006, 6, 7), "payment", "installment:5"),)
    # 06-01 -> 06-07 is 6 days: 370.00.
    assert state.installments[-1].interest == cents("370.00")


def test_involuntary_bankruptcy_dismissed_on_day_80_is_no_default() -> None:
    case = event("bankruptcy_involuntary", date(2006, 3, 10), id="case")
    dismissed = event("bankruptcy_dismissed", date(2006, 5, 29), refers_to="case")  # day 80
    state = replay(SEED, [*seed_on_time(date(2006, 7, 1)), case, dismissed], date(2006, 7, 1))
    assert state.defaults == ()
    assert state.balance.status == "current"


def test_involuntary_bankruptcy_not_dismissed_defaults_on_day_91() -> None:
    case = event("bankruptcy_involuntary", date(2006, 3, 10), id="case")
    events: list[Event] = [*seed_on_time(date(2006, 6, 1)), case]
    # Day 91: 03-10 + 21 = 03-31, + 30 = 04-30 (51), + 31 = 05-31 (82), + 9 = 06-09 (91).
    assert replay(SEED, events, date(2006, 6, 8)).defaults == ()
    state = replay(SEED, events, date(2006, 6, 9))
    assert state.defaults == (DefaultOccurrence(date(2006, 6, 9), "bankruptcy", "case"),)
    # 06-01 -> 06-09 is 8 days: 185,000 x 0.12 x 8/360 = 493.333.. -> 493.33
    assert state.installments[-1].interest == cents("493.33")
    too_late = event("bankruptcy_dismissed", date(2006, 6, 9), refers_to="case")
    assert replay(SEED, [*events, too_late], date(2006, 6, 9)).accelerated_on == date(2006, 6, 9)
    day_90 = event("bankruptcy_dismissed", date(2006, 6, 8), refers_to="case")
    assert replay(SEED, [*events, day_90], date(2006, 6, 9)).defaults == ()


def test_consent_to_an_involuntary_case_defaults_at_once() -> None:
    case = event("bankruptcy_involuntary", date(2006, 3, 10), id="case")
    consent = event("bankruptcy_consent", date(2006, 3, 20), refers_to="case", id="ok")
    state = replay(SEED, [case, consent], date(2006, 3, 20))
    assert state.defaults == (DefaultOccurrence(date(2006, 3, 20), "bankruptcy", "ok"),)


def test_judgment_satisfied_by_day_90_or_default_on_day_91() -> None:
    judgment = event("judgment", date(2006, 3, 1), id="j")
    satisfied = event("judgment_satisfied", date(2006, 5, 30), refers_to="j")  # day 90
    assert replay(SEED, [judgment, satisfied], date(2006, 7, 1)).defaults == ()
    # Day 91 of 03-01: 03-31 is day 30, 04-30 day 60, 05-31 day 91.
    state = replay(SEED, [judgment], date(2006, 5, 31))
    assert state.defaults == (DefaultOccurrence(date(2006, 5, 31), "judgment", "j"),)


def test_voluntary_petition_and_assignments() -> None:
    on = date(2006, 4, 10)
    petition = replay(SEED, [event("bankruptcy_voluntary", on, id="v")], on)
    assert petition.defaults == (DefaultOccurrence(on, "bankruptcy", "v"),)
    creditors = replay(SEED, [event("creditors_assignment", on, id="a")], on)
    assert creditors.accelerated_on == on
    to_affiliate = event("borrower_assignment", on, affiliate=True)
    assert replay(SEED, [to_affiliate], on).defaults == ()
    to_stranger = event("borrower_assignment", on, id="s")
    assert replay(SEED, [to_stranger], on).defaults == (DefaultOccurrence(on, "assignment", "s"),)


def test_default_after_payoff_is_ignored() -> None:
    events: list[Event] = [*seed_on_time(date(2006, 9, 1)), pay(date(2006, 9, 17), "185986.67")]
    events.append(event("bankruptcy_voluntary", date(2006, 10, 1)))
    state = replay(SEED, events, date(2006, 10, 1))
    assert state.defaults == ()
    assert state.balance.status == "paid_off"


def test_optional_note_is_in_default_until_the_lender_accelerates() -> None:
    terms = seed(acceleration="optional")
    events = _missed_june()
    state = replay(terms, events, date(2006, 6, 20))
    assert (state.balance.status, state.accelerated_on) == ("in_default", None)
    assert state.balance.next_due_date == date(2006, 7, 1)
    events.append(event("acceleration", date(2006, 6, 25)))
    accelerated = replay(terms, events, date(2006, 6, 25))
    assert accelerated.accelerated_on == date(2006, 6, 25)
    # 06-01 -> 06-25 is 24 days: 1,480.00 with all the principal.
    assert accelerated.installments[-1].interest == cents("1480.00")
    assert accelerated.balance.total_due == cents("188330.00")  # 1,850 + 1,480 + 185,000


def test_held_money_pays_the_accelerated_amount_at_once() -> None:
    case = event("bankruptcy_involuntary", date(2006, 3, 1))
    held = pay(date(2006, 5, 20), "1850.00")  # for the 06-01 installment
    events: list[Event] = [*seed_on_time(date(2006, 5, 1)), case, held]
    # Day 91 of 03-01 is 05-31: the 05-01 -> 05-31 period (30 days, 1,850.00) falls due.
    state = replay(SEED, events, date(2006, 5, 31))
    assert state.accelerated_on == date(2006, 5, 31)
    assert state.allocations[-1].interest == cents("1850.00")
    assert state.balance.held == cents("0.00")
    assert state.balance.interest_due == cents("0.00")
    assert state.balance.principal_due == cents("185000.00")


def test_status_matured_after_maturity() -> None:
    state = replay(SEED, seed_on_time(date(2007, 12, 1)), date(2008, 1, 2))
    b = state.balance
    # The last installment (1,850.00 + 185,000.00) is unpaid; one day after maturity adds
    # 61.666.. -> 61.67 of open-period interest.
    assert b.status == "matured"
    assert b.interest_due == cents("1911.67")
    assert b.principal_due == cents("185000.00")
    assert (b.next_due_date, b.days_past_due) == (None, 1)
    on_the_day = replay(SEED, seed_on_time(date(2007, 12, 1)), date(2008, 1, 1)).balance
    assert on_the_day.status == "current"  # due today, not yet past due


def test_status_precedence_accelerated_and_in_default_beat_matured() -> None:
    after_maturity = date(2008, 2, 1)
    assert replay(SEED, _missed_june(), after_maturity).balance.status == "accelerated"
    optional = seed(acceleration="optional")
    assert replay(optional, _missed_june(), after_maturity).balance.status == "in_default"


def test_reversed_cure_means_the_default_occurred_after_all() -> None:
    cure = pay(date(2006, 6, 10), "1850.00")
    events = [*_missed_june(), cure, Reversal(payment_id=cure.id, reversed_on=date(2006, 6, 25))]
    assert replay(SEED, events, date(2006, 6, 24)).defaults == ()
    # From 06-25 the 06-10 payment never happened: the cure deadline 06-15 passed unpaid.
    state = replay(SEED, events, date(2006, 6, 25))
    assert state.defaults == (DefaultOccurrence(date(2006, 6, 16), "payment", "n1"),)
    assert state.accelerated_on == date(2006, 6, 16)
    assert state.allocations[-1].reversed
