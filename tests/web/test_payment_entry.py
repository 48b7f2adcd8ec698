"""Payment entry in the browser's forms (Django test client): preview without writing,
recording with the form's idempotency token, field errors in words, 403/404.

Figures worked by hand for the seed note (185,000.00 at 12%, 30/360, interest only), with
installments 1-14 paid (the demo history) and the business date 2007-03-15:
- installment 15 is due 2007-04-01: 185,000.00 x 12% x 30/360 = 1,850.00;
- a regular 1,850.00 received 2007-03-15 pays nothing due (nothing is), does not pay the
  note off, so it is held for installment 15 (DESIGN 3.4 step 5) and applied to its
  interest on 2007-04-01;
- interest accrued 2007-03-01 -> 03-15 is 185,000.00 x 12% x 14/360 = 863.333... -> 863.33,
  so the payoff is 185,863.33 before and 185,863.33 - 1,850.00 = 184,013.33 after.
"""

import re

import pytest
from django.urls import reverse

from payments.models import Payment

pytestmark = pytest.mark.django_db


HELD_FOR_APRIL = (
    "1,850.00 is held for the installment due "
    '<strong><time datetime="2007-04-01">2007-04-01</time></strong>'
)


def new_url(demo) -> str:
    return reverse("web-payment-new", kwargs={"pk": demo.note.pk})


def token_of(response) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]+)"', response.content.decode())[1]


def payment_body(token: str, **changes: str) -> dict[str, str]:
    body = {
        "amount": "1,850.00",
        "received_on": "2007-03-15",
        "method": "check",
        "reference": "check 1015",
        "kind": "regular",
        "memo": "",
        "idempotency_key": token,
    }
    return body | changes


def test_the_form_starts_on_the_business_date_with_a_fresh_token(demo):
    client = demo.client("borrower")
    first, second = client.get(new_url(demo)), client.get(new_url(demo))
    assert first.status_code == 200
    assert 'value="2007-03-15"' in first.content.decode()
    assert len(token_of(first)) == 32
    assert token_of(first) != token_of(second)  # one token per form shown


def test_preview_shows_the_engine_allocation_and_writes_nothing(demo):
    client = demo.client("borrower")
    token = token_of(client.get(new_url(demo)))
    response = client.post(new_url(demo), payment_body(token, step="preview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert Payment.objects.filter(note=demo.note).count() == 14
    assert HELD_FOR_APRIL in page
    held_today = re.search(r'data-bucket="held">([\d,.]+)<', page)[1]
    interests = re.findall(r'data-bucket="interest">([\d,.]+)<', page)
    assert held_today == "1,850.00"
    assert interests == ["0.00", "1,850.00"]  # today, then on the due date
    assert re.search(r'data-after="payoff_amount">184,013.33<', page)
    assert "185,863.33" in page  # the payoff before
    assert re.search(r'data-installment="15">.*?data-paid-after>1,850.00<', page, re.S)
    assert f'value="{token}"' in page  # the token travels to the record step


def test_a_prepayment_preview_shows_the_lower_interest_of_the_current_period(demo):
    # 10,000.00 as a prepayment on 2007-03-15 goes to principal from that day: the
    # installment due 2007-04-01 becomes 185,000 x 12% x 14/360 + 175,000 x 12% x 16/360
    # = 863.333... + 933.333... = 1,796.666... -> 1,796.67.
    client = demo.client("borrower")
    token = token_of(client.get(new_url(demo)))
    body = payment_body(token, amount="10000", kind="prepayment", step="preview")
    page = client.post(new_url(demo), body).content.decode()
    assert re.search(r'data-bucket="principal">10,000.00<', page)
    assert re.search(r'data-after="principal">175,000.00<', page)
    assert re.search(r'data-installment="15">.*?1,796.67', page, re.S)


def test_record_then_refresh_double_click_and_back_button_post_once(demo):
    client = demo.client("borrower")
    token = token_of(client.get(new_url(demo)))
    first = client.post(new_url(demo), payment_body(token, step="record"))
    assert first.status_code == 302
    payment = Payment.objects.get(idempotency_key=token)
    assert first["Location"] == reverse("web-payment-receipt", kwargs={"pk": payment.pk})
    for _ in range(3):  # the same form posted again: a refresh, a double click, back + submit
        again = client.post(new_url(demo), payment_body(token, step="record"), follow=True)
        assert again.redirect_chain[0][0] == first["Location"]
        assert "already recorded; it was not posted twice" in again.content.decode()
    assert Payment.objects.filter(note=demo.note).count() == 15
    assert payment.amount == 1850 and payment.entered_by == demo.users["borrower"]


def test_the_same_form_with_another_amount_is_refused_with_a_message(demo):
    client = demo.client("borrower")
    token = token_of(client.get(new_url(demo)))
    client.post(new_url(demo), payment_body(token, step="record"))
    response = client.post(new_url(demo), payment_body(token, amount="900.00", step="record"))
    assert response.status_code == 409
    assert "already used to record a different payment" in response.content.decode()
    assert "Start a new payment" in response.content.decode()
    assert Payment.objects.filter(note=demo.note).count() == 15


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "abc", "Enter a valid amount, e.g. 1850.00."),
        ("amount", "-5", "The amount must be greater than zero."),
        ("amount", "12.345", "The amount has more than two decimal places."),
        ("amount", "", "This field is required."),
        ("received_on", "2007-03-16", "2007-03-16 is after the business date 2007-03-15."),
        ("received_on", "2005-01-01", "2005-01-01 is before 2005-12-31."),
        ("received_on", "15/03/2007", "Enter a valid date."),
        ("method", "barter", "Select a valid choice."),
        ("reference", "x" * 101, "Ensure this value has at most 100 characters"),
    ],
)
@pytest.mark.parametrize("step", ["preview", "record"])
def test_field_errors_are_words_on_the_form_and_nothing_is_written(
    demo, field, value, message, step
):
    client = demo.client("borrower")
    token = token_of(client.get(new_url(demo)))
    response = client.post(new_url(demo), payment_body(token, step=step, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Payment.objects.filter(note=demo.note).count() == 14


def test_a_form_without_its_token_is_refused_in_words(demo):
    body = payment_body("", step="record")
    response = demo.client("borrower").post(new_url(demo), body)
    assert response.status_code == 400
    assert (
        "This form is incomplete or was changed: please start again." in response.content.decode()
    )
    assert Payment.objects.filter(note=demo.note).count() == 14


def test_a_dollar_sign_and_thousands_separators_are_read(demo):
    client = demo.client("borrower")
    token = token_of(client.get(new_url(demo)))
    client.post(new_url(demo), payment_body(token, amount="$ 1,850.00", step="record"))
    assert Payment.objects.get(idempotency_key=token).amount == 1850


@pytest.mark.parametrize(
    ("username", "status"),
    [("borrower", 200), ("servicer", 200), ("lender", 403), ("accountant", 403)],
)
def test_who_may_record_a_payment(demo, username, status):
    assert demo.client(username).get(new_url(demo)).status_code == status


def test_another_party_gets_404_and_anonymous_the_login_page(demo, stranger, client):
    url = new_url(demo)
    assert demo.client("stranger").get(url).status_code == 404
    assert demo.client("stranger").post(url, payment_body("k", step="record")).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Payment.objects.filter(note=demo.note).count() == 14


def test_the_receipt_shows_where_the_money_went(demo):
    client = demo.client("borrower")
    token = token_of(client.get(new_url(demo)))
    page = client.post(new_url(demo), payment_body(token, step="record"), follow=True)
    text = page.content.decode()
    assert "Payment receipt" in text and "INFINITE GROUP, INC." in text
    # Paid to the lenders in effect on the day received: the seed's two, half each.
    assert "DAVID N. SLAVNY (50.00%) and LEAH A. SLAVNY (50.00%)" in text
    assert HELD_FOR_APRIL in text
    assert "Print this receipt" in text
    assert "Confirm or dispute" not in text  # borrower staff do not confirm


def test_receipts_of_other_parties_are_404(demo, stranger):
    payment = Payment.objects.filter(note=demo.note).first()
    url = reverse("web-payment-receipt", kwargs={"pk": payment.pk})
    assert demo.client("stranger").get(url).status_code == 404
    assert demo.client("accountant").get(url).status_code == 200
