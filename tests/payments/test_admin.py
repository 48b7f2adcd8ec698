"""The admin shows the event log read-only, with who entered what and when (audit trail)."""

from datetime import date

import pytest
from django.urls import reverse

from payments.default_events import default_notice_record, note_event_record
from payments.services import payment_record, payment_reverse


@pytest.fixture
def log(note, clerk, on):
    on("2006-03-15")
    payment = payment_record(
        note=note, received_on=date(2006, 2, 1), amount="1911.67", method="check",
        reference="CHK-4417", entered_by=clerk,
    ).payment  # fmt: skip
    payment_reverse(payment=payment, reversed_on=date(2006, 2, 9), reason="NSF", entered_by=clerk)
    notice = default_notice_record(
        note=note, sent_on=date(2006, 2, 10), installments=None,
        delivery_method="certified_mail", entered_by=clerk,
    )  # fmt: skip
    judgment = note_event_record(
        note=note, kind="judgment", date=date(2006, 3, 1), entered_by=clerk
    )
    return {"payment": payment, "notice": notice, "judgment": judgment}


@pytest.mark.parametrize("model", ["payment", "paymentreversal", "charge", "paymentconfirmation"])
def test_payment_lists_render_and_nothing_can_be_added(admin_client, log, model):
    changelist = admin_client.get(reverse(f"admin:payments_{model}_changelist"))
    assert changelist.status_code == 200
    assert admin_client.get(reverse(f"admin:payments_{model}_add")).status_code == 403


def test_a_payment_shows_its_author_and_reversal_and_cannot_be_changed(admin_client, log, clerk):
    payment = log["payment"]
    listing = admin_client.get(reverse("admin:payments_payment_changelist")).content.decode()
    assert "CHK-4417" in listing and clerk.username in listing
    page = admin_client.get(reverse("admin:payments_payment_change", args=[payment.pk]))
    assert page.status_code == 200  # view-only page
    body = page.content.decode()
    assert "NSF" in body and "Save" not in body
    posted = admin_client.post(
        reverse("admin:payments_payment_change", args=[payment.pk]), {"amount": "1.00"}
    )
    assert posted.status_code == 403
    deleting = admin_client.post(
        reverse("admin:payments_payment_delete", args=[payment.pk]), {"post": "yes"}
    )
    assert deleting.status_code == 403
    payment.refresh_from_db()
    assert str(payment.amount) == "1911.67"


def test_notices_and_default_events_are_listed_with_their_author(admin_client, log, clerk):
    for model in ("defaultnotice", "noteevent"):
        listing = admin_client.get(reverse(f"admin:payments_{model}_changelist"))
        assert listing.status_code == 200
        assert clerk.username in listing.content.decode()
    judgment = admin_client.get(
        reverse("admin:payments_noteevent_change", args=[log["judgment"].pk])
    )
    assert judgment.status_code == 200 and "Judgment entered" in judgment.content.decode()
