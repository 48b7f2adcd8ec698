"""payment_reverse: a reversal after later payments re-allocates them (DESIGN 3.4).

Seed note, payments 1,911.67 on 2006-02-01, 1,850.00 on 03-01 and 1,850.00 on 04-01, each
paying its installment on time. The first (a returned check) is reversed on 2006-04-10.
As of 2006-04-15, by hand, as if it had never been received:
- 03-01: installment 2 falls due; 1,850.00 pays interest due oldest first: installment 1
  (1,911.67), leaving 61.67 of it unpaid;
- 04-01: installment 3 falls due; 1,850.00 pays 61.67 of installment 1 (now paid, 59 days
  late: Feb 1 -> Apr 1 = 28 + 31) and 1,788.33 of installment 2 (61.67 short);
- unpaid: 61.67 (inst. 2, due 03-01) + 1,850.00 (inst. 3) = 1,911.67 = the reversed amount;
- accrued 04-01 -> 04-15: 185,000 * 0.12 * 14/360 = 863.333... -> 863.33;
- payoff = 185,000.00 + 1,911.67 + 863.33 = 187,775.00 (before the reversal: 185,863.33);
- days past due: the oldest unpaid amount fell due 03-01: 31 + 14 = 45 days.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from loans.errors import Conflict
from loans.models import Note
from payments.models import PaymentReversal
from payments.selectors import note_balance, note_replay
from payments.services import payment_record, payment_reverse

RECEIVED = [
    (date(2006, 2, 1), "1911.67"),
    (date(2006, 3, 1), "1850.00"),
    (date(2006, 4, 1), "1850.00"),
]


@pytest.fixture
def paid_three(note, clerk, on):
    on("2006-04-15")
    return [
        payment_record(
            note=note, received_on=day, amount=amount, method="check", entered_by=clerk
        ).payment
        for day, amount in RECEIVED
    ]


def reverse(payment, clerk, on_day=date(2006, 4, 10), reason="check returned unpaid"):
    return payment_reverse(payment=payment, reversed_on=on_day, reason=reason, entered_by=clerk)


def test_reversing_the_first_payment_reallocates_the_later_ones(note, clerk, paid_three):
    before = note_balance(note=note, as_of=date(2006, 4, 15))
    assert (before.interest_due, before.payoff_amount) == (Decimal("0.00"), Decimal("185863.33"))
    assert Note.objects.get(pk=note.pk).status == "current"

    reverse(paid_three[0], clerk)

    result = note_replay(note=note, as_of=date(2006, 4, 15))
    by_id = {a.payment_id: a for a in result.allocations}
    first, second, third = (by_id[str(p.pk)] for p in paid_three)
    assert first.reversed and (first.charges, first.interest, first.principal) == (0, 0, 0)
    assert (second.interest, second.principal, second.held) == (Decimal("1850.00"), 0, 0)
    assert (third.interest, third.principal, third.held) == (Decimal("1850.00"), 0, 0)
    rows = {row.number: row for row in result.installments}
    assert (rows[1].status, rows[1].days_late, rows[1].paid_on) == (
        "paid_late",
        59,
        date(2006, 4, 1),
    )
    assert (rows[2].status, rows[2].paid) == ("past_due", Decimal("1788.33"))
    assert (rows[3].status, rows[3].paid) == ("past_due", Decimal("0.00"))
    after = result.balance
    assert after.interest_due == Decimal("1911.67")
    assert after.interest_accrued == Decimal("863.33")
    assert after.payoff_amount == Decimal("187775.00")
    assert after.days_past_due == 45
    assert after.status == "past_due"
    assert Note.objects.get(pk=note.pk).status == "past_due"


def test_the_activity_reconciles_to_the_cent(note, clerk, paid_three):
    before = note_balance(note=note, as_of=date(2006, 4, 15))
    reverse(paid_three[0], clerk)
    result = note_replay(note=note, as_of=date(2006, 4, 15))
    received = sum(Decimal(amount) for _, amount in RECEIVED)
    allocated = sum(
        a.charges + a.interest + a.principal + a.unapplied + a.held for a in result.allocations
    )
    reversed_amount = Decimal("1911.67")
    assert allocated + reversed_amount == received == Decimal("5611.67")
    moved = result.balance.payoff_amount - before.payoff_amount
    assert moved == result.balance.total_due - before.total_due == reversed_amount


def test_before_the_reversal_date_the_payment_still_counts(note, clerk, paid_three):
    reverse(paid_three[0], clerk)
    assert note_balance(note=note, as_of=date(2006, 4, 5)).interest_due == Decimal("0.00")


def test_a_second_reversal_is_a_conflict_and_writes_nothing(note, clerk, paid_three):
    reverse(paid_three[0], clerk)
    with pytest.raises(Conflict):
        reverse(paid_three[0], clerk, on_day=date(2006, 4, 12))
    assert PaymentReversal.objects.count() == 1


@pytest.mark.parametrize(
    ("reversed_on", "reason", "field"),
    [
        (date(2006, 1, 31), "posting error", "reversed_on"),  # before it was received
        (date(2006, 4, 16), "posting error", "reversed_on"),  # after the business date
        (date(2006, 4, 10), "  ", "reason"),
    ],
)
def test_bad_reversals_are_refused_and_write_nothing(
    note, clerk, paid_three, reversed_on, reason, field
):
    with pytest.raises(ValidationError) as refused:
        reverse(paid_three[0], clerk, on_day=reversed_on, reason=reason)
    assert field in refused.value.message_dict
    assert PaymentReversal.objects.count() == 0
