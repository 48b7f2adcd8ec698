"""Event dates and as-of dates outside 1900-01-01..2199-12-31 (loans/dates.py) are a
field error from the services, and a 400 from the API, never a 500."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from loans.models import Party
from payments.default_events import default_notice_record, note_event_record
from payments.models import (
    Charge,
    DefaultNotice,
    NoteEvent,
    Payment,
    PaymentReversal,
    ShareTransfer,
)
from payments.services import charge_record, payment_record, payment_reverse
from payments.share_transfers import share_transfer_record

pytestmark = pytest.mark.django_db

TODAY = date(2006, 6, 1)
OUTSIDE = ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"]


def range_error(day: str) -> list[str]:
    return [f"{day} is outside 1900-01-01..2199-12-31."]


def refused(record: Any, **fields: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        record(**fields)
    return error.value.message_dict


@pytest.fixture
def payment(note, clerk) -> Payment:
    return payment_record(
        note=note, received_on=date(2006, 2, 1), amount="1850.00", method="check",
        entered_by=clerk, today=TODAY,
    ).payment  # fmt: skip


@pytest.mark.parametrize("day", OUTSIDE)
def test_event_dates_outside_the_range_are_field_errors(note, clerk, payment, day):
    on = date.fromisoformat(day)
    common = {"note": note, "entered_by": clerk, "today": TODAY}
    assert refused(payment_record, **common, received_on=on, amount="10.00", method="check") == {
        "received_on": range_error(day)
    }
    assert refused(
        charge_record, **common, incurred_on=on, amount="10.00", kind="collection_cost",
        description="letter",
    ) == {"incurred_on": range_error(day)}  # fmt: skip
    assert refused(
        default_notice_record,
        **common,
        sent_on=on,
        installments=None,
        delivery_method="certified_mail",
    ) == {"sent_on": range_error(day)}
    assert refused(note_event_record, **common, kind="bankruptcy_voluntary", date=on) == {
        "date": range_error(day)
    }
    assert refused(
        payment_reverse, payment=payment, reversed_on=on, reason="returned", entered_by=clerk,
        today=TODAY,
    ) == {"reversed_on": range_error(day)}  # fmt: skip
    lender = note.lender_shares.order_by("pk")[0].party
    buyer = Party.objects.create(name="Buyer", kind="person")
    transfer = refused(
        share_transfer_record, **common, from_party=lender, to_party=buyer, share="10",
        effective_on=on,
    )  # fmt: skip
    assert transfer == {"effective_on": range_error(day)}
    # Nothing was written but the one payment of the fixture.
    assert Payment.objects.count() == 1
    for model in (Charge, DefaultNotice, NoteEvent, PaymentReversal, ShareTransfer):
        assert model.objects.count() == 0


@pytest.fixture
def servicer_api(django_user_model: Any, settings: Any) -> APIClient:
    settings.NOTEKEEPER_BUSINESS_DATE = TODAY.isoformat()
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("svc", is_staff=True))
    return client


@pytest.mark.parametrize("day", OUTSIDE)
@pytest.mark.parametrize("path", ["balance", "schedule", "payoff", "payments"])
def test_as_of_outside_the_range_is_a_400(servicer_api, note, payment, path, day):
    response = servicer_api.get(f"/api/notes/{note.pk}/{path}/?as_of={day}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input.", "errors": {"as_of": range_error(day)}}


@pytest.mark.parametrize("path", ["balance", "schedule", "payoff", "payments"])
def test_as_of_at_either_end_of_the_range_answers(servicer_api, note, payment, path):
    for day in ("1900-01-01", "2199-12-31"):
        assert servicer_api.get(f"/api/notes/{note.pk}/{path}/?as_of={day}").status_code == 200


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_payment_dated_outside_the_range_is_a_400_through_the_api(servicer_api, note, day):
    body = {"received_on": day, "amount": "10.00", "method": "check"}
    response = servicer_api.post(f"/api/notes/{note.pk}/payments/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"received_on": range_error(day)}
    assert Payment.objects.count() == 0
