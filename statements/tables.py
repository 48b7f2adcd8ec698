"""Statements as tables: explicit columns, one row per line item (DESIGN 4).

CSV and XLSX are written from these (pretix's ListExporter idea): each statement kind
names its columns once; a row is a tuple of str, Decimal, date or None.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from statements.data import (
    ActivityStatement,
    BillingStatement,
    Journal,
    Line,
    NoteFigures,
    NotesReport,
    PayoffLetter,
    Statement,
    YearEndStatement,
)

Cell = str | Decimal | date | int | None
LINE_COLUMNS = (
    "date", "kind", "description", "reference", "amount",
    "charges", "interest", "principal", "held", "unapplied",
)  # fmt: skip


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _line_row(line: Line) -> tuple[Cell, ...]:
    return (
        line.date, line.kind, line.description, line.reference, line.amount,
        line.charges, line.interest, line.principal, line.held, line.unapplied,
    )  # fmt: skip


def billing_table(s: BillingStatement) -> Table:
    due, n = s.due_date, s.installment_number
    rows: list[tuple[Cell, ...]] = [
        (due, "installment", f"Installment {n} interest", "", s.installment_interest),
        (due, "installment", f"Installment {n} principal", "", s.installment_principal),
        (due, "installment", f"Installment {n} paid or held", "", -s.paid_towards_installment),
        (due, "past_due", "Past due from earlier installments and charges", "", s.past_due),
        (due, "total", "Amount due", "", s.amount_due),
    ]  # fmt: skip
    rows += [
        (line.date, line.kind, line.description, line.reference, line.amount)
        for line in s.payments_since_last_statement
    ]
    return Table(("date", "kind", "item", "reference", "amount"), rows)


def activity_table(s: ActivityStatement) -> Table:
    return Table(LINE_COLUMNS, [_line_row(line) for line in s.lines])


def year_end_table(s: YearEndStatement) -> Table:
    columns = ("year", "note", "lender", "address", "tax_id", "share_percent", "interest_paid")
    rows: list[tuple[Cell, ...]] = [
        (s.year, s.heading.note_reference, lender.name, lender.address,
         lender.tax_id_masked, lender.share, lender.interest_paid)
        for lender in s.lenders
    ]  # fmt: skip
    return Table(columns, rows)


def payoff_table(s: PayoffLetter) -> Table:
    on = s.good_through
    rows: list[tuple[Cell, ...]] = [
        (on, "Principal", s.principal),
        (on, "Interest", s.interest),
        (on, "Charges", s.charges),
        (on, "Less money held", -s.held),
        (on, "Payoff amount", s.payoff_amount),
        (on, "Per diem after the good-through date", s.per_diem),
    ]
    return Table(("good_through", "item", "amount"), rows)


def journal_table(s: Journal) -> Table:
    columns = ("date", "entry_id", "account", "debit", "credit", "note", "lender", "memo")
    rows: list[tuple[Cell, ...]] = [
        (e.date, e.entry_id, p.account, p.debit, p.credit, e.note_reference, p.lender, e.memo)
        for e in s.entries
        for p in e.postings
    ]
    return Table(columns, rows)


NOTES_COLUMNS = (
    "as_of", "note", "borrower", "status", "principal", "interest_due",
    "interest_accrued", "charges_due", "payoff_amount", "per_diem", "next_due_date",
)  # fmt: skip


def note_row(as_of: date, n: NoteFigures) -> tuple[Cell, ...]:
    return (
        as_of, n.note_reference, n.borrower, n.status, n.principal, n.interest_due,
        n.interest_accrued, n.charges_due, n.payoff_amount, n.per_diem, n.next_due_date,
    )  # fmt: skip


def notes_table(s: NotesReport) -> Table:
    return Table(NOTES_COLUMNS, [note_row(s.heading.as_of, n) for n in s.notes])


def table_of(statement: Statement) -> Table:
    if isinstance(statement, BillingStatement):
        return billing_table(statement)
    if isinstance(statement, ActivityStatement):
        return activity_table(statement)
    if isinstance(statement, YearEndStatement):
        return year_end_table(statement)
    if isinstance(statement, PayoffLetter):
        return payoff_table(statement)
    if isinstance(statement, Journal):
        return journal_table(statement)
    return notes_table(statement)
