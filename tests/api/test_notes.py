"""Notes, parties and a note's derived state through HTTP.

Figures of the seed note (185,000.00 at 12%, 30/360, accrual from 2005-12-31):
period 1 is 2005-12-31 -> 2006-02-01: D1=31 -> 30, so days = 360*1 + 30*(2-12)
+ (1-30) = 31, interest 185,000 x 0.12 x 31/360 = 1,911.666... -> 1911.67;
every later month 185,000 x 0.12 x 30/360 = 1850.00.
"""

from typing import Any

from loans.models import Note

PRINCIPAL = "185000.00"


def test_schedule_matches_the_note(cast: Any) -> None:
    response = cast["lender"].get(f"/api/notes/{cast.note.pk}/schedule/?as_of=2006-01-15")

    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 24
    assert rows[0] == {
        "number": 1,
        "period_start": "2005-12-31",
        "due_date": "2006-02-01",
        "days": 31,
        "interest": "1911.67",
        "principal": "0.00",
        "total": "1911.67",
        "paid": "0.00",
        "status": "upcoming",
        "days_late": 0,
    }
    assert {row["interest"] for row in rows[1:]} == {"1850.00"}
    assert rows[-1]["due_date"] == "2008-01-01"
    assert rows[-1]["principal"] == PRINCIPAL
    assert rows[-1]["total"] == "186850.00"


def test_balance_with_the_first_installment_unpaid(cast: Any) -> None:
    # As of 2006-02-10: installment 1 (1,911.67) is 9 days past due; interest
    # accrues from 02-01: 30/360 days 02-01 -> 02-10 = 9, 185,000 x 0.12 x 9/360
    # = 555.00. Payoff 185,000 + 1,911.67 + 555.00 = 187,466.67. Per diem
    # 185,000 x 0.12 / 360 = 61.666... -> 61.67.
    response = cast["borrower_staff"].get(f"/api/notes/{cast.note.pk}/balance/?as_of=2006-02-10")

    assert response.status_code == 200
    assert response.json() == {
        "as_of": "2006-02-10",
        "principal": PRINCIPAL,
        "interest_accrued": "555.00",
        "interest_due": "1911.67",
        "principal_due": "0.00",
        "charges_due": "0.00",
        "total_due": "1911.67",
        "payoff_amount": "187466.67",
        "held": "0.00",
        "unapplied": "0.00",
        "per_diem": "61.67",
        "days_past_due": 9,
        "next_due_date": "2006-03-01",
        "next_due_amount": "1850.00",
        "status": "past_due",
    }


def test_payoff_on_an_arbitrary_date(cast: Any) -> None:
    # Nothing paid, as of 2006-01-16: interest for 2005-12-31 -> 2006-01-16 is
    # 30/360 days (D1=31 -> 30) 16, 185,000 x 0.12 x 16/360 = 986.666... -> 986.67.
    response = cast["accountant"].get(f"/api/notes/{cast.note.pk}/payoff/?as_of=2006-01-16")

    assert response.json() == {
        "good_through": "2006-01-16",
        "principal": PRINCIPAL,
        "interest": "986.67",
        "charges": "0.00",
        "held": "0.00",
        "payoff_amount": "185986.67",
        "per_diem": "61.67",
    }


def test_a_bad_as_of_is_a_field_error(cast: Any) -> None:
    response = cast["lender"].get(f"/api/notes/{cast.note.pk}/balance/?as_of=2006-13-01")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {"as_of": ["'2006-13-01' is not a date (YYYY-MM-DD)."]},
    }


def test_note_fields_follow_the_contract(cast: Any) -> None:
    body = cast["lender"].get(f"/api/notes/{cast.note.pk}/").json()

    assert body["reference"] == "INFINITE-2005-12-31"
    assert body["principal"] == PRINCIPAL
    assert body["annual_rate"] == "12.000"
    assert body["day_count"] == "30/360"
    assert body["first_payment_date"] == "2006-02-01"
    assert body["maturity_date"] == "2008-01-01"
    assert sorted((lender["name"], lender["share"]) for lender in body["lenders"]) == [
        ("DAVID N. SLAVNY", "50.0000"),
        ("LEAH A. SLAVNY", "50.0000"),
    ]
    assert body["collateral"][0]["title"] == "Collateral Security Agreement"


def test_lists_hold_only_visible_notes(cast: Any) -> None:
    for role in ("lender", "borrower_staff", "accountant"):
        listing = cast[role].get("/api/notes/").json()
        assert (listing["count"], [n["id"] for n in listing["results"]]) == (1, [cast.note.pk])
        assert cast[role].get(f"/api/notes/{cast.foreign.pk}/").status_code == 404
        assert cast[role].get(f"/api/notes/{cast.foreign.pk}/schedule/").status_code == 404
    assert cast["servicer"].get("/api/notes/").json()["count"] == 2
    assert cast["anonymous"].get("/api/notes/").status_code == 401


def test_notes_filter_by_status_and_maturity(cast: Any) -> None:
    servicer = cast["servicer"]
    Note.objects.filter(pk=cast.foreign.pk).update(status="past_due")

    by_status = servicer.get("/api/notes/?status=past_due").json()
    by_maturity = servicer.get("/api/notes/?maturity_to=2008-12-31").json()

    assert [n["reference"] for n in by_status["results"]] == ["FOREIGN-1"]
    assert [n["reference"] for n in by_maturity["results"]] == ["INFINITE-2005-12-31"]


NEW_NOTE = {
    "reference": "ACME-2024",
    "principal": "120000.00",
    "annual_rate": "7.5",
    "day_count": "ACT/365F",
    "dated": "2024-01-15",
    "first_payment_date": "2024-02-15",
    "maturity_date": "2034-01-15",
    "repayment": "level",
    "payment_frequency_months": 1,
    "acceleration": "optional",
}


def new_note(cast: Any) -> dict[str, Any]:
    lender = cast.note.lender_shares.first().party
    return {
        **NEW_NOTE,
        "borrower": cast.note.borrower.pk,
        "lenders": [{"party": lender.pk, "share": "100"}],
    }


def test_a_servicer_boards_a_note(cast: Any) -> None:
    response = cast["servicer"].post("/api/notes/", new_note(cast), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["reference"], body["annual_rate"], body["accrual_start"]) == (
        "ACME-2024",
        "7.500",
        "2024-01-15",
    )


def test_only_a_servicer_boards(cast: Any) -> None:
    for role in ("lender", "borrower_staff", "accountant"):
        assert cast[role].post("/api/notes/", new_note(cast), format="json").status_code == 403
    assert Note.objects.count() == 2


def test_a_bad_term_is_a_field_error_and_boards_nothing(cast: Any) -> None:
    body = {**new_note(cast), "maturity_date": "2024-02-01"}

    response = cast["servicer"].post("/api/notes/", body, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input."
    assert "maturity_date" in response.json()["errors"]
    assert Note.objects.count() == 2


def test_tax_ids_are_masked_except_to_servicers(cast: Any) -> None:
    borrower = cast.note.borrower
    borrower.tax_id = "161234567"
    borrower.save()

    as_lender = cast["lender"].get(f"/api/parties/{borrower.pk}/").json()
    as_servicer = cast["servicer"].get(f"/api/parties/{borrower.pk}/").json()

    assert as_lender["tax_id"] == "***-**-4567"
    assert as_servicer["tax_id"] == "161234567"
    assert cast["lender"].get(f"/api/parties/{cast.foreign.borrower.pk}/").status_code == 404


def test_only_servicers_change_parties(cast: Any) -> None:
    borrower = cast.note.borrower
    url = f"/api/parties/{borrower.pk}/"

    refused = cast["borrower_staff"].patch(url, {"phone": "555-0100"}, format="json")
    accepted = cast["servicer"].patch(url, {"phone": "555-0100"}, format="json")

    assert (refused.status_code, accepted.status_code) == (403, 200)
    assert accepted.json()["phone"] == "555-0100"
