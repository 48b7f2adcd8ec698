"""Invariants of the share arithmetic (payments/shares.py), on generated transfers,
without a database: whatever transfers pass the overdraw check, the shares in
effect on any date add up to exactly 100% and every holder holds more than 0."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from payments.shares import overdrawn_move, shares_after

PARTIES: list[Any] = ["David", "Leah", "Ruth", "Sam"]  # stand-ins: only compared, hashed
BOARDED: list[tuple[Any, Decimal]] = [("David", Decimal("50")), ("Leah", Decimal("50"))]
START = date(2006, 1, 1)

shares = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100"), places=4)
moves = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=400).map(lambda days: START + timedelta(days=days)),
        st.sampled_from(PARTIES),
        st.sampled_from(PARTIES),
        shares,
    ).filter(lambda move: move[1] != move[2]),
    max_size=12,
)


def accepted(candidates: list[Any]) -> list[Any]:
    """Keep each move, in order, only if no move overdraws with it (the service's rule)."""
    kept: list[Any] = []
    for move in candidates:
        trial = sorted([*kept, move], key=lambda m: m[0])  # stable: entry order within a day
        if overdrawn_move(BOARDED, trial) is None:
            kept = trial
    return kept


@given(moves, st.integers(min_value=0, max_value=400))
def test_shares_in_effect_always_add_up_to_100(candidates: list[Any], day: int) -> None:
    on = START + timedelta(days=day)
    held = shares_after(BOARDED, [m for m in accepted(candidates) if m[0] <= on])

    assert sum(share for _, share in held) == Decimal("100")
    assert all(share > 0 for _, share in held)
    assert len({party for party, _ in held}) == len(held)


@given(moves)
def test_a_holder_may_move_all_it_holds_and_not_a_ten_thousandth_more(
    candidates: list[Any],
) -> None:
    kept = accepted(candidates)
    later = START + timedelta(days=500)  # after every generated move
    holder, share = shares_after(BOARDED, kept)[0]
    other = next(party for party in PARTIES if party != holder)

    assert overdrawn_move(BOARDED, [*kept, (later, holder, other, share)]) is None
    too_much = (later, holder, other, share + Decimal("0.0001"))
    assert overdrawn_move(BOARDED, [*kept, too_much]) == too_much
