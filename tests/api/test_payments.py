"""Payments, reversals, confirmations and charges through HTTP (business date 2007-03-15).

Seed note figures: installment 1 is 1,911.67 (31 days of 30/360 at 12% on
185,000.00), installment 2 is 1,850.00; see test_notes.py.
"""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments.models import Charge, Payment

INSTALLMENT_1 = {
    "received_on": "2006-02-01",
    "amount": "1911.67",
    "method": "check",
    "reference": "1001",
}
ZERO_ALLOCATION = {
    "charges": "0.00",
    "interest": "0.00",
    "principal": "0.00",
    "unapplied": "0.00",
    "held": "0.00",
    "reversed": False,
}


def payments_url(cast: Any) -> str:
    return f"/api/notes/{cast.note.pk}/payments/"


def post_payment(
    cast: Any, body: dict[str, Any], key: str | None = None, role: str = "borrower_staff"
) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return cast[role].post(payments_url(cast), body, format="json", **headers)


def test_a_payment_is_recorded_with_its_allocation(cast: Any) -> None:
    response = post_payment(cast, INSTALLMENT_1, key="chk-1001")

    assert response.status_code == 201
    body = response.json()
    assert (body["received_on"], body["amount"], body["method"], body["kind"]) == (
        "2006-02-01",
        "1911.67",
        "check",
        "regular",
    )
    assert body["entered_by"] == "borrower_staff"
    assert body["reversal"] is None
    assert body["allocation"] == {**ZERO_ALLOCATION, "interest": "1911.67"}


def test_the_same_key_and_body_return_the_first_payment(cast: Any) -> None:
    first = post_payment(cast, INSTALLMENT_1, key="chk-1001")
    again = post_payment(cast, INSTALLMENT_1, key="chk-1001")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Payment.objects.count() == 1


def test_the_same_key_with_another_body_is_a_conflict(cast: Any) -> None:
    post_payment(cast, INSTALLMENT_1, key="chk-1001")

    response = post_payment(cast, {**INSTALLMENT_1, "amount": "1911.68"}, key="chk-1001")

    assert response.status_code == 409
    assert response.json()["errors"] == {}
    assert "Idempotency-Key" in response.json()["detail"]
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0.00"}, "amount"),
        ({"amount": "-5.00"}, "amount"),
        ({"amount": "10.001"}, "amount"),
        ({"amount": "ten"}, "amount"),
        ({"method": "bitcoin"}, "method"),
        ({"kind": "gift"}, "kind"),
        ({"received_on": "2005-12-30"}, "received_on"),  # before the accrual start
        ({"received_on": "2007-03-16"}, "received_on"),  # after the business date
        ({"received_on": "yesterday"}, "received_on"),
    ],
)
def test_a_bad_body_is_a_field_error_and_writes_nothing(
    cast: Any, change: dict[str, str], field: str
) -> None:
    response = post_payment(cast, {**INSTALLMENT_1, **change}, key="k")

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input."
    assert field in response.json()["errors"]
    assert Payment.objects.count() == 0


def test_a_missing_field_is_named(cast: Any) -> None:
    response = post_payment(cast, {"amount": "10.00"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"received_on", "method"}


def test_money_held_before_the_due_date_shows_as_held_then_as_interest(cast: Any) -> None:
    # 1,911.67 received on 2006-01-25 is held for installment 1 (due 02-01) and
    # applied to its interest on the due date.
    post_payment(cast, {**INSTALLMENT_1, "received_on": "2006-01-25"})

    before = cast["lender"].get(payments_url(cast) + "?as_of=2006-01-31").json()["results"][0]
    after = cast["lender"].get(payments_url(cast) + "?as_of=2006-02-01").json()["results"][0]

    assert before["allocation"] == {**ZERO_ALLOCATION, "held": "1911.67"}
    assert after["allocation"] == {**ZERO_ALLOCATION, "interest": "1911.67"}


def test_payment_lists_filter_by_date_and_kind(cast: Any) -> None:
    post_payment(cast, INSTALLMENT_1)
    post_payment(cast, {"received_on": "2006-03-01", "amount": "1850.00", "method": "wire"})
    post_payment(
        cast,
        {"received_on": "2006-03-10", "amount": "5000.00", "method": "wire", "kind": "prepayment"},
    )
    lender = cast["lender"]

    march = lender.get(
        payments_url(cast) + "?received_from=2006-03-01&received_to=2006-03-31"
    ).json()
    prepayments = lender.get(payments_url(cast) + "?kind=prepayment").json()

    assert [p["amount"] for p in march["results"]] == ["1850.00", "5000.00"]
    assert [p["amount"] for p in prepayments["results"]] == ["5000.00"]
    assert prepayments["results"][0]["allocation"]["principal"] == "5000.00"


def test_lenders_and_accountants_cannot_record_payments(cast: Any) -> None:
    for role in ("lender", "accountant"):
        assert post_payment(cast, INSTALLMENT_1, role=role).status_code == 403
    assert post_payment(cast, INSTALLMENT_1, role="anonymous").status_code == 401
    assert Payment.objects.count() == 0


def test_nobody_posts_to_a_note_they_cannot_see(cast: Any) -> None:
    url = f"/api/notes/{cast.foreign.pk}/payments/"

    response = cast["borrower_staff"].post(url, INSTALLMENT_1, format="json")

    assert response.status_code == 404
    assert Payment.objects.count() == 0


def test_a_servicer_reverses_a_payment_once(cast: Any) -> None:
    payment_id = post_payment(cast, INSTALLMENT_1).json()["id"]
    url = f"/api/payments/{payment_id}/reverse/"

    first = cast["servicer"].post(
        url, {"reversed_on": "2006-02-10", "reason": "Check returned"}, format="json"
    )
    second = cast["servicer"].post(url, {"reason": "Again"}, format="json")

    assert first.status_code == 200
    assert first.json()["allocation"] == {**ZERO_ALLOCATION, "reversed": True}
    assert first.json()["reversal"]["reversed_on"] == "2006-02-10"
    assert first.json()["reversal"]["reason"] == "Check returned"
    assert second.status_code == 409
    assert "already reversed" in second.json()["detail"]


def test_a_retry_answers_the_payment_as_it_now_stands(cast: Any) -> None:
    """The answer to a new payment says it has no reversal and no confirmations without
    asking; a retry of its key, once a lender has confirmed it and a servicer reversed
    it, answers both."""
    with CaptureQueriesContext(connection) as captured:
        first = post_payment(cast, INSTALLMENT_1, key="chk-1001").json()
    assert (first["reversal"], first["confirmations"]) == (None, [])
    tables = ('SELECT "payments_paymentreversal"', 'SELECT "payments_paymentconfirmation"')
    assert not [q for q in captured if q["sql"].startswith(tables)]
    payment_id = first["id"]
    confirm = {"confirmed": True, "comment": "Deposited"}
    assert cast["lender"].post(f"/api/payments/{payment_id}/confirm/", confirm, format="json"
                               ).status_code == 200  # fmt: skip
    reverse = {"reason": "Returned unpaid", "reversed_on": "2006-02-10"}
    assert cast["servicer"].post(f"/api/payments/{payment_id}/reverse/", reverse, format="json"
                                 ).status_code == 200  # fmt: skip

    again = post_payment(cast, INSTALLMENT_1, key="chk-1001")

    assert again.status_code == 200
    body = again.json()
    assert body["id"] == payment_id
    assert (body["reversal"]["reversed_on"], body["reversal"]["reason"]) == (
        "2006-02-10",
        "Returned unpaid",
    )
    [confirmation] = body["confirmations"]
    assert (confirmation["confirmed"], confirmation["by"]) == (True, "lender")


def test_only_servicers_reverse(cast: Any) -> None:
    payment_id = post_payment(cast, INSTALLMENT_1).json()["id"]
    url = f"/api/payments/{payment_id}/reverse/"

    statuses = [
        cast[r].post(url, {"reason": "no"}, format="json").status_code
        for r in ("lender", "borrower_staff", "accountant")
    ]

    assert statuses == [403, 403, 403]
    assert cast["servicer"].post(url, {}, format="json").status_code == 400  # a reason is required


def test_a_lender_confirms_a_payment(cast: Any) -> None:
    payment_id = post_payment(cast, INSTALLMENT_1).json()["id"]
    url = f"/api/payments/{payment_id}/confirm/"

    response = cast["lender"].post(url, {"confirmed": True, "comment": "Deposited"}, format="json")

    assert response.status_code == 200
    [confirmation] = response.json()["confirmations"]
    assert (confirmation["confirmed"], confirmation["comment"], confirmation["by"]) == (
        True,
        "Deposited",
        "lender",
    )
    assert cast["borrower_staff"].post(url, {"confirmed": True}, format="json").status_code == 403


def test_a_lender_records_a_collection_cost_and_it_is_paid_first(cast: Any) -> None:
    charges = f"/api/notes/{cast.note.pk}/charges/"

    created = cast["lender"].post(
        charges,
        {
            "incurred_on": "2006-01-20",
            "amount": "250.00",
            "kind": "collection_cost",
            "description": "Demand letter",
        },
        format="json",
    )
    paid = post_payment(cast, INSTALLMENT_1)

    assert created.status_code == 201
    assert created.json()["amount"] == "250.00"
    # 1,911.67 pays the 250.00 charge first, then 1,661.67 of the interest due.
    assert paid.json()["allocation"] == {
        **ZERO_ALLOCATION,
        "charges": "250.00",
        "interest": "1661.67",
    }
    assert [c["amount"] for c in cast["accountant"].get(charges).json()["results"]] == ["250.00"]


def test_borrower_staff_cannot_record_charges(cast: Any) -> None:
    charges = f"/api/notes/{cast.note.pk}/charges/"
    body = {"incurred_on": "2006-01-20", "amount": "250.00", "kind": "collection_cost"}

    assert cast["borrower_staff"].post(charges, body, format="json").status_code == 403
    assert cast["lender"].post(charges, {**body, "amount": "0"}, format="json").status_code == 400
    assert Charge.objects.count() == 0
