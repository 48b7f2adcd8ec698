"""Fuzz the API endpoints that take a posting's body, through Django's test client
signed in as the demo borrower, lender and servicer: whatever JSON arrives (any
value, odd strings, huge and negative numbers, odd dates, unknown fields), the
answer is a success or a 4xx in the API's error shape {"detail": str, "errors":
{field: [str]}}, never a 500 (the test client re-raises an unhandled exception),
and a refusal writes nothing."""

import json
import sys
from datetime import date
from typing import Any

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from loans.models import Party
from payments.models import ChargeKind, DeliveryMethod, PaymentKind, PaymentMethod
from payments.services import payment_record

from .conftest import FUZZ, rolled_back, row_counts
from .strategies import EVENT_KINDS, body, field

PAYMENT = {
    "received_on": field("2007-03-01", "2007-03-15"),
    "amount": field("1850.00", "0.01", "1850"),
    "method": field(*PaymentMethod.values),
    "reference": field("CHK 1001", "1e999999999"),
    "kind": field(*PaymentKind.values),
    "memo": field("March installment\n\tby check"),
}
CHARGE = {
    "incurred_on": field("2007-03-01"),
    "amount": field("250.00"),
    "kind": field(*ChargeKind.values),
    "description": field("Attorneys' fees for the demand letter"),
}
EVENT = {
    "kind": field(*EVENT_KINDS),
    "date": field("2007-03-01", "2007-03-15"),
    "refers_to": field(None, 1, 2),
    "installments": field([], [1], [13, 14]),
    "delivery_method": field(*DeliveryMethod.values),
    "affiliate": field(True, False),
    "description": field("Filed in the Southern District"),
}
REVERSE = {"reversed_on": field("2007-03-10"), "reason": field("Returned check")}
CONFIRM = {"confirmed": field(True, False), "comment": field("Received"), "lender_party": field(1)}


def transfer_fields(parties: list[int]) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "from_party": field(*parties),
        "to_party": field(*parties),
        "share": field("25", "12.5", "0.0001", "100"),
        "effective_on": field("2007-01-01", "2007-03-15"),
        "description": field("Sold to the other lender"),
    }


def as_json(data: Any) -> str:
    """JSON text of `data`, ints of any length written out (json.dumps refuses past
    4300 digits, as the server's parser does: that refusal is part of what is tested)."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(data)
    finally:
        sys.set_int_max_str_digits(limit)


def assert_answer_in_shape(
    client: Client, url: str, data: Any, headers: dict[str, str] | None = None
) -> None:
    """POST `data` as JSON; a success, or a 4xx in our shape that changed no row."""
    before = row_counts()
    response = client.post(url, as_json(data), content_type="application/json", headers=headers)
    assert response.status_code < 300 or 400 <= response.status_code < 500, response.content
    if response.status_code < 300:
        return
    answer = response.json()
    assert set(answer) == {"detail", "errors"}
    assert isinstance(answer["detail"], str)
    for name, messages in answer["errors"].items():
        assert isinstance(name, str)
        assert all(isinstance(message, str) for message in messages)
    assert row_counts() == before


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@FUZZ
@given(data=body(PAYMENT), key=st.one_of(st.just(""), st.text(max_size=300)))
@example(data={"received_on": "2007-03-01", "amount": "10", "method": "check",
               "reference": "1e999999999"}, key="")  # fmt: skip
def test_payment_bodies(demo: dict[str, Any], data: Any, key: str) -> None:
    url = f"/api/notes/{demo['note'].pk}/payments/"
    headers = {"Idempotency-Key": key} if key.isprintable() else {}
    with rolled_back():
        assert_answer_in_shape(signed_in(demo["borrower"]), url, data, headers)


@pytest.mark.django_db
@FUZZ
@given(data=body(CHARGE))
def test_charge_bodies(demo: dict[str, Any], data: Any) -> None:
    with rolled_back():
        url = f"/api/notes/{demo['note'].pk}/charges/"
        assert_answer_in_shape(signed_in(demo["servicer"]), url, data)


@pytest.mark.django_db
@FUZZ
@given(data=body(EVENT))
def test_event_bodies(demo: dict[str, Any], data: Any) -> None:
    with rolled_back():
        url = f"/api/notes/{demo['note'].pk}/events/"
        assert_answer_in_shape(signed_in(demo["servicer"]), url, data)


@pytest.fixture
def payment(demo: dict[str, Any]) -> Any:
    return payment_record(
        note=demo["note"],
        received_on=date(2007, 3, 1),
        amount="1850.00",
        method="check",
        entered_by=demo["borrower"],
        today=date(2007, 3, 15),
    ).payment


@pytest.mark.django_db
@FUZZ
@given(data=body(REVERSE))
def test_reverse_bodies(demo: dict[str, Any], payment: Any, data: Any) -> None:
    with rolled_back():
        url = f"/api/payments/{payment.pk}/reverse/"
        assert_answer_in_shape(signed_in(demo["servicer"]), url, data)


@pytest.mark.django_db
@FUZZ
@given(data=body(CONFIRM))
def test_confirm_bodies(demo: dict[str, Any], payment: Any, data: Any) -> None:
    with rolled_back():
        url = f"/api/payments/{payment.pk}/confirm/"
        assert_answer_in_shape(signed_in(demo["lender"]), url, data)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_transfer_bodies(demo: dict[str, Any], data: st.DataObject) -> None:
    parties = list(Party.objects.values_list("pk", flat=True))
    drawn = data.draw(body(transfer_fields(parties)))
    with rolled_back():
        url = f"/api/notes/{demo['note'].pk}/transfers/"
        assert_answer_in_shape(signed_in(demo["servicer"]), url, drawn)
