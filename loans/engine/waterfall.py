"""What is owed and how money pays it (DESIGN 3.4): the ledger the replay keeps.

The ledger holds the installments that have fallen due, the charges, the interest
of the open period after maturity or acceleration, and one `Split` per payment
that records where its money went. `pay_charges`, `pay_interest` and `pay_principal`
pay the amounts already due, each bucket oldest first; the servicer calls them in
the regular order (charges, then interest, then principal).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from loans.engine.lines import LineMap
from loans.engine.money import ZERO
from loans.engine.values import Allocation


@dataclass
class Split:
    """Where one payment's money has gone so far (becomes an `Allocation`)."""

    payment_id: str
    """The payment."""
    charges: Decimal = ZERO
    """To charges."""
    interest: Decimal = ZERO
    """To interest."""
    principal: Decimal = ZERO
    """To principal."""
    unapplied: Decimal = ZERO
    """Owed back to the borrower."""
    held: Decimal = ZERO
    """Waiting for the next installment's due date."""

    def allocation(self) -> Allocation:
        """The frozen allocation."""
        return Allocation(
            payment_id=self.payment_id,
            charges=self.charges,
            interest=self.interest,
            principal=self.principal,
            unapplied=self.unapplied,
            held=self.held,
        )

    def text(self) -> str:
        """Its five amounts, "charges interest principal unapplied held" (`split_of`)."""
        return f"{self.charges} {self.interest} {self.principal} {self.unapplied} {self.held}"


def split_of(payment_id: str, text: str) -> Split:
    """The split whose amounts `Split.text` wrote: `str` of a `Decimal` reads back as
    the same `Decimal`, places included."""
    charges, interest, principal, unapplied, held = map(Decimal, text.split(" "))
    return Split(payment_id, charges, interest, principal, unapplied, held)


class FinalSplits:
    """Splits that no longer change, as text: for each payment id, its five amounts.

    A split changes only while some of its money is held for an installment; once none
    is, it is final. A frozen walk (replay.Checkpoint) carries its final splits this
    way (`Split.text`), not as `Split`s: pickling two objects and five `Decimal`s a
    payment was most of what freezing and thawing a long note's walk cost.
    """

    def __init__(self, amounts: LineMap | None = None, unapplied: Decimal = ZERO) -> None:
        self.amounts = LineMap() if amounts is None else amounts
        """Payment id -> "charges interest principal unapplied held" (lines: pickled as
        a few long strings, read only when one is looked up)."""
        self.unapplied = unapplied
        """Their unapplied money, in all."""

    def with_(self, splits: Iterable[Split]) -> "FinalSplits":
        """These and `splits` (final too)."""
        texts = []
        unapplied = self.unapplied
        for s in splits:
            texts.append((s.payment_id, s.text()))
            unapplied += s.unapplied
        return FinalSplits(self.amounts.plus(texts), unapplied)


_READ: dict[tuple[str, str], Allocation] = {}
"""Allocations read from `FinalSplits` text, by payment id and text: every thaw of a
note's walk reads the same lines again. Emptied when it reaches `_READ_MAX`."""
_READ_MAX = 20_000


def allocation_of(payment_id: str, amounts: str) -> Allocation:
    """The allocation of a split written as text (`Split.text`): a `FinalSplits` line or
    a split frozen while held (an `Allocation` is immutable: shared)."""
    key = (payment_id, amounts)
    known = _READ.get(key)
    if known is None:
        if len(_READ) >= _READ_MAX:
            _READ.clear()
        known = _READ[key] = split_of(payment_id, amounts).allocation()
    return known


@dataclass
class Row:
    """An installment that has fallen due (mutable while the replay runs)."""

    number: int
    """1-based installment number."""
    period_start: date
    """Start of its period."""
    due_date: date
    """The day it fell due."""
    interest: Decimal
    """The period's interest, rounded once."""
    principal: Decimal
    """Principal due with it."""
    interest_paid: Decimal = ZERO
    """Interest paid towards it."""
    principal_paid: Decimal = ZERO
    """Principal paid towards it."""
    paid_on: date | None = None
    """The day it became fully paid."""

    @property
    def total(self) -> Decimal:
        """interest + principal."""
        return self.interest + self.principal

    @property
    def paid(self) -> Decimal:
        """Paid towards it so far."""
        return self.interest_paid + self.principal_paid

    @property
    def unpaid(self) -> Decimal:
        """What is still owed on it."""
        return self.total - self.paid


@dataclass
class Owed:
    """An amount due on a date that is not an installment: a charge or open-period interest."""

    due_on: date
    """The day it fell due (a charge's date; the start of an open-period chunk)."""
    amount: Decimal
    """The amount, two places."""
    paid: Decimal = ZERO
    """Paid so far."""

    @property
    def unpaid(self) -> Decimal:
        """What is still owed."""
        return self.amount - self.paid


@dataclass
class Ledger:
    """Everything that has fallen due, and what the payments did with their money."""

    rows: list[Row] = field(default_factory=list)
    """Installments that have fallen due, in due-date order."""
    charges: list[Owed] = field(default_factory=list)
    """Charges, in the order they fell due."""
    open_interest: list[Owed] = field(default_factory=list)
    """Interest of the open period (after maturity or acceleration), rounded chunks."""
    first_open: int = 0
    """Index of the oldest row that may be unpaid (rows before it are fully paid)."""

    def add_row(self, row: Row) -> None:
        """An installment falls due."""
        self.rows.append(row)

    def reopen_last(self, extra_principal: Decimal) -> Row:
        """The last installment takes more principal (the schedule ends on its due date)."""
        row = self.rows[-1]
        row.principal += extra_principal
        if extra_principal > ZERO:
            row.paid_on = None
            self.first_open = min(self.first_open, len(self.rows) - 1)
        return row

    def unpaid_rows(self) -> list[Row]:
        """Installments not fully paid, oldest first."""
        while self.first_open < len(self.rows) and self.rows[self.first_open].unpaid == ZERO:
            self.first_open += 1
        return [row for row in self.rows[self.first_open :] if row.unpaid > ZERO]

    def interest_due(self) -> Decimal:
        """Installment and open-period interest due and unpaid."""
        rows = sum((r.interest - r.interest_paid for r in self.unpaid_rows()), ZERO)
        return rows + sum((o.unpaid for o in self.open_interest), ZERO)

    def principal_due(self) -> Decimal:
        """Principal that has fallen due and is unpaid."""
        return sum((r.principal - r.principal_paid for r in self.unpaid_rows()), ZERO)

    def charges_due(self) -> Decimal:
        """Charges unpaid."""
        return sum((c.unpaid for c in self.charges), ZERO)

    def total_due(self) -> Decimal:
        """Everything due and unpaid."""
        return self.interest_due() + self.principal_due() + self.charges_due()

    def oldest_unpaid(self) -> date | None:
        """The day the oldest amount still unpaid fell due."""
        days = [r.due_date for r in self.unpaid_rows()]
        days += [o.due_on for o in self.charges + self.open_interest if o.unpaid > ZERO]
        return min(days, default=None)


def pay_owed(owed: list[Owed], money: Decimal) -> tuple[Decimal, Decimal]:
    """Pay amounts owed, oldest first; returns (money left, money paid)."""
    paid = ZERO
    for item in owed:
        part = min(money, item.unpaid)
        if part > ZERO:
            item.paid += part
            paid += part
            money -= part
    return money, paid


def pay_charges(ledger: Ledger, money: Decimal, split: Split) -> Decimal:
    """Pay unpaid charges, oldest first; returns the money left."""
    money, paid = pay_owed(ledger.charges, money)
    split.charges += paid
    return money


def pay_interest(ledger: Ledger, on: date, money: Decimal, split: Split) -> Decimal:
    """Pay interest that has come due, oldest first; returns the money left."""
    for row in ledger.unpaid_rows():
        money = pay_row_interest(row, on, money, split)
    money, paid = pay_owed(ledger.open_interest, money)
    split.interest += paid
    return money


def pay_principal(ledger: Ledger, on: date, money: Decimal, split: Split) -> Decimal:
    """Pay principal that has come due, oldest first; returns the money left.

    The caller lowers the outstanding principal by what `split.principal` gained.
    """
    for row in ledger.unpaid_rows():
        money = pay_row_principal(row, on, money, split)
    return money


def pay_row_interest(row: Row, on: date, money: Decimal, split: Split) -> Decimal:
    """Pay one installment's interest; returns the money left."""
    part = min(money, row.interest - row.interest_paid)
    if part > ZERO:
        row.interest_paid += part
        split.interest += part
        _mark_paid(row, on)
    return money - part


def pay_row_principal(row: Row, on: date, money: Decimal, split: Split) -> Decimal:
    """Pay one installment's principal; returns the money left."""
    part = min(money, row.principal - row.principal_paid)
    if part > ZERO:
        row.principal_paid += part
        split.principal += part
        _mark_paid(row, on)
    return money - part


def _mark_paid(row: Row, on: date) -> None:
    """Record the day an installment became fully paid."""
    if row.unpaid == ZERO and row.paid_on is None:
        row.paid_on = on
