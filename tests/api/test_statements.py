"""Statements, the exports and the watchlist through HTTP: formats, content negotiation,
file names, periods and who may ask.

Seed note: 185,000.00 at 12% under 30/360; installment 1 (2005-12-31 -> 2006-02-01,
31 days) is 1,911.67, every later one 1,850.00 (185,000 x 0.12 / 12).
"""

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from payments.services import payment_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pay_installments(cast: Any, through: date, reference: str = "") -> None:
    """Pay installments on their due dates, 2006-02-01 through `through`."""
    user = cast.note.borrower.memberships.first().user
    due, number = date(2006, 2, 1), 1
    while due <= through:
        amount = Decimal("1911.67") if number == 1 else Decimal("1850.00")
        payment_record(
            note=cast.note,
            received_on=due,
            amount=amount,
            method="check",
            reference=reference,
            entered_by=user,
        )
        due, number = date(2006, 2, 1) + relativedelta(months=number), number + 1


def statement(
    cast: Any, kind: str, query: str = "", role: str = "accountant", **headers: str
) -> Any:
    return cast[role].get(f"/api/notes/{cast.note.pk}/statements/{kind}/?{query}", **headers)


def test_billing_statement_for_a_due_date(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 2, 1))

    body = statement(cast, "billing", "to=2006-03-01").json()

    assert (body["due_date"], body["heading"]["as_of"]) == ("2006-03-01", "2006-03-01")
    assert (body["installment_number"], body["installment_interest"]) == (2, "1850.00")
    assert (body["current_due"], body["past_due"], body["amount_due"]) == (
        "1850.00",
        "0.00",
        "1850.00",
    )
    assert body["principal_balance"] == "185000.00"
    # The 02-01 payment belongs to the previous statement; 1,911.67 was paid in 2006.
    assert body["payments_since_last_statement"] == []
    assert body["interest_paid_year_to_date"] == "1911.67"


def test_every_statement_carries_its_heading(cast: Any) -> None:
    heading = statement(cast, "activity", "from=2006-01-01&to=2006-01-31").json()["heading"]

    assert heading["note_reference"] == "INFINITE-2005-12-31"
    assert heading["borrower"] == "INFINITE GROUP, INC."
    assert [lender["share"] for lender in heading["lenders"]] == ["50.0000", "50.0000"]
    assert "30/360" in heading["interest_basis"]
    assert (heading["period_start"], heading["period_end"], heading["as_of"]) == (
        "2006-01-01",
        "2006-01-31",
        "2006-01-31",
    )
    assert heading["generated_at"]


def test_a_reversal_shows_on_its_date_and_reconciles(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 2, 1))
    payment_id = (
        cast["lender"].get(f"/api/notes/{cast.note.pk}/payments/").json()["results"][0]["id"]
    )
    cast["servicer"].post(
        f"/api/payments/{payment_id}/reverse/",
        {"reversed_on": "2006-02-20", "reason": "NSF"},
        format="json",
    )

    body = statement(cast, "activity", "from=2006-02-10&to=2006-02-28").json()

    [reversal] = body["lines"]
    assert (reversal["date"], reversal["kind"], reversal["amount"], reversal["interest"]) == (
        "2006-02-20",
        "reversal",
        "-1911.67",
        "-1911.67",
    )
    # Opening (end of 02-09): 02-01..02-09 is 9 days: 185,000 x 0.12 x 9/360 = 555.00.
    # Earned 02-10..02-28: 30/360 02-10 -> 03-01 is 21 days: 1,295.00.
    # Closing: installment 1 unpaid again (1,911.67 due) + 1,850.00 accrued through 02-28.
    # 555.00 + 1,295.00 - (-1,911.67) = 3,761.67 = 1,911.67 + 1,850.00.
    interest = body["reconciliations"][1]
    assert (interest["opening"], interest["increases"], interest["decreases"]) == (
        "555.00",
        "1295.00",
        "-1911.67",
    )
    assert (body["closing"]["interest_due"], body["closing"]["interest_accrued"]) == (
        "1911.67",
        "1850.00",
    )
    assert interest["difference"] == "0.00"
    assert body["reconciles"] is True


def test_payoff_letter(cast: Any, settings: Any) -> None:
    settings.NOTEKEEPER_WIRING_INSTRUCTIONS = "ABA 021000021, account 12345"

    body = statement(cast, "payoff", "to=2006-01-16").json()

    # 2005-12-31 -> 2006-01-16 is 16 days of 30/360: 185,000 x 0.12 x 16/360 = 986.67;
    # per diem 185,000 x 0.12 / 360 = 61.666... -> 61.67.
    assert (body["good_through"], body["payoff_amount"], body["per_diem"]) == (
        "2006-01-16",
        "185986.67",
        "61.67",
    )
    assert body["wiring_instructions"] == "ABA 021000021, account 12345"


@pytest.mark.parametrize(
    ("query", "accept", "content_type", "extension", "starts"),
    [
        ("format=csv", "", "text/csv", "csv", b"date,kind,description"),
        ("", "text/csv", "text/csv", "csv", b"date,kind,description"),
        ("", "application/pdf", "application/pdf", "pdf", b"%PDF-"),
        ("format=pdf", "", "application/pdf", "pdf", b"%PDF-"),
        ("", XLSX, XLSX, "xlsx", b"PK"),
        ("format=xlsx", "", XLSX, "xlsx", b"PK"),
        ("", "text/html,application/xhtml+xml,*/*;q=0.8", "text/html", "html", b"<!DOCTYPE html>"),
        ("format=html", "", "text/html", "html", b"<!DOCTYPE html>"),
    ],
)
def test_formats_by_query_or_accept_header(
    cast: Any, query: str, accept: str, content_type: str, extension: str, starts: bytes
) -> None:
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = statement(cast, "activity", f"from=2006-01-01&to=2006-12-31&{query}", **headers)

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert response.content.startswith(starts)
    name = f"INFINITE-2005-12-31-activity-2006-01-01-2006-12-31.{extension}"
    assert f'filename="{name}"' in response["Content-Disposition"]


def test_json_by_default_and_for_any_type(cast: Any) -> None:
    response = statement(cast, "payoff", "to=2006-01-16", HTTP_ACCEPT="*/*")

    assert response["Content-Type"] == "application/json"
    assert response.json()["payoff_amount"] == "185986.67"


def test_unknown_statement_kind_and_format(cast: Any) -> None:
    assert statement(cast, "tax").status_code == 404
    response = statement(cast, "payoff", "format=doc")
    assert response.status_code == 400
    assert response.json()["errors"] == {"format": ["Choose one of json, html, pdf, csv, xlsx."]}
    assert statement(cast, "payoff", "format=ledger").status_code == 400


@pytest.mark.parametrize("accept", ["image/png", "text/plain"])  # text/plain: journals only
def test_an_unacceptable_type_answers_406_in_json(cast: Any, accept: str) -> None:
    response = statement(cast, "payoff", HTTP_ACCEPT=accept)

    assert response.status_code == 406
    assert set(response.json()) == {"detail", "errors"}


def test_the_ledger_file_by_accept_header(cast: Any) -> None:
    response = cast["accountant"].get(
        "/api/exports/journal/?book=lender&from=2006-01-01&to=2006-01-31", HTTP_ACCEPT="text/plain"
    )

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    # January: 1,911.67 through 01-31 less the 61.67 of 12-31 before the period: 1,850.00.
    assert "Income:Interest income:DAVID N. SLAVNY  USD -925.00" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "from=2006-01-01&to=2016-01-01",  # one day more than 10 years
        "from=2006-01-01&to=9999-12-31",
        "from=0001-01-01&to=2006-01-01",
        "from=2006-02-01&to=2006-01-31",
    ],
)
def test_periods_are_capped_and_sane(cast: Any, query: str) -> None:
    activity = statement(cast, "activity", query)
    journal = cast["accountant"].get(f"/api/exports/journal/?book=lender&{query}")

    assert (activity.status_code, journal.status_code) == (400, 400)
    assert "to" in activity.json()["errors"] or "from" in activity.json()["errors"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_single_dates_are_sane(cast: Any, day: str) -> None:
    assert statement(cast, "payoff", f"to={day}").status_code == 400
    assert statement(cast, "billing", f"to={day}").status_code == 400
    assert cast["accountant"].get(f"/api/exports/accrual/?as_of={day}").status_code == 400


def test_ten_years_exactly_is_allowed(cast: Any) -> None:
    response = cast["accountant"].get(
        "/api/exports/journal/?book=borrower&from=2006-01-01&to=2015-12-31&format=csv"
    )

    assert response.status_code == 200


def test_spreadsheet_cells_are_neutralized(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 2, 1), reference='=HYPERLINK("http://x.test")')

    text = statement(cast, "activity", "from=2006-02-01&to=2006-02-28&format=csv").content.decode()
    [row] = list(csv.DictReader(io.StringIO(text)))

    assert row["reference"] == '\'=HYPERLINK("http://x.test")'
    assert row["amount"] == "1911.67"  # numbers keep their sign and value


def test_statements_of_a_hidden_note_are_not_found(cast: Any) -> None:
    response = cast["accountant"].get(f"/api/notes/{cast.foreign.pk}/statements/billing/")

    assert response.status_code == 404


def test_journal_lines_are_split_by_lender_and_balance(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 2, 1))

    body = (
        cast["accountant"]
        .get("/api/exports/journal/?from=2006-02-01&to=2006-02-28&book=lender")
        .json()
    )

    payment_id = cast.note.payments.get().pk
    assert [(e["date"], e["memo"]) for e in body["entries"]] == [
        ("2006-02-01", f"Payment {payment_id} (check)"),
        ("2006-02-28", "Interest accrued"),
    ]
    payment, accrual = body["entries"]
    # 1,911.67 / 2 = 955.835: the first lender 955.84 (half-up), the last the rest 955.83.
    assert [
        (p["account"], p["debit"], p["credit"], p["lender"][:4]) for p in payment["postings"]
    ] == [
        ("Assets:Cash", "955.84", "0.00", "DAVI"),
        ("Assets:Interest receivable", "0.00", "955.84", "DAVI"),
        ("Assets:Cash", "955.83", "0.00", "LEAH"),
        ("Assets:Interest receivable", "0.00", "955.83", "LEAH"),
    ]
    # February's interest: 30/360 02-01 -> 03-01 is 30 days: 1,850.00, 925.00 each.
    assert [(p["account"], p["debit"], p["credit"]) for p in accrual["postings"]] == [
        ("Assets:Interest receivable", "925.00", "0.00"),
        ("Income:Interest income", "0.00", "925.00"),
    ] * 2
    for entry in body["entries"]:
        debits = sum(Decimal(p["debit"]) for p in entry["postings"])
        credits = sum(Decimal(p["credit"]) for p in entry["postings"])
        assert debits == credits


def test_only_exporters_get_the_journal_and_the_accrual_report(cast: Any) -> None:
    for path in ("/api/exports/journal/?book=borrower", "/api/exports/accrual/"):
        assert cast["lender"].get(path).status_code == 403
        assert cast["borrower_staff"].get(path).status_code == 403
    assert cast["accountant"].get("/api/exports/journal/?book=both").status_code == 400


def test_accrual_report_per_note(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 2, 1))

    body = cast["accountant"].get("/api/exports/accrual/?as_of=2006-02-28").json()

    # Through 02-28 under 30/360 (02-01 -> 03-01 is 30 days): 1,850.00 accrued, nothing due.
    [note] = body["notes"]
    assert (note["note_reference"], note["interest_due"], note["interest_accrued"]) == (
        "INFINITE-2005-12-31",
        "0.00",
        "1850.00",
    )
    response = cast["accountant"].get("/api/exports/accrual/?as_of=2006-02-28&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="accrual-2006-02-28.csv"'
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["note"], r["interest_accrued"]) for r in rows] == [
        ("INFINITE-2005-12-31", "1850.00")
    ]


def test_portfolio_lists_only_what_the_user_may_see(cast: Any) -> None:
    lender = cast["lender"].get("/api/exports/portfolio/?as_of=2006-01-31").json()
    servicer = cast["servicer"].get("/api/exports/portfolio/?as_of=2006-01-31").json()

    assert [n["note_reference"] for n in lender["notes"]] == ["INFINITE-2005-12-31"]
    assert [n["note_reference"] for n in servicer["notes"]] == [
        "FOREIGN-1",
        "INFINITE-2005-12-31",
    ]


def test_watchlist_shows_the_dates_that_matter(cast: Any, settings: Any) -> None:
    settings.NOTEKEEPER_BUSINESS_DATE = "2006-02-05"
    lender = cast["lender"]
    events = f"/api/notes/{cast.note.pk}/events/"
    lender.post(events, {"kind": "bankruptcy_involuntary", "date": "2006-02-01"}, format="json")
    lender.post(events, {"kind": "default_notice", "date": "2006-02-05"}, format="json")

    body = lender.get("/api/watchlist/").json()

    # Cure deadline 02-05 + 10 = 02-15; next installment 03-01; day 90 of the
    # involuntary case filed 02-01 is 05-02.
    assert body["as_of"] == "2006-02-05"
    assert [(i["kind"], i["date"]) for i in body["results"]] == [
        ("cure_deadline", "2006-02-15"),
        ("next_due", "2006-03-01"),
        ("clock_deadline", "2006-05-02"),
    ]
    assert {i["note_reference"] for i in body["results"]} == {"INFINITE-2005-12-31"}
