"""What statements say (DESIGN 4), apart from how they look (statements/render.py).

Frozen values built by statements/selectors.py and statements/journal.py; every
renderer (JSON, HTML, PDF, CSV, XLSX, ledger) reads only these.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from loans.engine.values import Balance


@dataclass(frozen=True)
class Heading:
    """What every statement carries."""

    kind: str
    """billing, activity, year-end, payoff, journal, accrual or portfolio."""
    title: str
    """"Activity statement", ..."""
    note_reference: str
    """The note's reference; for reports across notes, how many notes."""
    borrower: str
    """The borrower's name ("" across notes)."""
    lenders: tuple[tuple[str, Decimal], ...]
    """Each lender's name and share in percent, in effect on the as-of date."""
    interest_basis: str
    """Rate and day count, e.g. "12.000% a year, 30/360 (Bond Basis)"."""
    period_start: date | None
    """First day covered (inclusive); None for a statement of one day."""
    period_end: date
    """Last day covered (inclusive)."""
    as_of: date
    """The date of the figures: closing figures are those at the end of this day."""
    generated_at: datetime
    """When the note's log was read."""


@dataclass(frozen=True)
class Line:
    """One item of a statement: a payment, reversal, charge, adjustment or note event."""

    date: date
    kind: str
    """payment, reversal, charge, adjustment, event."""
    source: str
    """What it comes from: "payment 12", "charge 3", "event 7"."""
    description: str
    reference: str
    """A payment's check or wire number; a charge's kind."""
    amount: Decimal
    """Money moved (negative for a reversal; 0 for an adjustment or an event)."""
    charges: Decimal
    interest: Decimal
    principal: Decimal
    held: Decimal
    """Held for an installment not yet due at the statement's close."""
    unapplied: Decimal
    """Owed back to the borrower."""


MONEY_PARTS = ("amount", "charges", "interest", "principal", "held", "unapplied")


def total_line(lines: tuple[Line, ...], end: date) -> Line:
    """The column totals of `lines`, as one line dated `end`; its amount is the cash
    received net of reversals (a charge's amount is owed, not paid)."""
    sums = {
        part: sum((getattr(line, part) for line in lines), Decimal("0.00")) for part in MONEY_PARTS
    }
    cash = (line.amount for line in lines if line.kind in ("payment", "reversal"))
    sums["amount"] = sum(cash, Decimal("0.00"))
    return Line(date=end, kind="total", source="", description="Total", reference="", **sums)


@dataclass(frozen=True)
class BillingStatement:
    """What is due on one due date."""

    heading: Heading
    due_date: date
    installment_number: int | None
    installment_interest: Decimal
    installment_principal: Decimal
    paid_towards_installment: Decimal
    """Paid or held for this installment already."""
    current_due: Decimal
    """The installment's unpaid part."""
    past_due: Decimal
    """Due and unpaid at the end of the day before the due date."""
    amount_due: Decimal
    """current_due + past_due."""
    principal_balance: Decimal
    previous_due_date: date | None
    payments_since_last_statement: tuple[Line, ...]
    """Payments received after the previous due date, through this one."""
    interest_paid_year_to_date: Decimal
    """Interest paid by payments received from January 1 of the due date's year."""


@dataclass(frozen=True)
class Reconciliation:
    """opening + increases - decreases = closing, each figure computed on its own."""

    name: str
    opening: Decimal
    increases: Decimal
    decreases: Decimal
    closing: Decimal

    @property
    def difference(self) -> Decimal:
        """closing - (opening + increases - decreases): zero when it reconciles."""
        return self.closing - (self.opening + self.increases - self.decreases)


@dataclass(frozen=True)
class ActivityStatement:
    """Everything that happened from `start` to `end`, inclusive."""

    heading: Heading
    start: date
    end: date
    opening: Balance
    """At the end of the day before `start`."""
    closing: Balance
    """At the end of `end` (interest accrued through it)."""
    lines: tuple[Line, ...]
    interest_earned: Decimal
    """Interest for the days start..end, computed from the principal outstanding each day
    (not from the balances)."""
    interest_recomputed: Decimal
    """Interest on days before `start` recomputed by a reversal or waiver in the period."""
    reconciliations: tuple[Reconciliation, ...]

    @property
    def reconciles(self) -> bool:
        return all(r.difference == 0 for r in self.reconciliations)

    @property
    def totals(self) -> Line:
        return total_line(self.lines, self.end)


@dataclass(frozen=True)
class LenderInterest:
    """One lender's part of the year's interest (the figures of a 1099-INT)."""

    name: str
    address: str
    tax_id_masked: str
    share: Decimal
    """Share in percent on the last day of the year."""
    interest_paid: Decimal


@dataclass(frozen=True)
class YearEndStatement:
    """Interest paid in a calendar year, split by the lender shares in effect."""

    heading: Heading
    year: int
    interest_paid: Decimal
    principal_paid: Decimal
    charges_paid: Decimal
    year_end_principal: Decimal
    lenders: tuple[LenderInterest, ...]
    payments: tuple[Line, ...]

    @property
    def totals(self) -> Line:
        return total_line(self.payments, date(self.year, 12, 31))


@dataclass(frozen=True)
class PayoffLetter:
    """The amount that pays the note off on the good-through date."""

    heading: Heading
    good_through: date
    principal: Decimal
    interest: Decimal
    charges: Decimal
    held: Decimal
    payoff_amount: Decimal
    per_diem: Decimal
    """Interest per day after the good-through date."""
    wiring_instructions: str


@dataclass(frozen=True)
class Posting:
    """One posting line of a journal entry."""

    account: str
    debit: Decimal
    credit: Decimal
    lender: str
    """The lender whose share this line is ("" on the borrower's books)."""


@dataclass(frozen=True)
class JournalEntry:
    """A balanced double entry."""

    entry_id: str
    """Stable: the note, the kind and the event or the day."""
    date: date
    note_reference: str
    memo: str
    postings: tuple[Posting, ...]


@dataclass(frozen=True)
class Journal:
    """Journal entries for a period, from one side's books."""

    heading: Heading
    book: str
    """lender or borrower."""
    entries: tuple[JournalEntry, ...]


@dataclass(frozen=True)
class NoteFigures:
    """One note's line of a report across notes."""

    note_reference: str
    borrower: str
    status: str
    principal: Decimal
    interest_due: Decimal
    interest_accrued: Decimal
    charges_due: Decimal
    payoff_amount: Decimal
    per_diem: Decimal
    next_due_date: date | None


@dataclass(frozen=True)
class NotesReport:
    """The accrual report or the portfolio: one line per note, at the end of a day."""

    heading: Heading
    notes: tuple[NoteFigures, ...]


Statement = (
    BillingStatement | ActivityStatement | YearEndStatement | PayoffLetter | Journal | NotesReport
)
"""Anything a renderer renders: each has a `heading`."""
