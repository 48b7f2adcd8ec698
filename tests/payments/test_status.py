"""The stored status equals the replay's status as of the business date, after events and
after the daily `refresh_status` (DESIGN 2: the cache always equals the replay)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from loans.models import Note
from payments.selectors import note_replay
from payments.services import payment_record
from tests.payments.factories import make_note, make_user

pytestmark = pytest.mark.django_db


def stored(note: Note) -> str:
    return Note.objects.get(pk=note.pk).status


def test_refresh_status_moves_statuses_with_the_calendar(settings):
    settings.NOTEKEEPER_BUSINESS_DATE = "2006-02-01"
    unpaid, paid = make_note("TEST-UNPAID"), make_note("TEST-PAID")
    payment_record(
        note=paid, received_on=date(2006, 2, 1), amount="1911.67", method="wire",
        entered_by=make_user(),
    )  # fmt: skip
    call_command("refresh_status", stdout=StringIO())
    # On 2006-02-01 installment 1 is due, not yet past due: both current.
    assert stored(unpaid) == stored(paid) == "current"

    settings.NOTEKEEPER_BUSINESS_DATE = "2006-02-02"  # a day later, no event at all
    output = StringIO()
    call_command("refresh_status", stdout=output)
    assert stored(unpaid) == "past_due"  # 1,911.67 unpaid since 02-01
    assert stored(paid) == "current"
    assert "Refreshed 2 notes as of 2006-02-02: 1 changed status." in output.getvalue()
    for note in (unpaid, paid):
        assert stored(note) == note_replay(note=note, as_of=date(2006, 2, 2)).balance.status

    settings.NOTEKEEPER_BUSINESS_DATE = "2008-01-02"  # the day after maturity, unpaid
    call_command("refresh_status", stdout=StringIO())
    assert stored(unpaid) == "matured"
    assert stored(unpaid) == note_replay(note=unpaid, as_of=date(2008, 1, 2)).balance.status
