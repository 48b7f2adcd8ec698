"""`load_seed_note --demo` records the demo history (jobs/demo_history.py) through
`payment_record`, once, up to the business date."""

from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from loans.models import Note
from payments.models import Payment
from payments.selectors import note_balance, note_schedule

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_history_is_recorded_once_through_payment_record(settings: Any) -> None:
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"  # as `make run` does
    call_command("load_seed_note", "--demo", stdout=StringIO())
    payments = list(Payment.objects.order_by("received_on"))
    assert len(payments) == 14
    assert all(p.memo.startswith("demo history:") for p in payments)
    # 1,911.67 (31 days of 30/360 at 12% on 185,000.00) + 13 x 1,850.00 = 25,961.67
    assert sum(p.amount for p in payments) == Decimal("25961.67")
    assert payments[0].amount == Decimal("1911.67")
    assert payments[7].received_on == date(2006, 9, 14)  # due 2006-09-01, 13 days late

    after_first = row_counts()
    call_command("load_seed_note", "--demo", stdout=StringIO())
    assert row_counts() == after_first

    note = Note.objects.get(reference="INFINITE-2005-12-31")
    as_of = date(2007, 3, 15)
    schedule = note_schedule(note=note, as_of=as_of)
    assert [i.status for i in schedule[:14]] == ["paid"] * 7 + ["paid_late"] + ["paid"] * 6
    assert schedule[7].days_late == 13
    assert schedule[14].status == "upcoming"
    balance = note_balance(note=note, as_of=as_of)
    assert balance.principal == Decimal("185000.00")
    assert balance.interest_due == Decimal("0.00")
    # 2007-03-01 .. 03-15 is 14 days of 30/360: 185,000.00 x 12% x 14/360 = 863.333... -> 863.33
    assert balance.interest_accrued == Decimal("863.33")
    assert balance.payoff_amount == Decimal("185863.33")
    assert balance.status == "current"
    assert balance.next_due_date == date(2007, 4, 1)
    assert balance.next_due_amount == Decimal("1850.00")


def test_demo_history_stops_at_the_business_date(settings: Any) -> None:
    settings.NOTEKEEPER_BUSINESS_DATE = "2006-06-15"
    call_command("load_seed_note", "--demo", stdout=StringIO())
    # installments due 2006-02-01 .. 2006-06-01 have been received by 2006-06-15
    assert Payment.objects.count() == 5
