"""The engine's values: what goes in (terms, events) and what comes out.

Plain frozen dataclasses, no Django. Money is `Decimal` with two places,
rates are percent (`Decimal("12")` is 12% a year), dates are `datetime.date`.
Identifiers are strings so that the engine does not care where events are
stored (the database passes its primary keys as text).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

DayCountCode = Literal["30/360", "30E/360", "ACT/360", "ACT/365F", "ACT/ACT"]
RepaymentType = Literal["interest_only", "level", "fixed_principal"]
AccelerationType = Literal["automatic", "optional"]
PaymentKind = Literal["regular", "prepayment"]
InstallmentStatus = Literal["paid", "paid_late", "upcoming", "due", "past_due"]
NoteStatusCode = Literal["current", "past_due", "in_default", "accelerated", "matured", "paid_off"]
NoteEventKind = Literal[
    "default_notice",
    "bankruptcy_voluntary",
    "creditors_assignment",
    "bankruptcy_involuntary",
    "bankruptcy_consent",
    "bankruptcy_dismissed",
    "judgment",
    "judgment_satisfied",
    "borrower_assignment",
    "acceleration",
    "waiver",
]
DefaultCause = Literal["payment", "bankruptcy", "judgment", "assignment"]
ClockKind = Literal["notice", "grace", "involuntary", "judgment"]


@dataclass(frozen=True)
class Terms:
    """A note's economic and default terms (DESIGN 2 and 6)."""

    principal: Decimal
    """Original principal, two places."""
    annual_rate: Decimal
    """Nominal annual rate in percent (12% is Decimal("12"))."""
    day_count: DayCountCode
    """Year-fraction convention of DESIGN 3.1."""
    accrual_start: date
    """Interest accrues from this date (inclusive); period 1 starts here."""
    first_payment_date: date
    """Due date of installment 1; the anchor of every later due date."""
    maturity_date: date
    """Everything unpaid is due on this date; the last due date."""
    payment_frequency_months: int = 1
    """Months between due dates (1 monthly, 3 quarterly, 6, 12)."""
    repayment: RepaymentType = "interest_only"
    """How principal is repaid (DESIGN 3.2)."""
    interest_only_periods: int = 0
    """Leading installments that are interest only before amortization starts."""
    amortization_periods: int | None = None
    """Periods the level/fixed-principal amount is computed over; None: to maturity."""
    installment_amount: Decimal | None = None
    """The note's stated level installment; wins over the computed one."""
    notice_required: bool = True
    """A payment default needs the lender's written notice (clause i)."""
    cure_days: int = 10
    """Days after a notice to cure before an event of default."""
    grace_days: int = 0
    """Without a notice requirement: days after a due date before default."""
    acceleration: AccelerationType = "automatic"
    """Automatic on an event of default, or at the lender's option."""


@dataclass(frozen=True)
class Payment:
    """Money received from the borrower."""

    id: str
    """Stable identity of the payment (reversals and allocations refer to it)."""
    received_on: date
    """The effective date t of DESIGN 3.4."""
    amount: Decimal
    """Positive, two places."""
    kind: PaymentKind = "regular"
    """`regular` follows the waterfall; `prepayment` goes to principal first."""
    sequence: int = 0
    """Entry order: payments of one day are applied in this order."""


@dataclass(frozen=True)
class Reversal:
    """A payment taken back (returned check, posting error) from `reversed_on` on."""

    payment_id: str
    """The `Payment.id` it reverses."""
    reversed_on: date
    """For every as-of date on or after this, the payment never happened."""
    sequence: int = 0
    """Entry order."""


@dataclass(frozen=True)
class Charge:
    """A cost the borrower owes (costs of collection, attorneys' fees)."""

    id: str
    """Stable identity."""
    incurred_on: date
    """Due on this date, past due from the next day."""
    amount: Decimal
    """Positive, two places."""
    sequence: int = 0
    """Entry order: charges of one day are due in this order."""


@dataclass(frozen=True)
class NoteEvent:
    """A notice of default, default event, acceleration or waiver (DESIGN 3.6)."""

    id: str
    """Stable identity (`refers_to` of dismissals and satisfactions names it)."""
    kind: NoteEventKind
    """What happened."""
    date: date
    """When it happened (notice sent, petition filed, judgment entered...)."""
    refers_to: str | None = None
    """bankruptcy_consent/bankruptcy_dismissed: the involuntary case;
    judgment_satisfied: the judgment."""
    installments: tuple[int, ...] = ()
    """default_notice: installment numbers named; empty: all past due on its date."""
    affiliate: bool = False
    """borrower_assignment: to an affiliate (then no default)."""
    sequence: int = 0
    """Entry order."""


Event = Payment | Reversal | Charge | NoteEvent


@dataclass(frozen=True)
class Installment:
    """One row of the schedule, as of a date (DESIGN 3.2, 3.5)."""

    number: int
    """1-based."""
    period_start: date
    """Start of the period (period 1: the accrual start)."""
    due_date: date
    """End of the period; the installment falls due on this date."""
    days: int
    """Days in the period under the note's day count (30/360: 360-day days)."""
    interest: Decimal
    """The period's interest, rounded once."""
    principal: Decimal
    """Principal due with this installment, plus principal prepaid during its period
    (so the column adds up to the note's principal, DESIGN 3.2)."""
    total: Decimal
    """interest + principal."""
    paid: Decimal
    """Paid towards it so far: money held for it and principal prepaid in its period
    count."""
    status: InstallmentStatus
    """paid, paid_late, upcoming, due or past_due."""
    days_late: int
    """paid_late: due date to the day fully paid; past_due: due date to as-of; else 0."""
    paid_on: date | None = None
    """The day it became fully paid, if it is."""


@dataclass(frozen=True)
class Allocation:
    """Where one payment went (DESIGN 3.4); the parts add up to the amount."""

    payment_id: str
    """The payment."""
    charges: Decimal
    """To unpaid charges."""
    interest: Decimal
    """To interest (held money counts under what it pays on the due date)."""
    principal: Decimal
    """To principal, scheduled or prepaid."""
    unapplied: Decimal
    """Not applied: owed back to the borrower, never dropped."""
    held: Decimal = Decimal("0.00")
    """Held for an installment not yet due as of the as-of date; on its due date
    it moves to the buckets it pays. charges + interest + principal + unapplied
    + held == the amount."""
    reversed: bool = False
    """Reversed as of the as-of date: every part is zero."""


@dataclass(frozen=True)
class Balance:
    """Where the note stands as of a date (DESIGN 3.7)."""

    as_of: date
    """The as-of date."""
    principal: Decimal
    """Principal outstanding."""
    interest_accrued: Decimal
    """Interest accrued and not yet due."""
    interest_due: Decimal
    """Interest due and unpaid."""
    principal_due: Decimal
    """Principal due and unpaid (scheduled, matured or accelerated)."""
    charges_due: Decimal
    """Charges incurred and unpaid."""
    total_due: Decimal
    """interest_due + principal_due + charges_due."""
    payoff_amount: Decimal
    """principal + interest_due + interest_accrued + charges_due - held, never below 0."""
    held: Decimal
    """Received and waiting for the next installment's due date."""
    unapplied: Decimal
    """Owed back to the borrower."""
    per_diem: Decimal
    """principal x rate / basis, rounded to cents, for display."""
    days_past_due: int
    """Days since the oldest amount still unpaid fell due; 0 if none."""
    next_due_date: date | None
    """Earliest installment on or after as-of not fully paid; None once
    accelerated, matured or paid off."""
    next_due_amount: Decimal | None
    """Its unpaid part."""
    status: NoteStatusCode
    """paid_off > accelerated > in_default > matured > past_due > current."""


@dataclass(frozen=True)
class DefaultOccurrence:
    """An event of default that occurred (DESIGN 3.6)."""

    occurred_on: date
    """The day it occurred."""
    cause: DefaultCause
    """payment, bankruptcy, judgment or assignment."""
    source_id: str
    """The NoteEvent id whose clock or act caused it."""
    waived_on: date | None = None
    """The waiver that rescinded it, if any, as of the as-of date."""


@dataclass(frozen=True)
class Clock:
    """A default clock (DESIGN 3.6): unless cured or stopped by `deadline`, an event of
    default occurs on `fires_on`, the day after."""

    kind: ClockKind
    """notice (cure deadline of a notice of default), grace (an installment of a note
    without a notice requirement), involuntary (90-day window of an involuntary
    bankruptcy case), judgment (90-day window of a judgment)."""
    source_id: str
    """The notice, case or judgment event id; `installment:<n>` for a grace clock."""
    started_on: date
    """The notice's date, the case's or judgment's date, or the installment's due date."""
    deadline: date
    """The last day to cure, dismiss or satisfy: start + cure days, grace days or 90."""
    fires_on: date
    """deadline + 1 day: when the replay checks whether a default occurs."""
    installments: tuple[int, ...] = ()
    """The installment numbers watched (notice and grace clocks); they default the note
    only if one of them is still unpaid on `fires_on`."""


@dataclass(frozen=True)
class Payoff:
    """A payoff quote good through a date (DESIGN 4, payoff letter)."""

    good_through: date
    """Payoff on this date pays interest for the days before it."""
    principal: Decimal
    """Principal outstanding."""
    interest: Decimal
    """interest_due + interest_accrued."""
    charges: Decimal
    """Charges unpaid."""
    held: Decimal
    """Money already held, credited against the payoff."""
    payoff_amount: Decimal
    """principal + interest + charges - held, never below 0."""
    per_diem: Decimal
    """Interest per day after the good-through date, for the letter."""


@dataclass(frozen=True)
class Replay:
    """Everything the engine says about a note as of a date."""

    as_of: date
    """The as-of date."""
    installments: tuple[Installment, ...]
    """The schedule with statuses: installments fallen due, then the projection.
    It ends early when principal reaches zero; once accelerated it ends with the
    acceleration row (dated that day: interest to it, all principal not yet due)."""
    allocations: tuple[Allocation, ...]
    """One per payment received on or before as-of, in application order."""
    balance: Balance
    """Balances as of the as-of date."""
    payoff: Payoff
    """Payoff good through the as-of date."""
    defaults: tuple[DefaultOccurrence, ...]
    """Events of default that occurred on or before as-of."""
    accelerated_on: date | None
    """Date of a standing acceleration, if any."""
    paid_off_on: date | None
    """Date the note was paid off, if it was."""
    clocks: tuple[Clock, ...] = ()
    """Default clocks running on the as-of date (started, not fired, not stopped), soonest
    deadline first. A clock keeps running after its installments are paid (it then finds
    nothing unpaid on its day)."""
