"""The files accountants keep: read back with openpyxl, pypdf and the csv module, and
their figures checked (seed note paid on time through 2006-12-01; see test_year_end and
test_activity for how 20,411.67, 10,205.84 / 10,205.83 and 22,200.00 are worked out)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from payments.services import charge_record
from statements.journal import journal
from statements.render import render
from statements.selectors import activity_statement, year_end_statement
from tests.statements.conftest import pay_on_time


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_year_end_pdf_says_the_figures(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 12, 1))

    rendered = render(year_end_statement(note=cast.note, year=2006), "pdf")
    text = pdf_text(rendered.content)

    assert rendered.filename == "INFINITE-2005-12-31-year-end-2006-01-01-2006-12-31.pdf"
    for figure in ("20,411.67", "10,205.84", "10,205.83", "185,000.00"):
        assert figure in text
    for words in ("Year-end interest statement", "INFINITE-2005-12-31", "DAVID N. SLAVNY",
                  "LEAH A. SLAVNY", "30/360", "end of 2006-12-31"):  # fmt: skip
        assert words in text


def test_activity_pdf_and_html_come_from_one_template(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 12, 1))
    statement = activity_statement(note=cast.note, start=date(2006, 1, 1), end=date(2006, 12, 31))

    text = pdf_text(render(statement, "pdf").content)
    html = render(statement, "html").content.decode()

    for figure in ("61.67", "22,200.00", "20,411.67", "186,850.00"):
        assert figure in text and figure in html
    assert "Reconciliation" in text and "Reconciliation" in html


def test_activity_csv_has_one_row_per_item(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 3, 1))
    statement = activity_statement(note=cast.note, start=date(2006, 1, 1), end=date(2006, 3, 31))

    rows = list(csv.DictReader(io.StringIO(render(statement, "csv").content.decode())))

    assert [(r["date"], r["kind"], r["amount"], r["interest"]) for r in rows] == [
        ("2006-02-01", "payment", "1911.67", "1911.67"),
        ("2006-03-01", "payment", "1850.00", "1850.00"),
    ]


def test_journal_csv_and_xlsx_one_row_per_posting_line(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 2, 1))
    j = journal(notes=[cast.note], start=date(2006, 2, 1), end=date(2006, 2, 28), book="lender")

    rows = list(csv.DictReader(io.StringIO(render(j, "csv").content.decode())))
    sheet = load_workbook(io.BytesIO(render(j, "xlsx").content))["journal"]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]

    columns = ["date", "entry_id", "account", "debit", "credit", "note", "lender", "memo"]
    assert list(rows[0]) == columns and cells[0] == columns
    # Payment 1,911.67 split 955.84 / 955.83 (cash and receivable each), and February's
    # accrual 1,850.00 as 925.00 / 925.00: 8 posting lines.
    assert [(r["date"], r["account"], r["debit"], r["credit"]) for r in rows] == [
        ("2006-02-01", "Assets:Cash", "955.84", "0.00"),
        ("2006-02-01", "Assets:Interest receivable", "0.00", "955.84"),
        ("2006-02-01", "Assets:Cash", "955.83", "0.00"),
        ("2006-02-01", "Assets:Interest receivable", "0.00", "955.83"),
        ("2006-02-28", "Assets:Interest receivable", "925.00", "0.00"),
        ("2006-02-28", "Income:Interest income", "0.00", "925.00"),
        ("2006-02-28", "Assets:Interest receivable", "925.00", "0.00"),
        ("2006-02-28", "Income:Interest income", "0.00", "925.00"),
    ]
    assert len(cells) == 9
    assert cells[1][0] == datetime(2006, 2, 1)
    assert [Decimal(str(c[3])) for c in cells[1:]] == [Decimal(r["debit"]) for r in rows]
    assert {c[5] for c in cells[1:]} == {"INFINITE-2005-12-31"}
    about = dict(
        load_workbook(io.BytesIO(render(j, "xlsx").content))["about"].iter_rows(values_only=True)
    )
    assert about["statement"] == "Journal entries"


def test_formula_cells_are_neutralized_in_csv_and_xlsx(cast: Any, clerk: Any) -> None:
    for day, text in ((3, "=HYPERLINK(\"http://x.test\",\"x\")"), (4, "@SUM(A1)"),
                      (5, "+1+1"), (6, "-2+3"), (7, "\tTAB")):  # fmt: skip
        charge_record(
            note=cast.note, incurred_on=date(2006, 1, day), amount="10.00",
            kind="other", description=text, entered_by=clerk,
        )  # fmt: skip
    statement = activity_statement(note=cast.note, start=date(2006, 1, 1), end=date(2006, 1, 31))

    rows = list(csv.DictReader(io.StringIO(render(statement, "csv").content.decode())))
    sheet = load_workbook(io.BytesIO(render(statement, "xlsx").content))["activity"]
    xlsx_descriptions = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]

    expected = ['\'=HYPERLINK("http://x.test","x")', "'@SUM(A1)", "'+1+1", "'-2+3", "'\tTAB"]
    assert [r["description"] for r in rows] == expected
    assert xlsx_descriptions == expected
    assert all(cell.data_type == "s" for cell in sheet["C"][1:])
