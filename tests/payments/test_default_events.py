"""Notices of default and default events, recorded through the services (DESIGN 3.6).

The seed note's terms: notice required, cure 10 days, automatic acceleration; installment 1
(1,911.67) due 2006-02-01, then 1,850.00 on the 1st of each month.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from loans.models import Note
from payments.default_events import default_notice_record, note_event_record
from payments.models import DefaultNotice, NoteEvent
from payments.services import payment_record
from payments.status import note_status_refresh
from tests.payments.factories import make_note, make_user


@pytest.fixture
def clerk(db):
    return make_user("lender-clerk")


@pytest.fixture
def note(db):
    return make_note()


@pytest.fixture
def on(settings):
    def set_business_date(day: str) -> None:
        settings.NOTEKEEPER_BUSINESS_DATE = day

    return set_business_date


def notice(note, clerk, sent_on, installments=None):
    return default_notice_record(
        note=note, sent_on=sent_on, installments=installments,
        delivery_method="certified_mail", entered_by=clerk,
    )  # fmt: skip


def event(note, clerk, kind, on_day, **extra):
    return note_event_record(note=note, kind=kind, date=on_day, entered_by=clerk, **extra)


def stored_status(note):
    return Note.objects.get(pk=note.pk).status


def test_missed_cure_accelerates_and_a_waiver_restores_the_schedule_with_arrears(note, clerk, on):
    on("2006-03-15")
    # Nothing paid. Notice on 02-10 (installment 1 past due since 02-02): cure deadline
    # 02-10 + 10 = 02-20; unpaid at its end -> event of default on 02-21 -> automatic
    # acceleration (DESIGN 3.6).
    sent = notice(note, clerk, date(2006, 2, 10))
    assert sent.installments == [1]  # "all past due on its date", stored by number
    assert stored_status(note) == "accelerated"
    # A waiver on 03-10 rescinds it: installments 1 (02-01) and 2 (03-01) are arrears.
    event(note, clerk, "waiver", date(2006, 3, 10))
    assert stored_status(note) == "past_due"


def test_a_notice_naming_no_past_due_installment_is_refused(note, clerk, on):
    on("2006-02-15")
    payment_record(
        note=note, received_on=date(2006, 2, 1), amount="1911.67", method="check", entered_by=clerk
    )
    for named in (None, [], [2]):  # none past due on 02-15; installment 2 is due 03-01
        with pytest.raises(ValidationError) as refused:
            notice(note, clerk, date(2006, 2, 15), installments=named)
        assert "installments" in refused.value.message_dict
    assert DefaultNotice.objects.count() == 0


def test_an_acceleration_on_an_automatic_note_is_refused(note, clerk, on):
    on("2006-03-15")
    notice(note, clerk, date(2006, 2, 10))  # a default stands, still refused: automatic note
    with pytest.raises(ValidationError) as refused:
        event(note, clerk, "acceleration", date(2006, 3, 1))
    assert "kind" in refused.value.message_dict
    assert NoteEvent.objects.count() == 0


def test_a_waiver_with_no_standing_default_is_refused(note, clerk, on):
    on("2006-03-15")
    with pytest.raises(ValidationError) as refused:
        event(note, clerk, "waiver", date(2006, 3, 10))
    assert "kind" in refused.value.message_dict
    assert NoteEvent.objects.count() == 0


def test_an_optional_note_is_in_default_until_the_lender_accelerates(clerk, on, db):
    optional = make_note("TEST-OPTIONAL", acceleration="optional")
    on("2006-03-15")
    with pytest.raises(ValidationError):  # no standing default yet
        event(optional, clerk, "acceleration", date(2006, 2, 15))
    notice(optional, clerk, date(2006, 2, 10))  # default on 02-21
    assert stored_status(optional) == "in_default"
    event(optional, clerk, "acceleration", date(2006, 3, 1))
    assert stored_status(optional) == "accelerated"


def test_involuntary_bankruptcy_dismissed_by_day_90_is_no_default(note, clerk, on):
    on("2006-06-01")
    for due, amount in (
        (1, "1911.67"),
        (2, "1850.00"),
        (3, "1850.00"),
        (4, "1850.00"),
        (5, "1850.00"),
    ):
        payment_record(
            note=note, received_on=date(2006, 1 + due, 1), amount=amount, method="check",
            entered_by=clerk,
        )  # fmt: skip
    case = event(note, clerk, "bankruptcy_involuntary", date(2006, 2, 1))
    # Day 90 = 2006-02-01 + 90 days = 2006-05-02 (27 days to 02-28, 31 in March, 30 in April:
    # 88 to 04-30, then 05-01, 05-02). Dismissed on day 80 (2006-04-22): no default.
    event(note, clerk, "bankruptcy_dismissed", date(2006, 4, 22), refers_to=case)
    assert stored_status(note) == "current"


def test_involuntary_bankruptcy_not_dismissed_defaults_on_day_91(note, clerk, on):
    on("2006-05-02")  # day 90: not yet
    event(note, clerk, "bankruptcy_involuntary", date(2006, 2, 1))
    assert stored_status(note) == "past_due"  # nothing paid, no notice: past due only
    # day 91: 2006-02-01 + 90 days = 2006-05-02, the last day without a default
    assert note_status_refresh(note=note, today=date(2006, 5, 3)) == "accelerated"


@pytest.mark.parametrize(
    ("kind", "extra", "field"),
    [
        ("bankruptcy_dismissed", {}, "refers_to"),  # names no case
        ("judgment", {"refers_to": 999999}, "refers_to"),  # a judgment refers to nothing
        ("default_notice", {}, "kind"),  # notices go through default_notice_record
        ("eviction", {}, "kind"),
    ],
)
def test_malformed_events_are_refused_and_write_nothing(note, clerk, on, kind, extra, field):
    on("2006-03-15")
    with pytest.raises(ValidationError) as refused:
        event(note, clerk, kind, date(2006, 3, 1), **extra)
    assert field in refused.value.message_dict
    assert NoteEvent.objects.count() == 0


def test_a_follow_up_must_name_a_case_of_the_same_note(note, clerk, on):
    on("2006-03-15")
    other = make_note("TEST-OTHER")
    case = event(other, clerk, "bankruptcy_involuntary", date(2006, 2, 1))
    with pytest.raises(ValidationError) as refused:
        event(note, clerk, "bankruptcy_dismissed", date(2006, 3, 1), refers_to=case)
    assert "refers_to" in refused.value.message_dict
    assert NoteEvent.objects.filter(note=note).count() == 0


def test_event_dates_after_the_business_date_are_refused(note, clerk, on):
    on("2006-03-15")
    with pytest.raises(ValidationError) as refused:
        notice(note, clerk, date(2006, 3, 16))
    assert "sent_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        event(note, clerk, "judgment", date(2006, 3, 16))
    assert "date" in refused.value.message_dict
    assert DefaultNotice.objects.count() == NoteEvent.objects.count() == 0


def test_events_are_append_only(note, clerk, on):
    from loans.append_only import AppendOnlyError

    on("2006-03-15")
    sent = notice(note, clerk, date(2006, 2, 10))
    judgment = event(note, clerk, "judgment", date(2006, 3, 1), description="Monroe County")
    for row in (sent, judgment):
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
    with pytest.raises(AppendOnlyError):
        NoteEvent.objects.update(description="changed")


@pytest.mark.postgres
def test_postgres_trigger_refuses_raw_sql_on_event_tables(note, clerk, on):
    from django.db import DatabaseError, connection, transaction

    on("2006-03-15")
    sent = notice(note, clerk, date(2006, 2, 10))
    judgment = event(note, clerk, "judgment", date(2006, 3, 1))
    for table, pk in (("loans_defaultnotice", sent.pk), ("loans_noteevent", judgment.pk)):
        update = f"UPDATE {table} SET entered_by_id = entered_by_id WHERE id = %s"
        for sql in (update, f"DELETE FROM {table} WHERE id = %s"):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [pk])
    assert DefaultNotice.objects.count() == NoteEvent.objects.count() == 1
