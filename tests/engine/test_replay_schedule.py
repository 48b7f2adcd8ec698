"""The schedule users see, as of a date (DESIGN 3.2, 3.5): 0% notes, the principal column,
the acceleration row. Every figure by hand in the comments."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loans.engine.replay import replay
from loans.engine.values import Event, Payment, Terms
from tests.engine.replay_factories import SEED, cents, charge, event, pay, seed, seed_on_time
from tests.engine.strategies import note_days, note_events, note_terms

ZERO = cents("0.00")


def _rows(terms: Terms, events: Sequence[Event], as_of: date) -> list[tuple[int, str, str, str]]:
    """(number, principal, paid, status) per installment."""
    return [
        (i.number, str(i.principal), str(i.paid), i.status)
        for i in replay(terms, events, as_of).installments
    ]


# --- a 0% note ---------------------------------------------------------------------------

ZERO_RATE = seed(
    principal=cents("12000.00"), annual_rate=Decimal("0"), maturity_date=date(2006, 6, 1)
)
"""12,000.00 at 0%, interest only, due 2006-02-01 .. 06-01: four 0.00 installments, then
12,000.00 at maturity."""


def test_zero_rate_installments_are_paid_when_due_and_upcoming_before() -> None:
    # Before the first due date nothing is paid or due: every row is upcoming, even the
    # 0.00 one in progress (it used to show `paid` on any date).
    before = replay(ZERO_RATE, [], date(2006, 1, 15)).installments
    assert [(i.total, i.status) for i in before] == [(ZERO, "upcoming")] * 4 + [
        (cents("12000.00"), "upcoming")
    ]
    # On 03-10 the 02-01 and 03-01 rows have fallen due owing nothing: paid on their due
    # dates (they used to show past_due); the rest are upcoming.
    state = replay(ZERO_RATE, [], date(2006, 3, 10))
    assert [(i.status, i.paid_on, i.days_late) for i in state.installments[:2]] == [
        ("paid", date(2006, 2, 1), 0),
        ("paid", date(2006, 3, 1), 0),
    ]
    assert [i.status for i in state.installments[2:]] == ["upcoming"] * 3
    assert (state.balance.status, state.balance.days_past_due) == ("current", 0)
    assert (state.balance.next_due_date, state.balance.next_due_amount) == (
        date(2006, 6, 1),
        cents("12000.00"),
    )


def test_zero_rate_level_note_pays_principal_only() -> None:
    # 0% level over 5 periods: P·i/(1-(1+i)^-n) is P/n at i = 0: 2,400.00 each.
    terms = seed(
        principal=cents("12000.00"),
        annual_rate=Decimal("0"),
        maturity_date=date(2006, 6, 1),
        repayment="level",
    )
    events: list[Event] = [pay(date(2006, 2, 1), "2400.00"), pay(date(2006, 2, 20), "2400.00")]
    assert _rows(terms, events, date(2006, 3, 5)) == [
        (1, "2400.00", "2400.00", "paid"),
        (2, "2400.00", "2400.00", "paid"),  # paid 02-20, nine days early
        (3, "2400.00", "0.00", "upcoming"),
        (4, "2400.00", "0.00", "upcoming"),
        (5, "2400.00", "0.00", "upcoming"),
    ]
    # Unpaid on 04-01 and 05-01: past due on 05-10 by 39 and 9 days.
    late = replay(terms, events, date(2006, 5, 10)).installments
    assert [(i.status, i.days_late) for i in late[2:4]] == [("past_due", 39), ("past_due", 9)]


# --- the principal column ------------------------------------------------------------------


def test_prepaid_principal_shows_on_the_row_of_its_period() -> None:
    events: list[Event] = [
        *seed_on_time(date(2006, 6, 1)),
        pay(date(2006, 6, 15), "50000.00", "prepayment"),
    ]
    rows = {i.due_date: i for i in replay(SEED, events, date(2006, 6, 20)).installments}
    # 06-15 is in the 06-01 -> 07-01 period: that row shows the 50,000.00 (paid) and its
    # interest 863.33 + 720.00 = 1,583.33 (unpaid, upcoming); maturity takes 135,000.00.
    july = rows[date(2006, 7, 1)]
    assert (july.principal, july.interest, july.paid, july.status) == (
        cents("50000.00"),
        cents("1583.33"),
        cents("50000.00"),
        "upcoming",
    )
    assert rows[date(2008, 1, 1)].principal == cents("135000.00")
    assert sum(i.principal for i in rows.values()) == cents("185000.00")
    # Once 07-01 has passed unpaid, the row owes only its interest: past due by one day.
    after = replay(SEED, events, date(2006, 7, 2)).installments[5]
    assert (after.total - after.paid, after.status, after.days_late) == (
        cents("1583.33"),
        "past_due",
        1,
    )


def test_held_money_beyond_the_installment_is_principal_on_the_next_row() -> None:
    # 1,850.00 held on 06-20 for 07-01; a 50,000.00 prepayment on 06-25 lowers July's
    # interest to 185,000 x 1% x 24/30 + 135,000 x 1% x 6/30 = 1,480.00 + 270.00 = 1,750.00.
    # The 100.00 held beyond it goes to principal on 07-01, in the 07-01 -> 08-01 period:
    # August shows 100.00 and interest on 134,900.00 (1,349.00); maturity takes 134,900.00.
    events: list[Event] = [
        *seed_on_time(date(2006, 6, 1)),
        pay(date(2006, 6, 20), "1850.00"),
        pay(date(2006, 6, 25), "50000.00", "prepayment"),
    ]
    for as_of in (date(2006, 6, 25), date(2006, 7, 2)):
        rows = {i.due_date: i for i in replay(SEED, events, as_of).installments}
        july, august = rows[date(2006, 7, 1)], rows[date(2006, 8, 1)]
        assert (july.interest, july.principal, july.status) == (
            cents("1750.00"),
            cents("50000.00"),
            "paid",
        )
        assert (august.interest, august.principal) == (cents("1349.00"), cents("100.00"))
        assert rows[date(2008, 1, 1)].principal == cents("134900.00")
        assert sum(i.principal for i in rows.values()) == cents("185000.00")


def test_held_installment_larger_than_the_principal_left_by_a_prepayment() -> None:
    # Fixed principal, 12,000.00 at 12% 30/360 monthly 2024-02-01 .. 2025-01-01: P/n 1,000.00.
    # 02-01: installment 1 (120.00 + 1,000.00) paid, 11,000.00 left. 02-20: 1,110.00 held for
    # installment 2 (110.00 + 1,000.00). 02-22: a 5,000.00 charge (so the held money does not
    # pay the note off). 02-25: 10,500.00 prepaid leaves 500.00, less than the 1,000.00 the
    # held installment would retire: installment 2 takes the 500.00 and ends the schedule,
    # with interest 11,000 x 0.12 x 24/360 + 500 x 0.12 x 6/360 = 88.00 + 1.00 = 89.00;
    # its row shows 500.00 + 10,500.00 prepaid = 11,000.00.
    terms = Terms(
        principal=cents("12000.00"),
        annual_rate=Decimal("12"),
        day_count="30/360",
        accrual_start=date(2024, 1, 1),
        first_payment_date=date(2024, 2, 1),
        maturity_date=date(2025, 1, 1),
        repayment="fixed_principal",
    )
    events: list[Event] = [
        pay(date(2024, 2, 1), "1120.00"),
        pay(date(2024, 2, 20), "1110.00", pid="held"),
        charge(date(2024, 2, 22), "5000.00"),
        pay(date(2024, 2, 25), "10500.00", "prepayment"),
    ]
    state = replay(terms, events, date(2024, 2, 26))
    assert [(i.interest, i.principal) for i in state.installments] == [
        (cents("120.00"), cents("1000.00")),
        (cents("89.00"), cents("11000.00")),
    ]
    assert state.installments[1].status == "paid"  # 10,500.00 prepaid + 589.00 held
    # On 03-01 the held 1,110.00 pays 89.00 + 500.00; the 521.00 left pays the charge.
    held = replay(terms, events, date(2024, 3, 1)).allocations[1]
    assert (held.interest, held.principal, held.charges, held.held) == (
        cents("89.00"),
        cents("500.00"),
        cents("521.00"),
        ZERO,
    )


# --- the acceleration row --------------------------------------------------------------------


def _missed_june() -> list[Event]:
    """Seed paid through 05-01, 06-01 missed, notice 06-05: default and acceleration 06-16."""
    return [*seed_on_time(date(2006, 5, 1)), event("default_notice", date(2006, 6, 5))]


def test_accelerated_schedule_ends_with_the_acceleration_row() -> None:
    state = replay(SEED, _missed_june(), date(2006, 7, 1))
    rows = state.installments
    # Five installments (02-01 .. 06-01), then one row dated 06-16: 06-01 -> 06-16 is 15
    # days, 185,000 x 0.12 x 15/360 = 925.00, and all 185,000.00; the 07-01 .. 2008-01-01
    # installments are not shown.
    assert [i.due_date for i in rows] == [
        date(2006, 2, 1),
        date(2006, 3, 1),
        date(2006, 4, 1),
        date(2006, 5, 1),
        date(2006, 6, 1),
        date(2006, 6, 16),
    ]
    last = rows[-1]
    assert (last.period_start, last.days, last.interest, last.principal) == (
        date(2006, 6, 1),
        15,
        cents("925.00"),
        cents("185000.00"),
    )
    assert (last.status, last.days_late) == ("past_due", 15)


def test_acceleration_on_a_due_date_adds_a_zero_day_row() -> None:
    # An involuntary case filed 2006-03-02: day 91 is 06-01 (29 + 30 + 31 + 1 days), a due
    # date. The 06-01 installment (1,850.00) falls due first and is paid that day; the
    # acceleration row is 06-01 -> 06-01, 0 days, 0.00 interest and all 185,000.00.
    events: list[Event] = [
        *seed_on_time(date(2006, 6, 1)),
        event("bankruptcy_involuntary", date(2006, 3, 2)),
    ]
    rows = replay(SEED, events, date(2006, 6, 2)).installments
    assert len(rows) == 6
    assert (rows[4].due_date, rows[4].status) == (date(2006, 6, 1), "paid")
    assert (rows[5].due_date, rows[5].days, rows[5].interest, rows[5].principal) == (
        date(2006, 6, 1),
        0,
        ZERO,
        cents("185000.00"),
    )


def test_waiver_removes_the_acceleration_row_from_its_date() -> None:
    events: list[Event] = [*_missed_june(), event("waiver", date(2006, 7, 20))]
    before = replay(SEED, events, date(2006, 7, 19)).installments
    assert (len(before), before[-1].due_date) == (6, date(2006, 6, 16))
    after = replay(SEED, events, date(2006, 7, 20)).installments
    # The schedule again: 24 installments, no 06-16 row; June and July are arrears.
    assert len(after) == 24
    assert date(2006, 6, 16) not in {i.due_date for i in after}
    assert [i.status for i in after[4:7]] == ["past_due", "past_due", "upcoming"]


# --- invariants over generated notes -----------------------------------------------------------


@st.composite
def notes_with_events(draw: st.DrawFn) -> tuple[Terms, list[Event], date]:
    terms = draw(note_terms(max_months=60))
    return terms, draw(note_events(terms)), draw(note_days(terms))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_with_events())
def test_principal_column_adds_up_and_allocations_add_up(
    case: tuple[Terms, list[Event], date],
) -> None:
    terms, events, as_of = case
    state = replay(terms, events, as_of)
    assert sum(i.principal for i in state.installments) == terms.principal
    amounts = {e.id: e.amount for e in events if isinstance(e, Payment)}
    for a in state.allocations:
        parts = a.charges + a.interest + a.principal + a.unapplied + a.held
        assert parts == (ZERO if a.reversed else amounts[a.payment_id])
    for i in state.installments:
        assert ZERO <= i.paid <= i.total == i.interest + i.principal
