"""charge_record and payment_confirm.

Seed note: installment 1 (1,911.67) paid 2006-02-01; a 250.00 collection cost on 02-15; on
03-01 a payment of 2,100.00 pays the charge first (DESIGN 3.4 step 1), then installment 2's
interest, 1,850.00: 250.00 + 1,850.00 = 2,100.00, nothing left.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from loans.models import Note, Party
from payments.models import Charge, PaymentConfirmation
from payments.services import charge_record, payment_confirm, payment_record


def test_a_collection_cost_is_paid_first(note, clerk, on):
    on("2006-03-01")
    payment_record(
        note=note, received_on=date(2006, 2, 1), amount="1911.67", method="check", entered_by=clerk
    )
    charge_record(
        note=note, incurred_on=date(2006, 2, 15), amount="250.00", kind="collection_cost",
        description="demand letter", entered_by=clerk,
    )  # fmt: skip
    assert Note.objects.get(pk=note.pk).status == "past_due"  # charge due 02-15, unpaid
    paid = payment_record(
        note=note, received_on=date(2006, 3, 1), amount="2100.00", method="wire", entered_by=clerk
    )
    assert (paid.allocation.charges, paid.allocation.interest) == (
        Decimal("250.00"),
        Decimal("1850.00"),
    )
    assert paid.allocation.principal == paid.allocation.unapplied == Decimal("0.00")
    assert Note.objects.get(pk=note.pk).status == "current"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"kind": "penalty"}, "kind"),
        ({"incurred_on": date(2006, 3, 2)}, "incurred_on"),
    ],
)
def test_bad_charges_are_refused_and_write_nothing(note, clerk, on, change, field):
    on("2006-03-01")
    body = {"incurred_on": date(2006, 2, 15), "amount": "250.00", "kind": "attorneys_fees"} | change
    with pytest.raises(ValidationError) as refused:
        charge_record(note=note, description="", entered_by=clerk, **body)
    assert list(refused.value.message_dict) == [field]
    assert Charge.objects.count() == 0


def test_a_lender_confirms_or_disputes_and_others_are_refused(note, clerk, on):
    on("2006-03-01")
    payment = payment_record(
        note=note, received_on=date(2006, 2, 1), amount="1911.67", method="check", entered_by=clerk
    ).payment
    lender = note.lenders.order_by("pk").first()
    payment_confirm(
        payment=payment, lender_party=lender, confirmed=False, comment="not seen", by=clerk
    )
    payment_confirm(
        payment=payment, lender_party=lender, confirmed=True, comment="arrived", by=clerk
    )
    answers = list(
        PaymentConfirmation.objects.filter(payment=payment).values_list("confirmed", "by")
    )
    assert answers == [(False, clerk.pk), (True, clerk.pk)]
    stranger = Party.objects.create(name="Not a lender", kind="person")
    with pytest.raises(ValidationError) as refused:
        payment_confirm(
            payment=payment, lender_party=stranger, confirmed=True, comment="", by=clerk
        )
    assert "lender_party" in refused.value.message_dict
    with pytest.raises(ValidationError):
        payment_confirm(
            payment=payment, lender_party=note.borrower, confirmed=True, comment="", by=clerk
        )
    assert PaymentConfirmation.objects.count() == 2
