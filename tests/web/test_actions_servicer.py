"""Servicer actions outside the admin: reverse a payment after seeing the re-allocation,
and board a note after seeing the schedule the engine computes from its terms.

Reversal figures, by hand: the demo's 14th payment (1,850.00 received 2007-03-01) paid
installment 14 (due 2007-03-01, 185,000.00 x 12% / 12 = 1,850.00). Reversed on
2007-03-15, it is as if never received: installment 14 is past due 14 days, interest due
1,850.00, and the payoff is 185,000.00 + 1,850.00 + 863.33 accrued (14/360 of a year's
22,200.00 = 863.333...) = 187,713.33 instead of 185,863.33.
"""

import re
from decimal import Decimal

import numpy_financial as npf
import pytest
from django.urls import reverse

from loans.models import Note
from payments.models import Payment, PaymentReversal

pytestmark = pytest.mark.django_db


def march_payment(demo) -> Payment:
    return Payment.objects.get(note=demo.note, received_on="2007-03-01")


def reverse_url(payment) -> str:
    return reverse("web-payment-reverse", kwargs={"pk": payment.pk})


REVERSAL = {"reversed_on": "2007-03-15", "reason": "Check returned unpaid"}


def test_the_reversal_preview_shows_the_reallocation_and_writes_nothing(demo):
    payment = march_payment(demo)
    response = demo.client("servicer").post(reverse_url(payment), REVERSAL | {"step": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    this_one = re.search(rf'data-payment="{payment.pk}"(.*?)</tr>', page, re.S)[1]
    assert "interest 1,850.00" in this_one and "reversed: nothing applied" in this_one
    assert re.search(r'data-installment="14">.*?Past due \(14 days\)', page, re.S)
    assert re.search(r'data-after="interest_due">1,850.00<', page)
    assert re.search(r'data-after="payoff_amount">187,713.33<', page)
    assert "185,863.33" in page
    assert "The other 13 payments of this note are not affected." in page
    assert not PaymentReversal.objects.exists()


def test_the_servicer_reverses_a_payment_once(demo):
    payment, client = march_payment(demo), demo.client("servicer")
    response = client.post(reverse_url(payment), REVERSAL | {"step": "reverse"}, follow=True)
    words = re.sub(r"<[^>]+>", "", response.content.decode())
    assert "Reversed on 2007-03-15: Check returned unpaid" in words
    assert PaymentReversal.objects.get().payment == payment
    again = client.post(reverse_url(payment), REVERSAL | {"step": "preview"})
    assert again.status_code == 409
    assert f"Payment {payment.pk} is already reversed." in again.content.decode()
    twice = client.post(reverse_url(payment), REVERSAL | {"step": "reverse"})
    assert twice.status_code == 409
    assert PaymentReversal.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"reversed_on": "2007-03-15", "reason": ""}, "This field is required."),
        ({"reversed_on": "2007-02-28", "reason": "x"}, "2007-02-28 is before 2007-03-01."),
        ({"reversed_on": "2007-03-16", "reason": "x"}, "is after the business date 2007-03-15"),
    ],
)
def test_reversal_errors_are_words(demo, body, message):
    response = demo.client("servicer").post(
        reverse_url(march_payment(demo)), body | {"step": "reverse"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PaymentReversal.objects.exists()


@pytest.mark.parametrize("username", ["lender", "borrower", "accountant"])
def test_only_servicers_reverse(demo, username):
    url = reverse_url(march_payment(demo))
    assert demo.client(username).get(url).status_code == 403
    assert demo.client(username).post(url, REVERSAL | {"step": "reverse"}).status_code == 403
    assert not PaymentReversal.objects.exists()


def board_body(demo, **changes) -> dict:
    david, leah = (share.party for share in demo.note.lender_shares.order_by("party__name"))
    body = {
        "reference": "BOARDED-2005",
        "borrower": demo.note.borrower.pk,
        "lender_1": david.pk,
        "share_1": "50",
        "lender_2": leah.pk,
        "share_2": "50",
        "principal": "185,000.00",
        "annual_rate": "12",
        "day_count": "30/360",
        "dated": "2005-12-31",
        "accrual_start": "",
        "first_payment_date": "2006-02-01",
        "payment_frequency_months": "1",
        "maturity_date": "2008-01-01",
        "repayment": "interest_only",
        "interest_only_periods": "0",
        "amortization_periods": "",
        "installment_amount": "",
        "notice_required": "on",
        "cure_days": "10",
        "grace_days": "0",
        "acceleration": "automatic",
        "governing_law": "New York",
    }
    return body | changes


def test_boarding_shows_the_seed_schedule_before_saving(demo):
    # DESIGN 3.3: period 1 (2005-12-31 -> 2006-02-01) is 31 days under 30/360, interest
    # 1,911.67; every later month 1,850.00; 24 interest payments; total 44,461.67.
    url = reverse("web-note-board")
    response = demo.client("servicer").post(url, board_body(demo, step="preview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "24 installments" in page
    first = re.search(r'<td data-label="#">1</td>(.*?)</tr>', page)[1]
    assert re.findall(r">([^<]+)</(?:time|td)>", first) == [
        "2006-02-01",
        "31",
        "1,911.67",
        "0.00",
        "1,911.67",
    ]
    assert re.search(r'id="total-interest">44,461.67<', page)
    assert not Note.objects.filter(reference="BOARDED-2005").exists()


def test_a_level_note_shows_the_annuity_installment(demo):
    # 10,000.00 at 12% over 12 monthly periods: numpy-financial's pmt(1%, 12, -10,000)
    # = 888.4878... -> 888.49; period 1 (30 days under 30/360) is interest 100.00.
    installment = Decimal(str(npf.pmt(0.01, 12, -10000))).quantize(Decimal("0.01"))
    body = board_body(
        demo,
        principal="10000",
        repayment="level",
        dated="2006-01-01",
        maturity_date="2007-01-01",
        step="preview",
    )
    page = demo.client("servicer").post(reverse("web-note-board"), body).content.decode()
    assert installment == Decimal("888.49")
    assert "12 installments" in page
    first = re.search(r'<td data-label="#">1</td>(.*?)</tr>', page)[1]
    assert re.findall(r">([^<]+)</(?:time|td)>", first) == [
        "2006-02-01",
        "30",
        "100.00",
        "788.49",
        "888.49",
    ]


def test_the_servicer_boards_the_note(demo):
    response = demo.client("servicer").post(
        reverse("web-note-board"), board_body(demo, step="board")
    )
    note = Note.objects.get(reference="BOARDED-2005")
    assert response["Location"] == f"/notes/{note.pk}/"
    assert note.principal == Decimal("185000.00") and note.lender_shares.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"maturity_date": "2006-01-01"},
            "The maturity date must be after the first payment date.",
        ),
        ({"share_2": "60"}, "The lenders&#x27; shares add up to 110%, not 100%."),
        ({"reference": "INFINITE-2005-12-31"}, "is already boarded"),
        ({"principal": "lots"}, "Enter a valid amount, e.g. 1850.00."),
        ({"lender_1": ""}, "This field is required."),
    ],
)
@pytest.mark.parametrize("step", ["preview", "board"])
def test_boarding_errors_are_words_and_nothing_is_saved(demo, changes, message, step):
    before = Note.objects.count()
    response = demo.client("servicer").post(
        reverse("web-note-board"), board_body(demo, step=step, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Note.objects.count() == before


@pytest.mark.parametrize("username", ["lender", "borrower", "accountant", "stranger"])
def test_only_servicers_board(demo, stranger, username):
    assert demo.client(username).get(reverse("web-note-board")).status_code == 403
