"""The preview selectors (payments/previews.py) on their own: the engine's figures for a
payment or a reversal not yet recorded, and nothing written.

Demo: the seed note (interest only, 1,850.00 a month) with installments 1-14 paid on their
due dates (the 8th 13 days late), business date 2007-03-15.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loans.errors import Conflict
from payments.models import Payment, PaymentReversal
from payments.previews import payment_preview, payment_receipt, reversal_preview
from payments.services import payment_reverse

pytestmark = pytest.mark.django_db

TODAY = date(2007, 3, 15)  # the demo's business date


def test_a_backdated_payment_shows_the_later_payment_it_reallocates(demo):
    # 1,850.00 received 2007-02-15: installment 14 (due 2007-03-01) is not yet due, so
    # the money is held for it and pays its interest on 2007-03-01. The check received
    # 2007-03-01 then finds installment 14 paid and nothing due: it is held for
    # installment 15 (due 2007-04-01) instead of paying interest.
    preview = payment_preview(
        note=demo.note, received_on=date(2007, 2, 15), amount="1850.00", method="wire",
        kind="regular", today=TODAY,
    )  # fmt: skip
    assert preview.allocation.interest == Decimal("1850.00")
    assert preview.allocation.held == Decimal("0.00")
    [(march, before, after)] = preview.reallocated
    assert march.received_on == date(2007, 3, 1)
    assert (before.interest, before.held) == (Decimal("1850.00"), Decimal("0.00"))
    assert (after.interest, after.held) == (Decimal("0.00"), Decimal("1850.00"))
    assert Payment.objects.filter(note=demo.note).count() == 14


def test_the_backdated_preview_page_lists_the_reallocation(demo):
    client = demo.client("borrower")
    url = reverse("web-payment-new", kwargs={"pk": demo.note.pk})
    body = {
        "amount": "1850.00", "received_on": "2007-02-15", "method": "wire", "kind": "regular",
        "idempotency_key": "backdated", "step": "preview",
    }  # fmt: skip
    page = client.post(url, body).content.decode()
    assert "1 of them will be applied differently" in page
    row = re.search(r'<tr data-payment="\d+">(.*?)</tr>', page)[1]
    assert "2007-03-01" in row and "interest 1,850.00" in row and "held 1,850.00" in row


def test_the_preview_refuses_what_the_service_refuses(demo):
    with pytest.raises(ValidationError) as refused:
        payment_preview(
            note=demo.note,
            received_on="2007-04-01",
            amount="0",
            method="barter",
            kind="x",
            today=TODAY,
        )
    assert set(refused.value.message_dict) == {"received_on", "amount", "method", "kind"}


def test_a_reversal_preview_then_a_reversal_then_a_second_preview_is_a_conflict(demo):
    payment = Payment.objects.get(note=demo.note, received_on=date(2007, 3, 1))
    preview = reversal_preview(payment=payment, reversed_on=date(2007, 3, 15), today=TODAY)
    assert preview.balance_after.interest_due == Decimal("1850.00")
    assert not PaymentReversal.objects.exists()
    payment_reverse(
        payment=payment, reversed_on=date(2007, 3, 15), reason="returned",
        entered_by=demo.users["servicer"],
    )  # fmt: skip
    with pytest.raises(Conflict):
        reversal_preview(payment=payment, reversed_on=date(2007, 3, 15), today=TODAY)
    receipt = payment_receipt(payment=payment, today=TODAY)
    assert receipt.allocation.reversed and receipt.held is None
