"""Previews: what a payment or a reversal would do, computed by the engine WITHOUT writing.

Selectors for the pages' confirmation steps (DESIGN 3.4: "the UI shows the reallocation").
Each replays the note's stored events with the proposed event added, and compares the
result with the replay without it. Nothing here writes; the services of
payments/services.py validate the same fields the same way when the event is recorded.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from loans.engine import values
from loans.engine.replay import replay
from loans.errors import Conflict
from loans.models import Note
from payments.models import Payment, PaymentKind, PaymentMethod, PaymentReversal
from payments.selectors import note_events, note_terms
from payments.services import choice, event_date, money_amount, validated

# The proposed event is entered after every stored one: its engine sequence sorts last.
PROPOSED_SEQUENCE = 2**62
PROPOSED_ID = "proposed"


@dataclass(frozen=True)
class InstallmentChange:
    """One schedule row the proposed event changes."""

    before: values.Installment | None
    """The row without the event (None: the row only exists with it)."""
    after: values.Installment | None
    """The row with the event (None: the event removes the row, e.g. a payoff)."""

    @property
    def row(self) -> values.Installment:
        return self.after or self.before  # type: ignore[return-value]


@dataclass(frozen=True)
class HeldMoney:
    """Money held for an installment not yet due, and where it goes on that due date."""

    due_date: date
    """The installment's due date, when the held money is applied."""
    allocation: values.Allocation
    """The payment's allocation as of that due date (held moved to its buckets)."""


@dataclass(frozen=True)
class PaymentPreview:
    """How a proposed payment would be applied (DESIGN 3.4), before it is recorded."""

    as_of: date
    """The replays' as-of date: the business date (or the payment date, if later)."""
    allocation: values.Allocation
    """The engine's allocation of the proposed payment as of `as_of`."""
    held: HeldMoney | None
    """When part is held for the next installment: where it goes on its due date."""
    balance_before: values.Balance
    """The note's balances as of `as_of` without the payment."""
    balance_after: values.Balance
    """... and with it."""
    installments: tuple[InstallmentChange, ...]
    """Schedule rows whose paid amount or status the payment changes."""
    reallocated: tuple[tuple[Payment, values.Allocation, values.Allocation], ...]
    """Earlier payments whose allocation changes (a backdated payment): (payment, before,
    after)."""


@dataclass(frozen=True)
class ReversalPreview:
    """What reversing a payment would change (DESIGN 3.4: a reversal re-allocates)."""

    as_of: date
    """The replays' as-of date: the business date (or the reversal date, if later)."""
    reversed_on: date
    """The proposed reversal date."""
    allocations: tuple[tuple[Payment, values.Allocation, values.Allocation], ...]
    """Every payment of the note received by `as_of`: (payment, before, after)."""
    balance_before: values.Balance
    """Balances as of `as_of` with the payment."""
    balance_after: values.Balance
    """... and once it is reversed."""
    installments: tuple[InstallmentChange, ...]
    """Schedule rows whose paid amount or status the reversal changes."""

    @property
    def changed(self) -> tuple[tuple[Payment, values.Allocation, values.Allocation], ...]:
        """The payments whose allocation the reversal changes (the reversed one first of all)."""
        return tuple(pair for pair in self.allocations if pair[1] != pair[2])

    @property
    def unchanged_count(self) -> int:
        return len(self.allocations) - len(self.changed)


@dataclass(frozen=True)
class PaymentReceipt:
    """A recorded payment's allocation, for its receipt."""

    as_of: date
    """The business date (or the payment date, if later)."""
    allocation: values.Allocation
    """The engine's allocation as of `as_of`."""
    held: HeldMoney | None
    """Where money held for the next installment goes on its due date."""


def payment_preview(
    *,
    note: Note,
    received_on: object,
    amount: object,
    method: object,
    kind: object,
    today: date,
) -> PaymentPreview:
    """The engine's allocation of a payment not yet recorded, and the balances after it.

    Validates the fields as `payment_record` does (ValidationError naming every bad field).
    """
    fields = validated(
        received_on=lambda: event_date(
            received_on, "received_on", today=today, not_before=note.accrual_start
        ),
        amount=lambda: money_amount(amount),
        method=lambda: choice(method, "method", PaymentMethod),
        kind=lambda: choice(kind, "kind", PaymentKind),
    )
    proposed = values.Payment(
        id=PROPOSED_ID,
        received_on=fields["received_on"],
        amount=fields["amount"],
        kind=fields["kind"],
        sequence=PROPOSED_SEQUENCE,
    )
    as_of = max(today, proposed.received_on)
    terms, events = note_terms(note), note_events(note)
    before = replay(terms, events, as_of)
    after = replay(terms, [*events, proposed], as_of)
    allocation = _allocation_of(after, PROPOSED_ID)
    return PaymentPreview(
        as_of=as_of,
        allocation=allocation,
        held=_held(terms, [*events, proposed], after, allocation),
        balance_before=before.balance,
        balance_after=after.balance,
        installments=installment_changes(before, after),
        reallocated=_reallocated(note, before, after),
    )


def reversal_preview(*, payment: Payment, reversed_on: object, today: date) -> ReversalPreview:
    """Allocations before and after reversing `payment` on `reversed_on`, not written.

    Refused as `payment_reverse` refuses: an already reversed payment (Conflict), a date
    after the business date or before the payment's (ValidationError)."""
    if PaymentReversal.objects.filter(payment_id=payment.pk).exists():
        raise Conflict(f"Payment {payment.pk} is already reversed.")
    on = event_date(reversed_on, "reversed_on", today=today, not_before=payment.received_on)
    note = payment.note
    as_of = max(today, on)
    terms, events = note_terms(note), note_events(note)
    proposed = values.Reversal(
        payment_id=str(payment.pk), reversed_on=on, sequence=PROPOSED_SEQUENCE
    )
    before = replay(terms, events, as_of)
    after = replay(terms, [*events, proposed], as_of)
    return ReversalPreview(
        as_of=as_of,
        reversed_on=on,
        allocations=_allocation_pairs(note, before, after),
        balance_before=before.balance,
        balance_after=after.balance,
        installments=installment_changes(before, after),
    )


def payment_receipt(*, payment: Payment, today: date) -> PaymentReceipt:
    """The payment's allocation as of the business date, and where held money goes."""
    as_of = max(today, payment.received_on)
    note = payment.note
    terms, events = note_terms(note), note_events(note)
    state = replay(terms, events, as_of)
    allocation = _allocation_of(state, str(payment.pk))
    return PaymentReceipt(
        as_of=as_of, allocation=allocation, held=_held(terms, events, state, allocation)
    )


def installment_changes(
    before: values.Replay, after: values.Replay
) -> tuple[InstallmentChange, ...]:
    """Rows (by number) whose paid amount, status or total differ between two replays."""
    rows_before = {row.number: row for row in before.installments}
    rows_after = {row.number: row for row in after.installments}
    changes = []
    for number in sorted(rows_before.keys() | rows_after.keys()):
        old, new = rows_before.get(number), rows_after.get(number)
        if old is None or new is None or _differs(old, new):
            changes.append(InstallmentChange(before=old, after=new))
    return tuple(changes)


def _differs(old: values.Installment, new: values.Installment) -> bool:
    return (old.paid, old.status, old.total, old.days_late) != (
        new.paid,
        new.status,
        new.total,
        new.days_late,
    )


def _allocation_of(state: values.Replay, payment_id: str) -> values.Allocation:
    return next(a for a in state.allocations if a.payment_id == payment_id)


def _held(
    terms: values.Terms,
    events: list[values.Event],
    state: values.Replay,
    allocation: values.Allocation,
) -> HeldMoney | None:
    """Held money waits for the next installment not yet due (DESIGN 3.4 step 5); the
    replay as of that due date shows the buckets it is applied to."""
    if allocation.held == Decimal("0"):
        return None
    due = next((row.due_date for row in state.installments if row.due_date > state.as_of), None)
    if due is None:
        return None
    applied = _allocation_of(replay(terms, events, due), allocation.payment_id)
    return HeldMoney(due_date=due, allocation=applied)


def _allocation_pairs(
    note: Note, before: values.Replay, after: values.Replay
) -> tuple[tuple[Payment, values.Allocation, values.Allocation], ...]:
    old = {a.payment_id: a for a in before.allocations}
    new = {a.payment_id: a for a in after.allocations}
    payments = Payment.objects.filter(note=note, received_on__lte=after.as_of).order_by(
        "received_on", "pk"
    )
    return tuple(
        (payment, old[str(payment.pk)], new[str(payment.pk)])
        for payment in payments
        if str(payment.pk) in old and str(payment.pk) in new
    )


def _reallocated(
    note: Note, before: values.Replay, after: values.Replay
) -> tuple[tuple[Payment, values.Allocation, values.Allocation], ...]:
    return tuple(
        (payment, old, new)
        for payment, old, new in _allocation_pairs(note, before, after)
        if old != new
    )
