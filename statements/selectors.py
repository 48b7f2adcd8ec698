"""Statements and exports as data (DESIGN 4), from the engine's replay.

Each function reads a note's events once per as-of date it needs and returns
plain values; the API renders them as JSON (and, later, HTML/PDF/CSV/XLSX from
the same values).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from loans.engine.money import ZERO, round_cents
from loans.engine.values import Allocation, Balance, Installment, Payoff, Replay
from loans.models import Note, Party
from payments.models import Charge, Payment
from payments.selectors import note_replay
from payments.shares import lender_shares_on_each

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class PaymentLine:
    """A payment with where it went, as of the statement's closing date."""

    payment_id: int
    received_on: date
    amount: Decimal
    method: str
    reference: str
    kind: str
    allocation: Allocation


@dataclass(frozen=True)
class ChargeLine:
    """A charge incurred in the statement's period."""

    charge_id: int
    incurred_on: date
    amount: Decimal
    kind: str
    description: str


@dataclass(frozen=True)
class BillingStatement:
    """What is due on one due date (DESIGN 4: billing statement)."""

    note_reference: str
    as_of: date
    due_date: date
    installment: Installment | None
    current_due: Decimal
    past_due: Decimal
    amount_due: Decimal
    principal_balance: Decimal
    payments_since_last_statement: list[PaymentLine]
    interest_paid_year_to_date: Decimal


@dataclass(frozen=True)
class Reconciliation:
    """Opening + movements = closing, for one balance."""

    opening: Decimal
    increases: Decimal
    decreases: Decimal
    closing: Decimal


@dataclass(frozen=True)
class ActivityStatement:
    """Everything that happened between two dates (DESIGN 4: activity statement)."""

    note_reference: str
    start: date
    end: date
    opening: Balance
    closing: Balance
    payments: list[PaymentLine]
    reallocations: list[PaymentLine]
    charges: list[ChargeLine]
    principal: Reconciliation
    interest: Reconciliation
    charges_due: Reconciliation


@dataclass(frozen=True)
class LenderInterest:
    party_id: int
    name: str
    share: Decimal
    interest_paid: Decimal


@dataclass(frozen=True)
class YearEndStatement:
    """Interest paid in a calendar year, split by lender share (DESIGN 4)."""

    note_reference: str
    year: int
    as_of: date
    interest_paid: Decimal
    principal_paid: Decimal
    charges_paid: Decimal
    year_end_principal: Decimal
    lenders: list[LenderInterest]


def _payment_lines(note: Note, replay: Replay, start: date, end: date) -> list[PaymentLine]:
    allocations = {a.payment_id: a for a in replay.allocations}
    payments = Payment.objects.filter(note=note, received_on__range=(start, end))
    return [
        PaymentLine(
            payment_id=p.pk,
            received_on=p.received_on,
            amount=p.amount,
            method=p.method,
            reference=p.reference,
            kind=p.kind,
            allocation=allocations[str(p.pk)],
        )
        for p in payments.order_by("received_on", "pk")
    ]


def _sum(allocations: Iterable[Allocation], part: str) -> Decimal:
    return sum((getattr(a, part) for a in allocations), ZERO)


def billing_statement(*, note: Note, due_date: date, as_of: date) -> BillingStatement:
    """The bill for the installment due on `due_date`, as known on `as_of`."""
    as_of = min(as_of, due_date)
    replay = note_replay(note=note, as_of=as_of)
    before = note_replay(note=note, as_of=due_date - ONE_DAY).balance
    installment = next((i for i in replay.installments if i.due_date == due_date), None)
    current_due = installment.total - installment.paid if installment else ZERO
    previous_due = max(
        (i.due_date for i in replay.installments if i.due_date < due_date), default=note.dated
    )
    year_start = date(due_date.year, 1, 1)
    paid_this_year = _payment_lines(note, replay, year_start, as_of)
    return BillingStatement(
        note_reference=note.reference,
        as_of=as_of,
        due_date=due_date,
        installment=installment,
        current_due=current_due,
        past_due=before.total_due,
        amount_due=current_due + before.total_due,
        principal_balance=replay.balance.principal,
        payments_since_last_statement=_payment_lines(note, replay, previous_due + ONE_DAY, as_of),
        interest_paid_year_to_date=_sum((line.allocation for line in paid_this_year), "interest"),
    )


def activity_statement(*, note: Note, start: date, end: date) -> ActivityStatement:
    """Opening balances (end of the day before `start`), every payment and charge
    in [start, end] with its allocation as of `end`, the reallocation of earlier
    payments (a reversal or backdated payment in the range moves them), and
    closing balances as of `end`: they reconcile to the cent."""
    opening_replay = note_replay(note=note, as_of=start - ONE_DAY)
    closing_replay = note_replay(note=note, as_of=end)
    opening, closing = opening_replay.balance, closing_replay.balance
    payments = _payment_lines(note, closing_replay, start, end)
    reallocations = _reallocations(note, opening_replay, closing_replay, start)
    charges = [
        ChargeLine(c.pk, c.incurred_on, c.amount, c.kind, c.description)
        for c in Charge.objects.filter(note=note, incurred_on__range=(start, end)).order_by("pk")
    ]
    moved = [line.allocation for line in payments + reallocations]
    interest_paid = _sum(moved, "interest")
    opening_interest = opening.interest_due + opening.interest_accrued
    closing_interest = closing.interest_due + closing.interest_accrued
    return ActivityStatement(
        note_reference=note.reference,
        start=start,
        end=end,
        opening=opening,
        closing=closing,
        payments=payments,
        reallocations=reallocations,
        charges=charges,
        principal=Reconciliation(
            opening.principal, ZERO, _sum(moved, "principal"), closing.principal
        ),
        # Interest earned in the range is what makes interest reconcile: the
        # engine accrues it; this statement reports it.
        interest=Reconciliation(
            opening_interest,
            closing_interest - opening_interest + interest_paid,
            interest_paid,
            closing_interest,
        ),
        charges_due=Reconciliation(
            opening.charges_due,
            sum((c.amount for c in charges), ZERO),
            _sum(moved, "charges"),
            closing.charges_due,
        ),
    )


def _reallocations(note: Note, opening: Replay, closing: Replay, start: date) -> list[PaymentLine]:
    """Earlier payments whose allocation changed within the range, as differences."""
    before = {a.payment_id: a for a in opening.allocations}
    after = {a.payment_id: a for a in closing.allocations}
    lines = []
    for payment in Payment.objects.filter(note=note, received_on__lt=start).order_by("pk"):
        old, new = before[str(payment.pk)], after[str(payment.pk)]
        delta = _difference(new, old)
        if delta != _difference(old, old):
            lines.append(
                PaymentLine(
                    payment_id=payment.pk,
                    received_on=payment.received_on,
                    amount=ZERO,
                    method=payment.method,
                    reference=payment.reference,
                    kind=payment.kind,
                    allocation=delta,
                )
            )
    return lines


def _difference(new: Allocation, old: Allocation) -> Allocation:
    return Allocation(
        payment_id=new.payment_id,
        charges=new.charges - old.charges,
        interest=new.interest - old.interest,
        principal=new.principal - old.principal,
        unapplied=new.unapplied - old.unapplied,
        held=new.held - old.held,
        reversed=new.reversed,
    )


def year_end_statement(*, note: Note, year: int, as_of: date) -> YearEndStatement:
    """Interest, principal and charges paid by payments received in `year`
    (allocations as known on `as_of`), interest split by the lender shares in
    effect on the day each payment is applied."""
    year_end = date(year, 12, 31)
    replay = note_replay(note=note, as_of=max(as_of, year_end))
    lines = _payment_lines(note, replay, date(year, 1, 1), year_end)
    paid = [line.allocation for line in lines]
    interest = _sum(paid, "interest")
    return YearEndStatement(
        note_reference=note.reference,
        year=year,
        as_of=replay.as_of,
        interest_paid=interest,
        principal_paid=_sum(paid, "principal"),
        charges_paid=_sum(paid, "charges"),
        year_end_principal=note_replay(note=note, as_of=year_end).balance.principal,
        lenders=_lender_split(note, lines, year_end),
    )


def _lender_split(note: Note, lines: list[PaymentLine], year_end: date) -> list[LenderInterest]:
    """Each payment's interest is split by the shares in effect on the day it is
    applied (DESIGN 2), in cents with the remainder on that day's last lender;
    each lender's figure is the sum of its parts. `share` is the share at year end."""
    shares_on = lender_shares_on_each(note=note, dates=[year_end, *(p.received_on for p in lines)])
    earned: dict[Party, Decimal] = {}
    for on in sorted(shares_on):  # every holder in the year, in order of appearance
        earned |= {party: earned.get(party, ZERO) for party, _ in shares_on[on]}
    for line in lines:
        for party, part in _split(line.allocation.interest, shares_on[line.received_on]):
            earned[party] += part
    at_year_end = dict(shares_on[year_end])
    return [
        LenderInterest(party.pk, party.name, at_year_end.get(party, ZERO), interest)
        for party, interest in earned.items()
    ]


def _split(amount: Decimal, shares: list[tuple[Party, Decimal]]) -> list[tuple[Party, Decimal]]:
    """`amount` by percent shares, half-up to cents, the remainder on the last share."""
    parts = [round_cents(amount * share / 100) for _, share in shares[:-1]]
    parts.append(amount - sum(parts, ZERO))
    return [(party, part) for (party, _), part in zip(shares, parts, strict=True)]


def payoff_quote(*, note: Note, good_through: date) -> Payoff:
    return note_replay(note=note, as_of=good_through).payoff


@dataclass(frozen=True)
class JournalLine:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


@dataclass(frozen=True)
class JournalEntry:
    note_reference: str
    date: date
    memo: str
    lines: list[JournalLine] = field(default_factory=list)


LENDER_ACCOUNTS = {
    "accrual": ("Interest receivable", "Interest income"),
    "cash": "Cash",
    "interest": "Interest receivable",
    "principal": "Notes receivable",
    "charges": "Collection costs receivable",
    "unapplied": "Borrower deposits and refunds due",
}
BORROWER_ACCOUNTS = {
    "accrual": ("Interest expense", "Interest payable"),
    "cash": "Cash",
    "interest": "Interest payable",
    "principal": "Notes payable",
    "charges": "Collection costs payable",
    "unapplied": "Deposits with lender",
}


def journal_entries(
    *, notes: Iterable[Note], start: date, end: date, book: str
) -> list[JournalEntry]:
    """Double-entry journal for [start, end]: interest earned in each month (or
    part of one) and every payment received, from the lender's or the borrower's
    books. Debits equal credits in every entry."""
    accounts = LENDER_ACCOUNTS if book == "lender" else BORROWER_ACCOUNTS
    entries: list[JournalEntry] = []
    for note in notes:
        entries.extend(_accrual_entries(note, start, end, accounts))
        entries.extend(_payment_entries(note, start, end, accounts, lender=book == "lender"))
    return sorted(entries, key=lambda e: (e.date, e.note_reference, e.memo))


def _interest_earned_to(note: Note, day: date) -> Decimal:
    """Interest earned through the end of `day`: paid, due or accrued as of the next day."""
    replay = note_replay(note=note, as_of=day + ONE_DAY)
    balance = replay.balance
    paid = _sum((a for a in replay.allocations), "interest")
    return paid + balance.interest_due + balance.interest_accrued


def _month_ends(start: date, end: date) -> list[date]:
    ends, month_end = [], start + relativedelta(day=31)
    while month_end < end:
        ends.append(month_end)
        month_end = (month_end + ONE_DAY) + relativedelta(day=31)
    return [*ends, end]


def _accrual_entries(
    note: Note, start: date, end: date, accounts: dict[str, Any]
) -> list[JournalEntry]:
    debit, credit = accounts["accrual"]
    entries, earned_before = [], _interest_earned_to(note, start - ONE_DAY)
    for month_end in _month_ends(start, end):
        earned = _interest_earned_to(note, month_end)
        amount = earned - earned_before
        earned_before = earned
        if amount:
            entries.append(
                JournalEntry(
                    note.reference,
                    month_end,
                    "Interest accrual",
                    [
                        JournalLine(debit, debit=amount),
                        JournalLine(credit, credit=amount),
                    ],
                )
            )
    return entries


def _payment_entries(
    note: Note, start: date, end: date, accounts: dict[str, Any], *, lender: bool
) -> list[JournalEntry]:
    replay = note_replay(note=note, as_of=end)
    entries = []
    for line in _payment_lines(note, replay, start, end):
        if line.allocation.reversed:
            continue
        parts = {
            "interest": line.allocation.interest,
            "principal": line.allocation.principal,
            "charges": line.allocation.charges,
            "unapplied": line.allocation.unapplied + line.allocation.held,
        }
        cash = (
            JournalLine(accounts["cash"], debit=line.amount)
            if lender
            else JournalLine(accounts["cash"], credit=line.amount)
        )
        others = [
            JournalLine(accounts[k], credit=v) if lender else JournalLine(accounts[k], debit=v)
            for k, v in parts.items()
            if v
        ]
        entries.append(
            JournalEntry(
                note.reference, line.received_on, f"Payment {line.payment_id}", [cash, *others]
            )
        )
    return entries
