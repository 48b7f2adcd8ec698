"""Statements, the journal export and the watchlist through HTTP, as JSON and CSV.

Seed note: installment 1 is 1,911.67, later ones 1,850.00 (see test_notes.py).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from payments.services import payment_record


def pay_installments(cast: Any, through: date) -> None:
    """Pay installments on their due dates, 2006-02-01 through `through`."""
    user = cast.note.borrower.memberships.first().user
    due, number = date(2006, 2, 1), 1
    while due <= through:
        amount = Decimal("1911.67") if number == 1 else Decimal("1850.00")
        payment_record(
            note=cast.note, received_on=due, amount=amount, method="check", entered_by=user
        )
        due, number = date(2006, 2, 1) + relativedelta(months=number), number + 1


def statement(cast: Any, kind: str, query: str = "", role: str = "accountant") -> Any:
    return cast[role].get(f"/api/notes/{cast.note.pk}/statements/{kind}/?{query}")


def test_billing_statement_for_a_due_date(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 2, 1))

    body = statement(cast, "billing", "to=2006-03-01").json()

    assert (body["due_date"], body["as_of"]) == ("2006-03-01", "2006-03-01")
    assert body["installment"]["total"] == "1850.00"
    assert (body["current_due"], body["past_due"], body["amount_due"]) == (
        "1850.00",
        "0.00",
        "1850.00",
    )
    assert body["principal_balance"] == "185000.00"
    # The 02-01 payment belongs to the previous statement; 1,911.67 was paid in 2006.
    assert body["payments_since_last_statement"] == []
    assert body["interest_paid_year_to_date"] == "1911.67"


def test_activity_statement_reconciles(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 3, 1))

    body = statement(cast, "activity", "from=2006-02-01&to=2006-03-31").json()

    # Opening (end of 01-31): 30 days of 30/360 interest accrued (D1=31 -> 30,
    # D2=31 -> 30): 1,850.00. Closing (03-31): 03-01 -> 03-31 is 30 days: 1,850.00.
    assert body["opening"]["interest_accrued"] == "1850.00"
    assert body["closing"]["interest_accrued"] == "1850.00"
    assert [(p["received_on"], p["allocation"]["interest"]) for p in body["payments"]] == [
        ("2006-02-01", "1911.67"),
        ("2006-03-01", "1850.00"),
    ]
    assert body["principal"] == {
        "opening": "185000.00",
        "increases": "0.00",
        "decreases": "0.00",
        "closing": "185000.00",
    }
    # Interest: 1,850.00 + earned - 3,761.67 paid = 1,850.00, so earned is 3,761.67.
    assert body["interest"] == {
        "opening": "1850.00",
        "increases": "3761.67",
        "decreases": "3761.67",
        "closing": "1850.00",
    }


def test_a_reversal_shows_as_a_reallocation_and_reconciles(cast: Any) -> None:
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

    [moved] = body["reallocations"]
    assert (moved["payment_id"], moved["allocation"]["interest"]) == (payment_id, "-1911.67")
    # Installment 1 is unpaid again: interest due 1,911.67 at the close.
    assert body["closing"]["interest_due"] == "1911.67"
    assert body["interest"]["decreases"] == "-1911.67"


def test_year_end_interest_split_by_lender_share(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 12, 1))

    body = statement(cast, "year-end", "to=2006-12-31").json()

    # 2006: 1,911.67 + 10 x 1,850.00 = 20,411.67 of interest. Half is 10,205.835:
    # the first lender's share rounds half-up to 10,205.84, the rest 10,205.83.
    assert body["interest_paid"] == "20411.67"
    assert body["principal_paid"] == "0.00"
    assert body["year_end_principal"] == "185000.00"
    assert sorted(lender["interest_paid"] for lender in body["lenders"]) == ["10205.83", "10205.84"]


def test_payoff_letter(cast: Any) -> None:
    body = statement(cast, "payoff", "to=2006-01-16").json()

    # 2005-12-31 -> 2006-01-16 is 16 days of 30/360: 185,000 x 0.12 x 16/360 = 986.67.
    assert (body["good_through"], body["payoff_amount"], body["per_diem"]) == (
        "2006-01-16",
        "185986.67",
        "61.67",
    )


def test_statement_as_csv(cast: Any) -> None:
    response = statement(cast, "payoff", "to=2006-01-16&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "payoff_amount,185986.67" in response.content.decode()


def test_unknown_statement_kind_and_format(cast: Any) -> None:
    assert statement(cast, "tax").status_code == 404
    assert statement(cast, "payoff", "format=doc").json()["errors"] == {
        "format": ["Choose one of json, csv."]
    }


def test_statements_of_a_hidden_note_are_not_found(cast: Any) -> None:
    response = cast["accountant"].get(f"/api/notes/{cast.foreign.pk}/statements/billing/")

    assert response.status_code == 404


def test_journal_debits_equal_credits(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 2, 1))

    body = (
        cast["accountant"]
        .get("/api/exports/journal/?from=2006-02-01&to=2006-02-28&book=lender")
        .json()
    )

    assert [(e["date"], e["memo"].split()[0]) for e in body["entries"]] == [
        ("2006-02-01", "Payment"),
        ("2006-02-28", "Interest"),
    ]
    # February: a payment of 1,911.67 to interest receivable, and 1,850.00 of
    # interest earned (30/360: 02-01 -> 03-01 is 30 days).
    amounts = {e["memo"].split()[0]: e["lines"] for e in body["entries"]}
    assert [(line["account"], line["debit"], line["credit"]) for line in amounts["Interest"]] == [
        ("Interest receivable", "1850.00", "0.00"),
        ("Interest income", "0.00", "1850.00"),
    ]
    assert [(line["account"], line["debit"], line["credit"]) for line in amounts["Payment"]] == [
        ("Cash", "1911.67", "0.00"),
        ("Interest receivable", "0.00", "1911.67"),
    ]
    for entry in body["entries"]:
        debits = sum(Decimal(line["debit"]) for line in entry["lines"])
        credits = sum(Decimal(line["credit"]) for line in entry["lines"])
        assert debits == credits


def test_only_exporters_get_the_journal(cast: Any) -> None:
    query = "/api/exports/journal/?book=borrower"

    assert cast["lender"].get(query).status_code == 403
    assert cast["borrower_staff"].get(query).status_code == 403
    assert cast["accountant"].get("/api/exports/journal/?book=both").status_code == 400


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
