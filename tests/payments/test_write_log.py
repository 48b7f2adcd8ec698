"""Every write logs one structured line (who, what, note, id), and services work on the
business date they are given (`today=`), not on one they read themselves.

Seed note terms (tests/payments/factories.py): installment 1, 1,911.67, due 2006-02-01;
then 1,850.00 on the 1st of each month; notice required, cure 10 days.
"""

import logging
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accounts.services import token_issue, token_replace, token_revoke
from loans.audit import log_write
from loans.models import Note, NoteLender
from payments.default_events import default_notice_record, event_record, note_event_record
from payments.models import Payment
from payments.services import charge_record, payment_confirm, payment_record, payment_reverse
from tests.payments.factories import make_user

WRITES = "notekeeper.writes"
FEB_1 = date(2006, 2, 1)


def writes(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == WRITES]


def fields(record: logging.LogRecord) -> tuple[object, ...]:
    return (record.who, record.what, record.note, record.id)  # type: ignore[attr-defined]


def test_a_write_line_reads_as_text_and_as_fields(caplog):
    caplog.set_level(logging.INFO, logger=WRITES)
    log_write(who=None, what="note_board", note=7, id=7)
    (record,) = writes(caplog)
    assert record.getMessage() == "write who=system what=note_board note=7 id=7"
    assert fields(record) == ("system", "note_board", 7, 7)


def test_each_posting_service_logs_one_line(note, clerk, caplog):
    caplog.set_level(logging.INFO, logger=WRITES)
    today = date(2006, 3, 1)
    paid = payment_record(
        note=note, received_on=FEB_1, amount="1911.67", method="check",
        entered_by=clerk, today=today,
    ).payment  # fmt: skip
    charge = charge_record(
        note=note, incurred_on=date(2006, 2, 15), amount="250.00", kind="collection_cost",
        description="demand letter", entered_by=clerk, today=today,
    )  # fmt: skip
    lender = NoteLender.objects.filter(note=note).order_by("pk")[0].party
    confirmation = payment_confirm(
        payment=paid, lender_party=lender, confirmed=True, comment="", by=clerk, today=today
    )
    reversal = payment_reverse(
        payment=paid, reversed_on=today, reason="returned check", entered_by=clerk, today=today
    )
    assert [fields(r) for r in writes(caplog)] == [
        ("clerk", "payment_record", note.pk, paid.pk),
        ("clerk", "charge_record", note.pk, charge.pk),
        ("clerk", "payment_confirm", note.pk, confirmation.pk),
        ("clerk", "payment_reverse", note.pk, reversal.pk),
    ]


def test_an_idempotent_retry_and_a_refusal_log_nothing(note, clerk, caplog):
    body: dict[str, Any] = {"received_on": FEB_1, "amount": "1911.67", "method": "check"}
    caplog.set_level(logging.INFO, logger=WRITES)
    payment_record(note=note, entered_by=clerk, idempotency_key="k1", today=FEB_1, **body)
    assert len(writes(caplog)) == 1
    caplog.clear()
    retry = payment_record(note=note, entered_by=clerk, idempotency_key="k1", today=FEB_1, **body)
    assert retry.created is False
    with pytest.raises(ValidationError):
        payment_record(note=note, entered_by=clerk, today=FEB_1, **(body | {"amount": "0"}))
    assert writes(caplog) == []


def test_notices_and_default_events_log_one_line_each(note, clerk, caplog):
    caplog.set_level(logging.INFO, logger=WRITES)
    today = date(2006, 3, 15)
    notice = default_notice_record(
        note=note, sent_on=date(2006, 2, 10), installments=None,
        delivery_method="certified_mail", entered_by=clerk, today=today,
    )  # fmt: skip
    judgment = note_event_record(
        note=note, kind="judgment", date=date(2006, 3, 1), entered_by=clerk, today=today
    )
    assert [fields(r) for r in writes(caplog)] == [
        ("clerk", "default_notice_record", note.pk, notice.pk),
        ("clerk", "note_event_record", note.pk, judgment.pk),
    ]


def test_token_writes_log_the_user_but_never_the_key(db, caplog):
    caplog.set_level(logging.INFO, logger=WRITES)
    user = make_user("ada")
    keys = [token_issue(user=user).key, token_replace(user=user).key]
    token_revoke(user=user)
    assert [fields(r) for r in writes(caplog)] == [
        ("ada", "token_issue", None, None),
        ("ada", "token_replace", None, None),
        ("ada", "token_revoke", None, None),
    ]
    assert not any(key in caplog.text for key in keys)


def test_a_service_works_on_the_date_it_is_given_not_the_configured_one(note, clerk, settings):
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-12-01"  # far later: it must not matter
    late = {"amount": "1850.00", "method": "check", "entered_by": clerk}
    # today 2006-02-01: a payment dated the next day is in the future, refused.
    with pytest.raises(ValidationError) as refused:
        payment_record(note=note, received_on=date(2006, 2, 2), today=FEB_1, **late)
    assert "after the business date 2006-02-01" in refused.value.message_dict["received_on"][0]
    assert Payment.objects.count() == 0
    # Installment 1 (1,911.67) falls due 2006-02-01 and is past due from 02-02. Paying
    # 1,850.00 of it on 02-01 leaves 61.67 owing: as of today 02-01 the note is current
    # (nothing is past due yet), whereas as of the configured 2007-12-01 it would not be.
    payment_record(note=note, received_on=FEB_1, today=FEB_1, **late)
    assert Note.objects.get(pk=note.pk).status == "current"


def test_event_record_dispatches_on_the_kind(note, clerk):
    today = date(2006, 3, 15)
    # Nothing paid: installment 1 (due 02-01) is past due on 02-10, so the notice names it.
    notice = event_record(
        note=note, kind="default_notice", date=date(2006, 2, 10), entered_by=clerk, today=today
    )
    assert (notice.kind, notice.installments, notice.delivery_method) == (
        "default_notice",
        [1],
        "other",  # no delivery method given
    )
    judgment = event_record(
        note=note, kind="judgment", date=date(2006, 3, 1), description="NY Sup. Ct.",
        entered_by=clerk, today=today,
    )  # fmt: skip
    assert (judgment.kind, judgment.description, judgment.installments) == (
        "judgment",
        "NY Sup. Ct.",
        [],
    )
    satisfied = event_record(
        note=note, kind="judgment_satisfied", date=date(2006, 3, 10),
        refers_to=judgment.id, entered_by=clerk, today=today,
    )  # fmt: skip
    assert satisfied.refers_to == judgment.id
