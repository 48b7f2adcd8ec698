"""The API's edges, each found once by Schemathesis: every answer is JSON in the
error shape of DESIGN 6, and nothing malformed is silently taken as something else."""

from typing import Any

import pytest


def test_an_unknown_api_path_is_a_json_404(cast: Any) -> None:
    for path in ("/api/nothing/", "/api/notes/1234567890123456789012/", "/api/notes/x%0A/payoff/"):
        response = cast["lender"].get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "No such API path.", "errors": {}}


def test_an_unknown_path_needs_no_csrf_token_to_be_told_so(cast: Any) -> None:
    response = cast["lender"].patch("/api/parties/null/", {}, format="json")

    assert response.status_code == 404


@pytest.mark.parametrize("query", ["as_of=", "as_of=2006-02-30"])
def test_an_empty_or_impossible_date_is_refused(cast: Any, query: str) -> None:
    response = cast["lender"].get(f"/api/notes/{cast.note.pk}/balance/?{query}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["as_of"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("maturity_to=", "maturity_to"),
        ("borrower=-1.5e242", "borrower"),
        ("borrower=0", "borrower"),
    ],
)
def test_bad_note_filters_are_field_errors(cast: Any, query: str, field: str) -> None:
    response = cast["servicer"].get(f"/api/notes/?{query}")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_boolean_filter_takes_only_true_or_false(cast: Any) -> None:
    url = f"/api/notes/{cast.note.pk}/payments/"

    assert cast["lender"].get(url + "?reversed=null").status_code == 400
    assert cast["lender"].get(url + "?reversed=false").status_code == 200


def test_a_huge_id_in_a_body_is_a_field_error(cast: Any) -> None:
    body = {"confirmed": True, "lender_party": 10**27}
    payment = cast["borrower_staff"].post(
        f"/api/notes/{cast.note.pk}/payments/",
        {"received_on": "2006-02-01", "amount": "1911.67", "method": "check"},
        format="json",
    )

    response = cast["lender"].post(
        f"/api/payments/{payment.json()['id']}/confirm/", body, format="json"
    )

    assert response.status_code == 400
    assert "lender_party" in response.json()["errors"]


def test_only_json_bodies_are_read(cast: Any) -> None:
    # A form-encoded body could drop a boolean and have it read as false.
    response = cast["borrower_staff"].post(
        f"/api/notes/{cast.note.pk}/payments/",
        "received_on=2006-02-01&amount=1911.67&method=check",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 415
    assert set(response.json()) == {"detail", "errors"}


def test_sums_larger_than_any_stored_amount_are_reported(cast: Any) -> None:
    # Two overpayments of 999,999,999,999.99 (the largest numeric(14,2)) leave
    # more than that unapplied: 1,999,999,999,999.98 less the 185,000.00 of
    # principal and the 1,911.67 of interest due on 2006-02-01 that they pay.
    for _ in range(2):
        cast["borrower_staff"].post(
            f"/api/notes/{cast.note.pk}/payments/",
            {"received_on": "2006-02-01", "amount": "999999999999.99", "method": "wire"},
            format="json",
        )

    balance = cast["lender"].get(f"/api/notes/{cast.note.pk}/balance/?as_of=2006-02-01").json()

    assert balance["unapplied"] == "1999999813088.31"
    assert balance["status"] == "paid_off"


def test_a_page_parameter_needs_a_number(cast: Any) -> None:
    url = f"/api/notes/{cast.note.pk}/charges/"

    assert cast["lender"].get(url + "?page=").json()["errors"] == {"page": ["Give a page number."]}
    assert cast["lender"].get(url + "?page=9").status_code == 404
    assert cast["lender"].get(url + "?page=1").json()["count"] == 0
