"""Lender actions in the pages: confirm or dispute a payment, record a notice of default
(refused with the engine's reason when nothing is past due), a default event, a charge.

The demo (tests/web/actions_fixtures.py): the seed note with installments 1-14 paid, so on
the business date 2007-03-15 nothing is past due; installment 15 falls due 2007-04-01.
"""

import pytest
from django.urls import reverse

from payments.models import Charge, DefaultNotice, NoteEvent, Payment, PaymentConfirmation

pytestmark = pytest.mark.django_db


def last_payment(demo) -> Payment:
    payment = Payment.objects.filter(note=demo.note).order_by("received_on").last()
    assert payment is not None
    return payment


def confirm_url(payment) -> str:
    return reverse("web-payment-confirm", kwargs={"pk": payment.pk})


def note_url(demo, name: str) -> str:
    return reverse(name, kwargs={"pk": demo.note.pk})


def test_the_lender_confirms_a_payment_for_their_own_party(demo):
    payment, client = last_payment(demo), demo.client("lender")
    page = client.get(confirm_url(payment)).content.decode()
    assert "DAVID N. SLAVNY" in page and "LEAH A. SLAVNY" not in page  # answers for his party
    david = demo.note.lender_shares.get(party__name="DAVID N. SLAVNY").party
    response = client.post(
        confirm_url(payment), {"answer": "confirm", "lender_party": david.pk, "comment": ""}
    )
    assert response["Location"] == reverse("web-payment-receipt", kwargs={"pk": payment.pk})
    answer = PaymentConfirmation.objects.get(payment=payment)
    assert (answer.confirmed, answer.lender_party, answer.by) == (True, david, demo.users["lender"])
    receipt = client.get(response["Location"]).content.decode()
    assert "DAVID N. SLAVNY: confirmed" in receipt


def test_a_dispute_is_recorded_as_such(demo):
    payment, client = last_payment(demo), demo.client("lender")
    david = demo.note.lender_shares.get(party__name="DAVID N. SLAVNY").party
    body = {"answer": "dispute", "lender_party": david.pk, "comment": "check bounced"}
    client.post(confirm_url(payment), body)
    assert PaymentConfirmation.objects.get(payment=payment).confirmed is False


def test_a_lender_cannot_answer_for_the_co_lender(demo):
    payment, client = last_payment(demo), demo.client("lender")
    leah = demo.note.lender_shares.get(party__name="LEAH A. SLAVNY").party
    response = client.post(confirm_url(payment), {"answer": "confirm", "lender_party": leah.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PaymentConfirmation.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("borrower", 403), ("accountant", 403)])
def test_only_lenders_and_servicers_confirm(demo, stranger, username, status):
    assert demo.client(username).get(confirm_url(last_payment(demo))).status_code == status
    assert demo.client("stranger").get(confirm_url(last_payment(demo))).status_code == 404


def test_a_notice_when_nothing_is_past_due_is_refused_with_the_reason(demo):
    body = {"sent_on": "2007-03-15", "installments": "", "delivery_method": "certified_mail"}
    response = demo.client("lender").post(note_url(demo, "web-notice-new"), body)
    assert response.status_code == 400
    assert "no installment is past due on 2007-03-15" in response.content.decode()
    assert not DefaultNotice.objects.exists()


def test_a_notice_after_a_missed_installment_names_it(demo, settings):
    # Installment 15 (due 2007-04-01) is unpaid: past due on 2007-04-10.
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-04-10"
    body = {"sent_on": "2007-04-10", "installments": "", "delivery_method": "certified_mail"}
    response = demo.client("lender").post(note_url(demo, "web-notice-new"), body)
    assert response.status_code == 302 and response["Location"] == f"/notes/{demo.note.pk}/"
    assert DefaultNotice.objects.get().installments == [15]


def test_a_notice_naming_an_installment_not_past_due_is_refused(demo, settings):
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-04-10"
    body = {"sent_on": "2007-04-10", "installments": "15, 16", "delivery_method": "email"}
    response = demo.client("lender").post(note_url(demo, "web-notice-new"), body)
    assert response.status_code == 400
    assert "installment 16 is not past due on 2007-04-10" in response.content.decode()


def test_installment_numbers_must_be_numbers(demo):
    body = {"sent_on": "2007-03-15", "installments": "fifteen", "delivery_method": "email"}
    response = demo.client("lender").post(note_url(demo, "web-notice-new"), body)
    assert "Write installment numbers like 15, 16." in response.content.decode()


def test_a_judgment_is_recorded(demo):
    body = {"kind": "judgment", "date": "2007-03-10", "description": "Monroe County"}
    response = demo.client("lender").post(note_url(demo, "web-event-new"), body)
    assert response.status_code == 302
    event = NoteEvent.objects.get()
    assert (event.kind, str(event.date), event.entered_by) == (
        "judgment",
        "2007-03-10",
        demo.users["lender"],
    )


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("acceleration", "this note accelerates automatically on an event of default"),
        ("waiver", "no event of default stands on 2007-03-15"),
        ("judgment_satisfied", "A judgment_satisfied event names the case it closes."),
    ],
)
def test_events_the_note_does_not_allow_are_refused_in_words(demo, kind, reason):
    body = {"kind": kind, "date": "2007-03-15"}
    response = demo.client("lender").post(note_url(demo, "web-event-new"), body)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not NoteEvent.objects.exists()


def test_a_satisfaction_names_the_judgment_it_closes(demo):
    client = demo.client("lender")
    client.post(note_url(demo, "web-event-new"), {"kind": "judgment", "date": "2007-03-01"})
    judgment = NoteEvent.objects.get()
    body = {"kind": "judgment_satisfied", "date": "2007-03-12", "refers_to": judgment.pk}
    assert client.post(note_url(demo, "web-event-new"), body).status_code == 302
    assert NoteEvent.objects.get(kind="judgment_satisfied").refers_to == judgment


def test_a_collection_cost_is_recorded(demo):
    body = {"kind": "collection_cost", "amount": "1,250.00", "incurred_on": "2007-03-15"}
    response = demo.client("lender").post(note_url(demo, "web-charge-new"), body)
    assert response.status_code == 302
    charge = Charge.objects.get()
    assert (charge.amount, charge.kind) == (1250, "collection_cost")


def test_a_charge_of_nothing_is_refused(demo):
    body = {"kind": "attorneys_fees", "amount": "0", "incurred_on": "2007-03-15"}
    response = demo.client("lender").post(note_url(demo, "web-charge-new"), body)
    assert response.status_code == 400
    assert "The amount must be greater than zero." in response.content.decode()
    assert not Charge.objects.exists()


@pytest.mark.parametrize("name", ["web-notice-new", "web-event-new", "web-charge-new"])
def test_borrower_staff_and_accountants_may_not_record_defaults(demo, stranger, name):
    assert demo.client("borrower").get(note_url(demo, name)).status_code == 403
    assert demo.client("accountant").post(note_url(demo, name), {}).status_code == 403
    assert demo.client("stranger").get(note_url(demo, name)).status_code == 404
    assert demo.client("servicer").get(note_url(demo, name)).status_code == 200
