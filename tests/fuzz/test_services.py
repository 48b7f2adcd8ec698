"""Fuzz the parsers behind every posting: `parse_money` and the posting services'
own validation. Whatever a caller passes, a service either records the row or raises
a ValidationError (or the domain's Conflict) and writes nothing: never another
exception, never a partial write."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from loans.engine.money import MoneyError, parse_money
from loans.errors import Conflict
from loans.models import Party
from payments.default_events import event_record
from payments.models import ChargeKind, DeliveryMethod, PaymentKind, PaymentMethod
from payments.services import charge_record, payment_record, payment_reverse
from payments.share_transfers import share_transfer_record

from .conftest import FUZZ, rolled_back, row_counts
from .strategies import DATES, EVENT_KINDS, ODD_STRINGS, SERVICE_VALUES

TODAY = date(2007, 3, 15)  # the demo's business date


def loose(*good: Any) -> st.SearchStrategy[Any]:
    """An argument: a well-formed value, or anything a Python caller could pass."""
    return st.one_of(st.sampled_from(good), SERVICE_VALUES, DATES, ODD_STRINGS)


@FUZZ
@given(text=st.one_of(SERVICE_VALUES, ODD_STRINGS))
@example(text=10**5000)  # str() refused it with a ValueError, not a MoneyError
def test_parse_money_answers_cents_or_a_money_error(text: Any) -> None:
    try:
        amount = parse_money(text)
    except MoneyError as error:
        assert str(error)  # a message a user can act on
        return
    assert amount.as_tuple().exponent == -2  # two places
    assert amount == Decimal(str(text).strip())  # the number written, not a rounding of it


def refused_or_recorded(record: Any) -> None:
    """Call `record`; a refusal must leave every table as it was."""
    before = row_counts()
    try:
        record()
    except (ValidationError, Conflict):
        assert row_counts() == before
        return
    assert row_counts() != before  # a success writes its row


@pytest.mark.django_db
@FUZZ
@given(
    received_on=loose(date(2007, 3, 1), "2007-03-15"),
    amount=loose("1850", "0.01", Decimal("100.50"), 1000),
    method=loose(*PaymentMethod.values),
    kind=loose(*PaymentKind.values),
    reference=st.one_of(st.just("1e999999999"), st.text(max_size=40)),
)
@example(
    received_on="2007-03-01", amount=10**5000, method="check", kind="regular", reference=""
)  # the idempotency fingerprint raised ValueError on str() of the amount
def test_payment_record(
    demo: dict[str, Any], received_on: Any, amount: Any, method: Any, kind: Any, reference: str
) -> None:
    with rolled_back():
        refused_or_recorded(
            lambda: payment_record(
                note=demo["note"],
                received_on=received_on,
                amount=amount,
                method=method,
                kind=kind,
                reference=reference,
                entered_by=demo["borrower"],
                today=TODAY,
            )
        )


@pytest.fixture
def payment(demo: dict[str, Any]) -> Any:
    return payment_record(
        note=demo["note"], received_on=date(2007, 3, 1), amount="1850.00", method="check",
        entered_by=demo["borrower"], today=TODAY,
    ).payment  # fmt: skip


@pytest.mark.django_db
@FUZZ
@given(reversed_on=loose(date(2007, 3, 10), "2007-03-15"), reason=loose("Returned check"))
def test_payment_reverse(demo: dict[str, Any], payment: Any, reversed_on: Any, reason: Any) -> None:
    with rolled_back():
        refused_or_recorded(
            lambda: payment_reverse(
                payment=payment,
                reversed_on=reversed_on,
                reason=reason,
                entered_by=demo["servicer"],
                today=TODAY,
            )
        )


@pytest.mark.django_db
@FUZZ
@given(
    incurred_on=loose(date(2007, 3, 1)),
    amount=loose("250.00", "0.01"),
    kind=loose(*ChargeKind.values),
    description=st.text(max_size=40),
)
def test_charge_record(
    demo: dict[str, Any], incurred_on: Any, amount: Any, kind: Any, description: str
) -> None:
    with rolled_back():
        refused_or_recorded(
            lambda: charge_record(
                note=demo["note"],
                incurred_on=incurred_on,
                amount=amount,
                kind=kind,
                description=description,
                entered_by=demo["servicer"],
                today=TODAY,
            )
        )


@pytest.mark.django_db
@FUZZ
@given(
    kind=loose(*EVENT_KINDS),
    on=loose(date(2007, 3, 1), "2007-03-15"),
    refers_to=st.one_of(st.none(), st.integers(), st.integers(min_value=-5, max_value=50)),
    installments=st.one_of(
        st.none(), st.lists(st.one_of(st.integers(), SERVICE_VALUES), max_size=4)
    ),
    delivery_method=loose(*DeliveryMethod.values),
    affiliate=st.booleans(),
)
def test_event_record(
    demo: dict[str, Any], kind: Any, on: Any, refers_to: Any, installments: Any,
    delivery_method: Any, affiliate: bool,
) -> None:  # fmt: skip
    with rolled_back():
        refused_or_recorded(
            lambda: event_record(
                note=demo["note"],
                kind=kind,
                date=on,
                refers_to=refers_to,
                installments=installments,
                delivery_method=delivery_method,
                affiliate=affiliate,
                entered_by=demo["servicer"],
                today=TODAY,
            )
        )


@pytest.mark.django_db
@FUZZ
@given(
    share=loose("25", "12.5", Decimal("0.0001"), 100),
    effective_on=loose(date(2007, 1, 1), date(2007, 3, 15)),
    to_new_party=st.booleans(),
)
@example(share=10**5000, effective_on=date(2007, 1, 1), to_new_party=False)  # was a ValueError
def test_share_transfer_record(
    demo: dict[str, Any], share: Any, effective_on: Any, to_new_party: bool
) -> None:
    lenders = [held.party for held in demo["note"].lender_shares.order_by("pk")]
    with rolled_back():
        to_party = (
            Party.objects.create(name="NEW HOLDER", kind="person") if to_new_party else lenders[1]
        )
        refused_or_recorded(
            lambda: share_transfer_record(
                note=demo["note"],
                from_party=lenders[0],
                to_party=to_party,
                share=share,
                effective_on=effective_on,
                entered_by=demo["servicer"],
                today=TODAY,
            )
        )
