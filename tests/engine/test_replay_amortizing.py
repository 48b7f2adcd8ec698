"""Level and fixed-principal notes in the replay: a prepayment shortens the term (DESIGN 3.2).

Both notes: 12,000.00 at 12%, 30/360, accrual start 2024-01-01, monthly from 2024-02-01
to 2025-01-01 (12 installments); a 30/360 month is 1% of the balance.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy_financial as npf
import pytest

from loans.engine.replay import replay
from loans.engine.schedule import build_schedule
from loans.engine.values import Terms
from tests.engine.replay_factories import SEED, cents, pay, seed_on_time


def _note(repayment: str) -> Terms:
    return Terms(
        principal=Decimal("12000.00"),
        annual_rate=Decimal("12"),
        day_count="30/360",
        accrual_start=date(2024, 1, 1),
        first_payment_date=date(2024, 2, 1),
        maturity_date=date(2025, 1, 1),
        repayment=repayment,  # type: ignore[arg-type]
    )


LEVEL, FIXED = _note("level"), _note("fixed_principal")


def test_level_installment_matches_numpy_financial() -> None:
    expected = Decimal(repr(float(npf.pmt(0.01, 12, -12000)))).quantize(
        cents("0.01"), ROUND_HALF_UP
    )
    assert expected == cents("1066.19")
    first = replay(LEVEL, [], date(2024, 1, 1)).installments[0]
    assert (first.interest, first.principal, first.total) == (
        cents("120.00"),
        cents("946.19"),
        cents("1066.19"),
    )


def test_level_prepayment_keeps_the_installment_and_shortens_the_term() -> None:
    events = [
        pay(date(2024, 2, 1), "1066.19"),
        pay(date(2024, 3, 1), "1066.19"),
        pay(date(2024, 3, 1), "6000.00", "prepayment"),
    ]
    state = replay(LEVEL, events, date(2024, 3, 1))
    # 1: 120.00 + 946.19 -> 11,053.81; 2: 110.5381 -> 110.54 + 955.65 -> 10,098.16;
    # prepaid 6,000.00 -> 4,098.16; 3: 40.9816 -> 40.98 + 1,025.21 -> 3,072.95;
    # 4: 30.7295 -> 30.73 + 1,035.46 -> 2,037.49; 5: 20.3749 -> 20.37 + 1,045.82 -> 991.67;
    # 6: 9.9167 -> 9.92 + the last 991.67 (less than 1,066.19 - 9.92): the note ends 07-01.
    rows = state.installments
    assert len(rows) == 6
    assert [r.interest for r in rows] == [
        cents(x) for x in ("120.00", "110.54", "40.98", "30.73", "20.37", "9.92")
    ]
    # The 6,000.00 prepaid on 03-01 falls in period 3 (03-01 -> 04-01) and shows on its
    # row (DESIGN 3.2): 1,025.21 + 6,000.00 = 7,025.21; the column adds up to 12,000.00.
    assert [r.principal for r in rows[2:]] == [
        cents(x) for x in ("7025.21", "1035.46", "1045.82", "991.67")
    ]
    assert sum(r.principal for r in rows) == cents("12000.00")
    assert rows[2].paid == cents("6000.00")  # the prepaid part; 1,066.19 still to come
    assert rows[-1].due_date == date(2024, 7, 1)
    assert state.balance.principal == cents("4098.16")
    assert state.allocations[-1].principal == cents("6000.00")


def test_fixed_principal_prepayment_shortens_the_term() -> None:
    events = [pay(date(2024, 2, 1), "1120.00"), pay(date(2024, 2, 1), "3000.00", "prepayment")]
    state = replay(FIXED, events, date(2024, 2, 1))
    # P/n = 1,000.00. After installment 1 and 3,000.00 prepaid: 8,000.00 left, so eight more
    # installments of 1,000.00 (2024-03-01 .. 2024-10-01); the last has 1,000 x 1% = 10.00.
    rows = state.installments
    assert len(rows) == 9
    assert rows[1].interest == cents("80.00")
    # The 3,000.00 prepaid on 02-01 falls in period 2 (02-01 -> 03-01) and shows on its row.
    assert [r.principal for r in rows] == [cents("1000.00"), cents("4000.00")] + [
        cents("1000.00")
    ] * 7
    assert sum(r.principal for r in rows) == cents("12000.00")
    assert (rows[-1].due_date, rows[-1].interest) == (date(2024, 10, 1), cents("10.00"))


def test_level_installment_paid_early_is_held_with_its_principal() -> None:
    state = replay(LEVEL, [pay(date(2024, 1, 25), "1066.19")], date(2024, 1, 26))
    assert state.balance.held == cents("1066.19")  # 120.00 interest + 946.19 principal
    assert state.balance.principal == cents("12000.00")
    after = replay(LEVEL, [pay(date(2024, 1, 25), "1066.19")], date(2024, 2, 1))
    assert after.installments[0].status == "paid"
    assert after.balance.principal == cents("11053.81")


def test_interest_only_final_principal_is_never_held() -> None:
    # On 2007-12-15 the next installment is the seed's last (01-01-2008): only its interest
    # (1,850.00) is held; the rest of a 10,000.00 payment prepays principal.
    events = [*seed_on_time(date(2007, 12, 1)), pay(date(2007, 12, 15), "10000.00")]
    state = replay(SEED, events, date(2007, 12, 16))
    assert state.allocations[-1].held == cents("1850.00")
    assert state.balance.principal == cents("176850.00")  # 185,000 - 8,150


@pytest.mark.parametrize("terms", [SEED, LEVEL, FIXED], ids=["seed", "level", "fixed"])
def test_replay_with_no_events_is_the_projected_schedule(terms: Terms) -> None:
    rows = replay(terms, [], terms.accrual_start).installments
    assert rows == build_schedule(terms)
