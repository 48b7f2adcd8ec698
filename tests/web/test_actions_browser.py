"""In Chromium, on the demo (business date 2007-03-15, installments 1-14 paid): borrower
staff preview and record a payment, double-click, go back and resubmit, reload, and print
the receipt, with one payment posted; the lender confirms it; the servicer reverses it and
installment 15 is unpaid again. axe-core finds no serious or critical violation, and at
375 px nothing is wider than the viewport.

By hand: 1,850.00 received 2007-03-15 pays nothing due (nothing is) and does not pay the
note off, so it is held for installment 15 (due 2007-04-01, 185,000.00 x 12% x 30/360 =
1,850.00) and applied to its interest on that date (DESIGN 3.4 step 5).
"""

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from payments.models import Payment, PaymentConfirmation, PaymentReversal
from tests.web.browsing import log_in, overflowing
from tests.web.conftest import SCREENSHOTS, Demo, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
PHONE = 375


@pytest.fixture
def live_demo(live_server: Any, demo: Demo) -> tuple[str, Demo]:
    return live_server.url, demo


def serious_violations(page: Page) -> list[str]:
    violations = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def schedule_row(page: Page, *, due: str) -> Locator:
    """The note page's schedule row of the installment due on `due` (YYYY-MM-DD)."""
    due_cell = page.locator("td[data-label='Due date']", has_text=re.compile(f"^{due}$"))
    return page.locator("table.schedule tbody tr").filter(has=due_cell)


def payments_on(demo: Demo) -> int:
    return Payment.objects.filter(note=demo.note).count()


def enter_payment(page: Page, demo: Demo) -> None:
    page.goto(f"/notes/{demo.note.pk}/payments/new/")
    page.get_by_label("Amount received").fill("1,850.00")
    expect(page.get_by_label("Date received")).to_have_value("2007-03-15")
    page.get_by_label("Method").select_option("check")
    page.get_by_label("Reference").fill("check 1015")


def test_a_payment_from_entry_to_reversal(live_demo: tuple[str, Demo], browser: Browser):
    base, demo = live_demo
    page = log_in(browser, base, "borrower")
    enter_payment(page, demo)
    assert serious_violations(page) == []
    screenshot(page, "payment-form-1280")

    page.get_by_role("button", name="Preview how it will be applied").click()
    expect(page.locator("#held-note")).to_contain_text(
        "1,850.00 is held for the installment due 2007-04-01"
    )
    today, due_day = page.locator("table.allocation").all()
    expect(today.locator('[data-bucket="held"]')).to_have_text("1,850.00")
    expect(due_day.locator('[data-bucket="interest"]')).to_have_text("1,850.00")
    expect(page.locator('[data-after="payoff_amount"]')).to_have_text("184,013.33")
    assert payments_on(demo) == 14  # the preview writes nothing
    assert serious_violations(page) == []
    screenshot(page, "payment-preview-1280")

    page.get_by_role("button", name="Record this payment").dblclick()
    expect(page.get_by_role("heading", name="Payment receipt")).to_be_visible()
    receipt_url = page.url
    assert payments_on(demo) == 15  # a double click posts once

    page.reload()
    page.go_back()  # the preview page, with the same token
    page.get_by_role("button", name="Record this payment").click()
    expect(page.locator("ul.messages")).to_contain_text("it was not posted twice")
    assert page.url == receipt_url
    assert payments_on(demo) == 15

    expect(page.get_by_role("button", name="Print this receipt")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "receipt-1280")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this receipt")).to_be_hidden()
    expect(page.locator("[data-field=amount]")).to_have_text("1,850.00")
    page.pdf(path=str(SCREENSHOTS / "receipt.pdf"))
    screenshot(page, "receipt-print")

    # The lender finds the payment on the note page and confirms it from there.
    lender = log_in(browser, base, "lender")
    lender.goto(f"/notes/{demo.note.pk}/")
    lender.get_by_role("link", name="Confirm or dispute 1,850.00 received 2007-03-15").click()
    lender.get_by_label("I confirm we received it").check()
    lender.get_by_role("button", name="Send my answer").click()
    expect(lender.locator("ul.confirmations")).to_contain_text("DAVID N. SLAVNY: confirmed")
    assert PaymentConfirmation.objects.get().confirmed is True

    # As of its due date, 2007-04-01, installment 15 is paid by the held 1,850.00.
    servicer = log_in(browser, base, "servicer")
    servicer.goto(f"/notes/{demo.note.pk}/?as_of=2007-04-01")
    due = schedule_row(servicer, due="2007-04-01")
    expect(due.locator("td[data-label=Paid]")).to_have_text("1,850.00")
    expect(due.locator("td[data-label=Status] .badge")).to_have_text("Paid")
    servicer.get_by_role("link", name="Reverse 1,850.00 received 2007-03-15").click()
    servicer.get_by_label("Reason").fill("Check returned unpaid")
    servicer.get_by_role("button", name="Show what changes").click()
    row = servicer.locator('tr[data-installment="15"]')
    expect(row.locator("[data-paid-after]")).to_have_text("0.00")
    expect(row).to_contain_text("Upcoming")
    servicer.get_by_role("button", name="Reverse this payment").click()
    expect(servicer.locator("#reversed")).to_contain_text("Reversed on 2007-03-15")
    # The note page's schedule shows installment 15 unpaid again on its due date.
    servicer.goto(f"/notes/{demo.note.pk}/?as_of=2007-04-01")
    due = schedule_row(servicer, due="2007-04-01")
    expect(due.locator("td[data-label=Paid]")).to_have_text("0.00")
    expect(due.locator("td[data-label=Status] .badge")).not_to_have_text("Paid")
    assert PaymentReversal.objects.count() == 1

    schedule = servicer.request.get(f"/api/notes/{demo.note.pk}/schedule/").json()
    installment = next(row for row in schedule if row["number"] == 15)
    assert (installment["paid"], installment["status"]) == ("0.00", "upcoming")


def test_pages_fit_a_phone_and_pass_axe(live_demo: tuple[str, Demo], browser: Browser):
    base, demo = live_demo
    page = log_in(browser, base, "borrower", width=PHONE)
    enter_payment(page, demo)
    assert overflowing(page) == []
    screenshot(page, "payment-form-375")
    page.get_by_role("button", name="Preview how it will be applied").click()
    assert overflowing(page) == []
    screenshot(page, "payment-preview-375")
    page.get_by_role("button", name="Record this payment").click()
    expect(page.get_by_role("heading", name="Payment receipt")).to_be_visible()
    assert overflowing(page) == []
    screenshot(page, "receipt-375")

    for path in (f"/notes/{demo.note.pk}/statements/", "/statements/"):
        page.goto(path)
        assert overflowing(page) == [], path
        assert serious_violations(page) == [], path
    screenshot(page, "statements-375")

    accountant = log_in(browser, base, "accountant", width=PHONE)
    accountant.goto("/statements/")
    expect(accountant.get_by_role("heading", name="Journal entries")).to_be_visible()
    assert overflowing(accountant) == []
    assert serious_violations(accountant) == []
    screenshot(accountant, "statements-accountant-375")
    accountant.goto(f"/notes/{demo.note.pk}/statements/")
    screenshot(accountant, "note-statements-375")

    servicer = log_in(browser, base, "servicer", width=PHONE)
    march = Payment.objects.get(note=demo.note, received_on="2007-03-01")
    servicer.goto(f"/payments/{march.pk}/reverse/")
    servicer.get_by_label("Reason").fill("Check returned unpaid")
    servicer.get_by_role("button", name="Show what changes").click()
    expect(servicer.get_by_role("heading", name="Check the reversal")).to_be_visible()
    assert overflowing(servicer) == []
    assert serious_violations(servicer) == []
    screenshot(servicer, "reversal-preview-375")
    servicer.goto("/notes/new/")
    assert overflowing(servicer) == []
    assert serious_violations(servicer) == []


def test_the_accountant_downloads_the_2006_year_end_statement_and_the_journal(
    live_demo: tuple[str, Demo], browser: Browser
):
    """From the home page, as a user clicks. By hand, on the demo: installments 1-11
    fall due in 2006 and are paid in 2006 (installment 8 late, still in 2006): interest
    paid 1,911.67 + 10 x 1,850.00 = 20,411.67, half to each of the two lenders:
    10,205.84 and 10,205.83 (the odd cent to the first). Interest earned in 2006 under
    30/360: 185,000.00 x 12% x 360/360 = 22,200.00."""
    base, demo = live_demo
    page = log_in(browser, base, "accountant")
    page.get_by_role("link", name=f"Statements of {demo.note.reference}").click()
    assert serious_violations(page) == []
    screenshot(page, "note-statements-1280")
    year_end = page.locator("form", has=page.get_by_role("heading", name="Year-end"))
    expect(year_end.get_by_label("Year")).to_have_value("2006-12-31")  # the last year ended
    with page.expect_download() as pdf_download:
        year_end.get_by_role("button", name="PDF").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.endswith("year-end-2006-01-01-2006-12-31.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    for figure in ("20,411.67", "10,205.84", "10,205.83", "Year-end interest statement"):
        assert figure in text

    page.goto("/")
    page.get_by_role("link", name="Statements and exports").click()
    screenshot(page, "statements-1280")
    journal = page.locator("form", has=page.get_by_role("heading", name="Journal entries"))
    journal.get_by_label("From").fill("2006-01-01")
    journal.get_by_label("To").fill("2006-12-31")
    with page.expect_download() as xlsx_download:
        journal.get_by_role("button", name="Excel (XLSX)").click()
    xlsx = xlsx_download.value
    assert xlsx.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.path().read_bytes()))["journal"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    income = sum(Decimal(str(r[4])) for r in rows if r[2] == "Income:Interest income")
    assert income == Decimal("22200.00")
    assert sum(Decimal(str(r[3])) for r in rows) == sum(Decimal(str(r[4])) for r in rows)
    assert {r[5] for r in rows} == {demo.note.reference}
