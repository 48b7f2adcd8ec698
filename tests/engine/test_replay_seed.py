"""Worked scenarios for the seed note (DESIGN 3.3-3.5, 3.7), every figure by hand.

Seed: 185,000.00 at 12%, 30/360, accrual start 2005-12-31, first payment
2006-02-01, monthly to 2008-01-01, interest only. A full 30/360 month is
185,000 x 0.12 x 30/360 = 1,850.00; period 1 is 31 days: 1,911.666.. -> 1,911.67.
One 30/360 day on 185,000 is 61.666..
"""

from datetime import date

from loans.engine.replay import replay
from loans.engine.values import Event, Reversal
from tests.engine.replay_factories import SEED, cents, charge, pay, seed, seed_on_time


def test_paid_on_time_to_maturity_pays_off() -> None:
    state = replay(SEED, seed_on_time(date(2008, 1, 1)), date(2008, 1, 1))
    assert len(state.installments) == 24
    assert all(i.status == "paid" and i.days_late == 0 for i in state.installments)
    # 1,911.67 + 23 x 1,850.00 = 44,461.67 of interest; 185,000.00 of principal.
    assert sum(a.interest for a in state.allocations) == cents("44461.67")
    assert sum(a.principal for a in state.allocations) == cents("185000.00")
    assert state.balance.payoff_amount == cents("0.00")
    assert state.balance.status == "paid_off"
    assert state.paid_off_on == date(2008, 1, 1)
    assert state.balance.next_due_date is None


def test_balances_with_two_installments_unpaid() -> None:
    state = replay(SEED, [], date(2006, 3, 5))
    b = state.balance
    assert b.principal == cents("185000.00")
    assert b.interest_due == cents("3761.67")  # 1,911.67 + 1,850.00
    # 2006-03-01 -> 03-05 is 4 days: 185,000 x 0.12 x 4/360 = 246.666.. -> 246.67
    assert b.interest_accrued == cents("246.67")
    assert b.principal_due == cents("0.00")
    assert b.charges_due == cents("0.00")
    assert b.total_due == cents("3761.67")
    assert b.payoff_amount == cents("189008.34")  # 185,000 + 3,761.67 + 246.67
    assert b.per_diem == cents("61.67")  # 185,000 x 0.12 / 360 = 61.666..
    assert b.days_past_due == 32  # since 2006-02-01
    assert (b.next_due_date, b.next_due_amount) == (date(2006, 4, 1), cents("1850.00"))
    assert b.status == "past_due"
    assert b.held == b.unapplied == cents("0.00")
    assert state.payoff.payoff_amount == b.payoff_amount
    assert state.payoff.interest == cents("4008.34")  # 3,761.67 + 246.67


def test_prepayment_of_50000_lowers_later_interest() -> None:
    events = [*seed_on_time(date(2006, 6, 1)), pay(date(2006, 6, 15), "50000.00", "prepayment")]
    state = replay(SEED, events, date(2006, 6, 15))
    # 185,000 x 0.12 x 14/360 + 135,000 x 0.12 x 16/360 = 863.333.. + 720.00 = 1,583.33
    rows = {i.due_date: i for i in state.installments}
    assert rows[date(2006, 7, 1)].interest == cents("1583.33")
    assert rows[date(2006, 8, 1)].interest == cents("1350.00")  # 135,000 x 0.01
    assert rows[date(2008, 1, 1)].principal == cents("135000.00")
    assert state.allocations[-1].principal == cents("50000.00")
    assert state.balance.principal == cents("135000.00")


def test_the_same_50000_as_a_regular_payment_holds_the_next_installment() -> None:
    big = pay(date(2006, 6, 15), "50000.00")
    events = [*seed_on_time(date(2006, 6, 1)), big]
    before = replay(SEED, events, date(2006, 6, 20))
    # Step 5 holds the 07-01 installment as projected before the prepayment: 1,850.00;
    # step 6 prepays the rest, 48,150.00, from 06-15.
    assert before.allocations[-1].held == cents("1850.00")
    assert before.allocations[-1].principal == cents("48150.00")
    assert before.balance.principal == cents("136850.00")
    assert before.balance.held == cents("1850.00")
    july = next(i for i in before.installments if i.due_date == date(2006, 7, 1))
    # 185,000 x 0.12 x 14/360 + 136,850 x 0.12 x 16/360 = 863.333.. + 729.866.. = 1,593.20
    assert july.interest == cents("1593.20")
    assert july.status == "paid"  # held money counts
    after = replay(SEED, events, date(2006, 7, 2))
    # On 07-01 the held 1,850.00 pays 1,593.20 of interest; 256.80 goes to principal.
    allocation = after.allocations[-1]
    assert (allocation.interest, allocation.principal) == (cents("1593.20"), cents("48406.80"))
    assert allocation.held == cents("0.00")
    assert after.balance.principal == cents("136593.20")  # 136,850.00 - 256.80
    august = next(i for i in after.installments if i.due_date == date(2006, 8, 1))
    assert august.interest == cents("1365.93")  # 136,593.20 x 0.01 = 1,365.932


def test_installment_paid_three_days_early_is_paid_on_time() -> None:
    events = [*seed_on_time(date(2006, 5, 1)), pay(date(2006, 5, 29), "1850.00")]
    waiting = replay(SEED, events, date(2006, 5, 30))
    assert waiting.balance.held == cents("1850.00")
    assert waiting.installments[4].status == "paid"
    state = replay(SEED, events, date(2006, 6, 10))
    june = state.installments[4]
    assert june.due_date == date(2006, 6, 1)
    assert (june.status, june.days_late, june.paid) == ("paid", 0, cents("1850.00"))
    assert state.allocations[-1].interest == cents("1850.00")
    assert state.balance.principal == cents("185000.00")  # not a prepayment
    assert state.balance.status == "current"


def test_payment_twenty_days_late() -> None:
    events = [*seed_on_time(date(2006, 5, 1)), pay(date(2006, 6, 21), "1850.00")]
    late = replay(SEED, events, date(2006, 6, 10))
    assert (late.installments[4].status, late.installments[4].days_late) == ("past_due", 9)
    assert late.balance.days_past_due == 9
    assert late.balance.status == "past_due"
    state = replay(SEED, events, date(2006, 6, 30))
    june = state.installments[4]
    assert (june.status, june.days_late, june.paid_on) == ("paid_late", 20, date(2006, 6, 21))
    assert state.balance.status == "current"


def test_partial_payment_leaves_the_rest_past_due() -> None:
    events = [*seed_on_time(date(2006, 5, 1)), pay(date(2006, 6, 1), "1000.00")]
    state = replay(SEED, events, date(2006, 6, 5))
    june = state.installments[4]
    assert (june.paid, june.status, june.days_late) == (cents("1000.00"), "past_due", 4)
    assert state.balance.interest_due == cents("850.00")
    assert state.balance.total_due == cents("850.00")
    assert state.balance.days_past_due == 4
    assert (state.balance.next_due_date, state.balance.next_due_amount) == (
        date(2006, 7, 1),
        cents("1850.00"),
    )


def test_overpayment_is_held_for_the_next_installment() -> None:
    events = [*seed_on_time(date(2006, 5, 1)), pay(date(2006, 6, 1), "2000.00")]
    state = replay(SEED, events, date(2006, 6, 10))
    allocation = state.allocations[-1]
    assert (allocation.interest, allocation.held) == (cents("1850.00"), cents("150.00"))
    assert state.balance.held == cents("150.00")
    assert state.balance.principal == cents("185000.00")
    july = replay(SEED, events, date(2006, 7, 2))
    assert july.allocations[-1].interest == cents("2000.00")
    assert july.installments[5].paid == cents("150.00")
    assert july.balance.interest_due == cents("1700.00")  # 1,850.00 - 150.00


def test_reversal_reallocates_later_payments() -> None:
    first, second, third = (
        pay(date(2006, 3, 1), "1850.00"),
        pay(date(2006, 4, 1), "1850.00"),
        pay(date(2006, 5, 1), "1850.00"),
    )
    events: list[Event] = [pay(date(2006, 2, 1), "1911.67"), first, second, third]
    events.append(Reversal(payment_id=first.id, reversed_on=date(2006, 5, 10)))
    before = replay(SEED, events, date(2006, 5, 9))
    assert [i.status for i in before.installments[:4]] == ["paid"] * 4
    state = replay(SEED, events, date(2006, 5, 10))
    reversed_allocation = state.allocations[1]
    assert reversed_allocation.reversed
    assert reversed_allocation.interest == reversed_allocation.held == cents("0.00")
    rows = state.installments
    # The 04-01 money now pays the 03-01 installment (31 days late), 05-01 pays 04-01.
    assert (rows[1].status, rows[1].days_late) == ("paid_late", 31)
    assert (rows[2].status, rows[2].days_late) == ("paid_late", 30)
    assert (rows[3].status, rows[3].days_late) == ("past_due", 9)
    assert state.balance.interest_due == cents("1850.00")


def test_backdated_payment_gives_the_same_result_as_entered_in_order() -> None:
    in_order = seed_on_time(date(2006, 6, 1))
    late_entry = [*in_order[1:], in_order[0]]  # the 02-01 payment entered last
    as_of = date(2006, 6, 20)
    assert replay(SEED, late_entry, as_of) == replay(SEED, in_order, as_of)


def test_collection_cost_is_paid_first() -> None:
    events: list[Event] = [
        *seed_on_time(date(2006, 5, 1)),
        charge(date(2006, 6, 5), "500.00"),
        pay(date(2006, 6, 10), "1850.00"),
    ]
    on_the_day = replay(SEED, events[:-1], date(2006, 6, 5))
    assert on_the_day.balance.charges_due == cents("500.00")
    state = replay(SEED, events, date(2006, 6, 10))
    allocation = state.allocations[-1]
    assert (allocation.charges, allocation.interest) == (cents("500.00"), cents("1350.00"))
    assert state.balance.charges_due == cents("0.00")
    assert state.balance.interest_due == cents("500.00")  # 1,850.00 - 1,350.00


def test_charge_is_past_due_from_the_next_day() -> None:
    events: list[Event] = [*seed_on_time(date(2006, 6, 1)), charge(date(2006, 6, 5), "500.00")]
    assert replay(SEED, events, date(2006, 6, 5)).balance.status == "current"
    next_day = replay(SEED, events, date(2006, 6, 6)).balance
    assert (next_day.status, next_day.days_past_due) == ("past_due", 1)
    assert next_day.total_due == cents("500.00")


def test_payoff_on_an_arbitrary_date_ends_the_schedule() -> None:
    events = seed_on_time(date(2006, 9, 1))
    quote = replay(SEED, events, date(2006, 9, 17))
    # 185,000 + 185,000 x 0.12 x 16/360 (986.666.. -> 986.67) = 185,986.67
    assert quote.balance.payoff_amount == cents("185986.67")
    assert quote.payoff.interest == cents("986.67")
    payoff = pay(date(2006, 9, 17), "186000.00")
    state = replay(SEED, [*events, payoff], date(2006, 9, 17))
    assert len(state.installments) == 9
    last = state.installments[-1]
    assert (last.due_date, last.interest, last.principal) == (
        date(2006, 9, 17),
        cents("986.67"),
        cents("185000.00"),
    )
    assert last.status == "paid"
    allocation = state.allocations[-1]
    assert allocation.unapplied == cents("13.33")  # 186,000.00 - 185,986.67
    assert (allocation.interest, allocation.principal) == (cents("986.67"), cents("185000.00"))
    assert state.balance.status == "paid_off"
    assert state.balance.unapplied == cents("13.33")
    assert state.paid_off_on == date(2006, 9, 17)


def test_act_365f_first_period() -> None:
    first = replay(seed(day_count="ACT/365F"), [], date(2006, 1, 15)).installments[0]
    # 32 actual days: 185,000 x 0.12 x 32/365 = 1,946.301.. -> 1,946.30
    assert (first.days, first.interest) == (32, cents("1946.30"))


def test_allocations_follow_application_order_not_entry_order() -> None:
    events = seed_on_time(date(2006, 4, 1))
    state = replay(SEED, list(reversed(events)), date(2006, 4, 1))
    assert [a.payment_id for a in state.allocations] == [p.id for p in events]


def test_payoff_on_a_due_date_adds_no_zero_day_installment() -> None:
    events = [*seed_on_time(date(2006, 8, 1)), pay(date(2006, 9, 1), "186850.00")]
    state = replay(SEED, events, date(2006, 9, 2))
    # The 09-01 installment (1,850.00 of interest) takes the remaining 185,000.00.
    assert len(state.installments) == 8
    last = state.installments[-1]
    assert (last.due_date, last.interest, last.principal, last.status) == (
        date(2006, 9, 1),
        cents("1850.00"),
        cents("185000.00"),
        "paid",
    )
    assert state.balance.status == "paid_off"


def test_prepayment_of_all_principal_leaves_interest_due_and_stops_accrual() -> None:
    events = [*seed_on_time(date(2006, 6, 1)), pay(date(2006, 6, 15), "185000.00", "prepayment")]
    state = replay(SEED, events, date(2006, 6, 15))
    # The period in progress falls due on 06-15 with 14 days of interest: 863.333.. -> 863.33.
    last = state.installments[-1]
    assert (last.number, last.due_date, last.interest) == (6, date(2006, 6, 15), cents("863.33"))
    assert (last.paid, last.status) == (cents("185000.00"), "due")
    assert state.balance.principal == cents("0.00")
    assert state.balance.status == "current"
    later = replay(SEED, events, date(2006, 7, 15)).balance
    assert (later.interest_due, later.interest_accrued) == (cents("863.33"), cents("0.00"))
    assert (later.status, later.days_past_due) == ("past_due", 30)
    assert later.payoff_amount == cents("863.33")


def test_held_money_that_covers_everything_pays_the_note_off() -> None:
    held = pay(date(2006, 6, 10), "1850.00")  # held for the 07-01 installment
    events = [*seed_on_time(date(2006, 6, 1)), held]
    events.append(pay(date(2006, 6, 15), "184500.00", "prepayment"))
    state = replay(SEED, events, date(2006, 6, 15))
    # Owed on 06-15: 500.00 of principal + 863.33 of interest (14 days on 185,000) = 1,363.33,
    # less than the 1,850.00 held: paid off that day, 486.67 owed back.
    allocation = next(a for a in state.allocations if a.payment_id == held.id)
    assert (allocation.interest, allocation.principal, allocation.unapplied) == (
        cents("863.33"),
        cents("500.00"),
        cents("486.67"),
    )
    assert allocation.held == cents("0.00")
    assert state.balance.status == "paid_off"
    assert state.paid_off_on == date(2006, 6, 15)
