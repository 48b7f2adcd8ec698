"""How statements look: one renderer per format over the statement data (DESIGN 4).

HTML and PDF come from the same template (templates/statements/statement.html; the PDF
is WeasyPrint's print of that HTML), CSV and XLSX from statements/tables.py, the
journal also as a ledger-format text file. JSON is the API's serializers.
"""

import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from statements.data import Heading, Journal, NotesReport, Statement
from statements.tables import Cell, table_of

CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ledger": "text/plain; charset=utf-8",
}
STYLESHEET = "statements/statement.css"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render(statement: Statement, fmt: str) -> Rendered:
    """The statement as a file in `fmt` (html, pdf, csv, xlsx or, for journals, ledger)."""
    content = RENDERERS[fmt](statement)
    return Rendered(content, CONTENT_TYPES[fmt], f"{file_stem(statement)}.{fmt_extension(fmt)}")


def fmt_extension(fmt: str) -> str:
    return "journal" if fmt == "ledger" else fmt


def file_stem(statement: Statement) -> str:
    """INFINITE-2005-12-31-activity-2006-01-01-2006-12-31, journal-lender-2006-01-01-...,
    accrual-2006-12-31: what it is, whose, and which days."""
    heading = statement.heading
    days = [d.isoformat() for d in (heading.period_start, heading.period_end) if d]
    if isinstance(statement, Journal):
        parts = ["journal", statement.book, *days]
    elif isinstance(statement, NotesReport):
        parts = [heading.kind, heading.as_of.isoformat()]
    else:
        parts = [heading.note_reference, heading.kind, *days]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(parts))


def neutralized(text: str) -> str:
    """Text a spreadsheet will show, never run: a leading = + - @ tab or CR is quoted."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    return neutralized(str(value))


def csv_lines(columns: tuple[str, ...], rows: Iterable[tuple[Cell, ...]]) -> Iterator[bytes]:
    """A CSV file line by line, for streaming: the header, then each row as it comes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in chain([columns], ([_csv_cell(v) for v in row] for row in rows)):
        writer.writerow(row)
        yield out.getvalue().encode()
        out.seek(0)
        out.truncate()


def as_csv(statement: Statement) -> bytes:
    table = table_of(statement)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return out.getvalue().encode()


def as_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    table = table_of(statement)
    book = Workbook()
    sheet = book.active
    sheet.title = statement.heading.kind[:31]
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_cell(v) for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00;(#,##0.00)"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    _about_sheet(book.create_sheet("about"), statement.heading)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: Cell) -> object:
    return neutralized(value) if isinstance(value, str) else value


def _about_sheet(sheet: Any, heading: Heading) -> None:
    lenders = "; ".join(f"{name} {share.normalize():f}%" for name, share in heading.lenders)
    rows = [
        ("statement", heading.title),
        ("note", heading.note_reference),
        ("borrower", heading.borrower),
        ("lenders", lenders),
        ("interest basis", heading.interest_basis),
        ("period start", heading.period_start),
        ("period end", heading.period_end),
        ("as of (end of day)", heading.as_of),
        ("generated", heading.generated_at.isoformat(timespec="seconds")),
    ]
    for label, value in rows:
        sheet.append([label, _xlsx_cell(value) if value is not None else ""])


def as_html(statement: Statement) -> bytes:
    return _html(statement, for_pdf=False).encode()


def _html(statement: Statement, *, for_pdf: bool) -> str:
    heading = statement.heading
    context: dict[str, Any] = {"s": statement, "h": heading, "for_pdf": for_pdf}
    if for_pdf:  # WeasyPrint reads no URL: the stylesheet goes inside the page
        context["stylesheet"] = Path(str(finders.find(STYLESHEET))).read_text()
    return str(render_to_string(f"statements/{heading.kind}.html", context))


def as_pdf(statement: Statement) -> bytes:
    """WeasyPrint's print of the HTML page (imported here: the app runs without it)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    pdf: bytes = HTML(string=_html(statement, for_pdf=True)).write_pdf()
    return pdf


def as_ledger(statement: Statement) -> bytes:
    """The journal as a plain-text accounting journal that hledger and ledger-cli read."""
    if not isinstance(statement, Journal):
        raise ValueError("Only journals come as ledger files.")
    lines = [
        f"; {statement.heading.title}, {statement.book}'s books, "
        f"{statement.heading.period_start} to {statement.heading.period_end}",
        f"; generated {statement.heading.generated_at.isoformat(timespec='seconds')}",
        "",
    ]
    for entry in statement.entries:
        lines.append(f"{entry.date.isoformat()} * ({_plain(entry.entry_id)}) {_plain(entry.memo)}")
        lines.append(f"    ; note:{_plain(entry.note_reference)}")
        for posting in entry.postings:
            account = posting.account + (f":{_plain(posting.lender)}" if posting.lender else "")
            lines.append(f"    {_account(account)}  USD {posting.debit - posting.credit}")
        lines.append("")
    return "\n".join(lines).encode()


def _plain(text: str) -> str:
    """One line, no comment or code markers, single spaces."""
    return " ".join(re.sub(r"[;()\[\]#,]", " ", text).split())


def _account(name: str) -> str:
    """An account name: parts separated by colons, single spaces inside."""
    return ":".join(_plain(part) for part in name.split(":"))


RENDERERS = {
    "html": as_html,
    "pdf": as_pdf,
    "csv": as_csv,
    "xlsx": as_xlsx,
    "ledger": as_ledger,
}


def plain(value: object) -> object:
    """The statement data as JSON-ready values: money and dates as text (what the
    month-end close stores, byte for byte)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Decimal | date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value
