"""Statements as data (DESIGN 4): each built from one read of the note's log.

Every figure comes from `statements.log.note_log` (one consistent snapshot) through
the engine's replay; renderers (statements/render.py) never compute.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from loans.engine.money import ZERO
from loans.engine.values import Balance
from loans.models import Note, Party
from statements.accrued import interest_earned_before, interest_for_days
from statements.data import (
    ActivityStatement,
    BillingStatement,
    Heading,
    LenderInterest,
    Line,
    NoteFigures,
    NotesReport,
    PayoffLetter,
    Reconciliation,
    YearEndStatement,
)
from statements.dayend import day_ends
from statements.lines import days_needed, period_lines
from statements.log import NoteLog, note_log
from statements.replays import snapshots
from statements.shares import shares_in_effect, split_by_share

ONE_DAY = timedelta(days=1)
TITLES = {
    "billing": "Billing statement",
    "activity": "Activity statement",
    "year-end": "Year-end interest statement",
    "payoff": "Payoff letter",
    "journal": "Journal entries",
    "accrual": "Accrual report",
    "portfolio": "Portfolio",
}


def interest_basis(note: Note) -> str:
    rate = format(note.annual_rate.normalize(), "f")
    return f"{rate}% a year, simple interest, {note.get_day_count_display()}"


def heading(log: NoteLog, kind: str, start: date | None, end: date) -> Heading:
    note = log.note
    return Heading(
        kind=kind,
        title=TITLES[kind],
        note_reference=note.reference,
        borrower=note.borrower.name,
        lenders=tuple((party.name, share) for party, share in shares_in_effect(log, end)),
        interest_basis=interest_basis(note),
        period_start=start,
        period_end=end,
        as_of=end,
        generated_at=log.read_at,
    )


def _total(lines: Iterable[Line], part: str) -> Decimal:
    return sum((getattr(line, part) for line in lines), ZERO)


# --- billing ---------------------------------------------------------------------------


def billing_statement(*, note: Note, due_date: date) -> BillingStatement:
    """What is owed on `due_date`: that installment's unpaid part and what is past due."""
    log = note_log(note)
    replay = snapshots(log.terms, log.events, [due_date])[due_date]
    installment = next((i for i in replay.installments if i.due_date == due_date), None)
    current = installment.total - installment.paid if installment else ZERO
    earlier = [i.due_date for i in replay.installments if i.due_date < due_date]
    previous = max(earlier, default=None)
    since = (previous or log.note.accrual_start - ONE_DAY) + ONE_DAY
    year_start = date(due_date.year, 1, 1)
    ends = day_ends(log, days_needed(log, since, due_date))
    return BillingStatement(
        heading=heading(log, "billing", since, due_date),
        due_date=due_date,
        installment_number=installment.number if installment else None,
        installment_interest=installment.interest if installment else ZERO,
        installment_principal=installment.principal if installment else ZERO,
        paid_towards_installment=installment.paid if installment else ZERO,
        current_due=current,
        past_due=replay.balance.total_due - current,
        amount_due=replay.balance.total_due,
        principal_balance=replay.balance.principal,
        previous_due_date=previous,
        payments_since_last_statement=tuple(
            line
            for line in period_lines(log, ends, since, due_date)
            if line.kind in ("payment", "reversal")
        ),
        interest_paid_year_to_date=_interest_paid(log, year_start, due_date),
    )


def _interest_paid(log: NoteLog, start: date, end: date) -> Decimal:
    ends = day_ends(log, days_needed(log, start, end))
    return _total(period_lines(log, ends, start, end), "interest")


# --- activity --------------------------------------------------------------------------


def activity_statement(
    *, note: Note, start: date, end: date, log: NoteLog | None = None
) -> ActivityStatement:
    """Opening balances (end of the day before `start`), every item of start..end, and
    closing balances (end of `end`); each balance reconciles to the cent. `log`: the
    note's log if already read (month-end close reads it once for all its statements)."""
    log = log or note_log(note)
    ends = day_ends(log, days_needed(log, start, end))
    opening, closing = ends[start - ONE_DAY].balance, ends[end].balance
    lines = period_lines(log, ends, start, end)
    earned = interest_for_days(log, start, end)
    recomputed = interest_earned_before(log, start, end) - ends[start - ONE_DAY].interest_earned
    return ActivityStatement(
        heading=heading(log, "activity", start, end),
        start=start,
        end=end,
        opening=opening,
        closing=closing,
        lines=tuple(lines),
        interest_earned=earned,
        interest_recomputed=recomputed,
        reconciliations=_reconciliations(opening, closing, lines, earned + recomputed),
    )


def _reconciliations(
    opening: Balance, closing: Balance, lines: list[Line], interest_earned: Decimal
) -> tuple[Reconciliation, ...]:
    """Each balance: opening + what the items and the accrual added - what they took."""
    charged = _total((line for line in lines if line.kind == "charge"), "amount")
    kept = _total(lines, "held") + _total(lines, "unapplied")
    return (
        Reconciliation(
            "Principal", opening.principal, ZERO, _total(lines, "principal"), closing.principal
        ),
        Reconciliation(
            "Interest (due and accrued)",
            opening.interest_due + opening.interest_accrued,
            interest_earned,
            _total(lines, "interest"),
            closing.interest_due + closing.interest_accrued,
        ),
        Reconciliation(
            "Charges", opening.charges_due, charged, _total(lines, "charges"), closing.charges_due
        ),
        Reconciliation(
            "Held and unapplied",
            opening.held + opening.unapplied,
            kept,
            ZERO,
            closing.held + closing.unapplied,
        ),
    )


# --- year-end --------------------------------------------------------------------------


def year_end_statement(*, note: Note, year: int) -> YearEndStatement:
    """Interest paid in `year`, each line's interest split by the lender shares in effect
    on its date (rounding: every lender but the last half-up, the last the rest)."""
    log = note_log(note)
    start, end = date(year, 1, 1), date(year, 12, 31)
    ends = day_ends(log, days_needed(log, start, end))
    lines = [line for line in period_lines(log, ends, start, end) if line.kind != "event"]
    return YearEndStatement(
        heading=heading(log, "year-end", start, end),
        year=year,
        interest_paid=_total(lines, "interest"),
        principal_paid=_total(lines, "principal"),
        charges_paid=_total(lines, "charges"),
        year_end_principal=ends[end].balance.principal,
        lenders=_lender_interest(log, lines, end),
        payments=tuple(line for line in lines if line.kind != "charge"),
    )


def _lender_interest(log: NoteLog, lines: list[Line], end: date) -> tuple[LenderInterest, ...]:
    paid: dict[int, Decimal] = {}
    parties = {}
    for line in lines:
        shares = shares_in_effect(log, line.date)
        for (party, _), part in zip(shares, split_by_share(line.interest, shares), strict=True):
            paid[party.pk] = paid.get(party.pk, ZERO) + part
            parties[party.pk] = party
    at_end = shares_in_effect(log, end)
    for party, _ in at_end:
        parties.setdefault(party.pk, party)
    share_at_end = {party.pk: share for party, share in at_end}
    return tuple(
        LenderInterest(
            name=party.name,
            address=_address(party),
            tax_id_masked=party.tax_id_masked,
            share=share_at_end.get(pk, ZERO),
            interest_paid=paid.get(pk, ZERO),
        )
        for pk, party in parties.items()
    )


def _address(party: Party) -> str:
    parts = (party.address_line1, party.address_line2, party.city, party.state, party.postal_code)
    return ", ".join(part for part in parts if part)


# --- payoff ----------------------------------------------------------------------------


def payoff_letter(*, note: Note, good_through: date) -> PayoffLetter:
    """The payoff amount on `good_through` (interest for the days before it)."""
    log = note_log(note)
    payoff = snapshots(log.terms, log.events, [good_through])[good_through].payoff
    return PayoffLetter(
        heading=heading(log, "payoff", None, good_through),
        good_through=good_through,
        principal=payoff.principal,
        interest=payoff.interest,
        charges=payoff.charges,
        held=payoff.held,
        payoff_amount=payoff.payoff_amount,
        per_diem=payoff.per_diem,
        wiring_instructions=settings.NOTEKEEPER_WIRING_INSTRUCTIONS,
    )


# --- across notes ----------------------------------------------------------------------


def note_figures(*, note: Note, as_of: date) -> NoteFigures:
    """One note's line of the accrual report and the portfolio, at the end of `as_of`."""
    log = note_log(note)
    balance = day_ends(log, [as_of])[as_of].balance
    return NoteFigures(
        note_reference=note.reference,
        borrower=note.borrower.name,
        status=balance.status,
        principal=balance.principal,
        interest_due=balance.interest_due,
        interest_accrued=balance.interest_accrued,
        charges_due=balance.charges_due,
        payoff_amount=balance.payoff_amount,
        per_diem=balance.per_diem,
        next_due_date=balance.next_due_date,
    )


def notes_report(*, notes: Iterable[Note], as_of: date, kind: str) -> NotesReport:
    """The accrual report or the portfolio: every note at the end of `as_of`."""
    figures = tuple(note_figures(note=note, as_of=as_of) for note in notes)
    heading = across_notes(kind, len(figures), None, as_of, timezone.now())
    return NotesReport(heading=heading, notes=figures)


def across_notes(
    kind: str, count: int, start: date | None, end: date, read_at: datetime | None
) -> Heading:
    """The heading of a report across `count` notes."""
    return Heading(
        kind=kind,
        title=TITLES[kind],
        note_reference=f"{count} note{'s' if count != 1 else ''}",
        borrower="",
        lenders=(),
        interest_basis="each note's own",
        period_start=start,
        period_end=end,
        as_of=end,
        generated_at=read_at or timezone.now(),
    )
