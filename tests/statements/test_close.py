"""Month-end close: issued once, kept as issued, backdated events adjusted next month."""

import hashlib
import json
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from loans.append_only import AppendOnlyError
from loans.engine import replay as replay_module
from payments.services import payment_record
from statements.models import IssuedStatement
from statements.services import month_end_close, month_reads, note_month_close
from tests.payments.factories import make_note, make_user
from tests.statements.conftest import pay_on_time

D = Decimal
TODAY = date(2007, 3, 15)


def test_closing_a_month_twice_issues_nothing_new(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 3, 1))

    first = note_month_close(note=cast.note, month=date(2006, 3, 1), today=TODAY)
    stored = {s.kind: (s.pk, s.content, s.sha256) for s in IssuedStatement.objects.all()}
    second = note_month_close(note=cast.note, month=date(2006, 3, 20), today=TODAY)

    assert first.issued == ("activity", "journal-lender", "journal-borrower")
    assert (second.issued, len(second.unchanged)) == ((), 3)
    assert {s.kind: (s.pk, s.content, s.sha256) for s in IssuedStatement.objects.all()} == stored
    for _, content, digest in stored.values():
        assert hashlib.sha256(content.encode()).hexdigest() == digest
    activity = json.loads(stored["activity"][1])
    # March: 1,850.00 paid on 03-01, 1,850.00 accrued through 03-31.
    assert activity["closing"]["interest_accrued"] == "1850.00"
    assert activity["reconciles"] is True


def test_a_statement_a_concurrent_close_stored_first_is_left_as_it_is(
    cast: Any, clerk: Any
) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 3, 1))
    march = date(2006, 3, 1)
    reads = month_reads([cast.note], march)
    # Another close stores the lender's journal after this one read what was issued.
    IssuedStatement.objects.create(
        note=cast.note, month=march, kind="journal-lender", content="{}",
        sha256=hashlib.sha256(b"{}").hexdigest(),
    )  # fmt: skip

    result = note_month_close(note=cast.note, month=march, today=TODAY, reads=reads)

    assert (result.issued, result.unchanged) == (
        ("activity", "journal-borrower"),
        ("journal-lender",),
    )
    assert IssuedStatement.objects.get(kind="journal-lender").content == "{}"
    activity = json.loads(IssuedStatement.objects.get(kind="activity").content)
    assert activity["closing"]["interest_accrued"] == "1850.00"  # as in the test above


def test_issued_statements_never_change(cast: Any) -> None:
    note_month_close(note=cast.note, month=date(2006, 1, 1), today=TODAY)
    issued = IssuedStatement.objects.first()
    assert issued is not None
    issued.content = "{}"
    with pytest.raises(AppendOnlyError):
        issued.save()
    with pytest.raises(AppendOnlyError):
        IssuedStatement.objects.all().delete()


def test_a_month_not_yet_ended_is_refused(cast: Any) -> None:
    with pytest.raises(ValidationError):
        note_month_close(note=cast.note, month=date(2007, 3, 1), today=TODAY)
    assert not IssuedStatement.objects.exists()


def test_a_payment_backdated_into_a_closed_month_is_adjusted_in_the_next(
    cast: Any, clerk: Any
) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 2, 1))
    note_month_close(note=cast.note, month=date(2006, 2, 1), today=TODAY)
    # Recorded after February's close, dated into it: 1,000.00 prepaid on 02-15.
    payment_record(
        note=cast.note, received_on=date(2006, 2, 15), amount="1000.00", method="wire",
        kind="prepayment", entered_by=clerk,
    )  # fmt: skip

    note_month_close(note=cast.note, month=date(2006, 3, 1), today=TODAY)

    march = {
        s.kind: json.loads(s.content)
        for s in IssuedStatement.objects.filter(month=date(2006, 3, 1))
    }
    # February recomputed: 185,000 x 0.12 x 14/360 = 863.333... plus 184,000 x 0.12 x 16/360
    # = 981.333...: 1,844.67 instead of the 1,850.00 issued: 5.33 less interest earned
    # and accrued at 02-28; principal 1,000.00 lower; 1,000.00 more cash.
    assert march["activity"]["adjustments"] == {
        "interest_earned": "-5.33",
        "charges_incurred": "0.00",
        "principal": "-1000.00",
        "interest_owed": "-5.33",
        "charges_due": "0.00",
        "deposits": "0.00",
    }
    [entry] = [e for e in march["journal-lender"]["entries"] if ":adjustment:" in e["entry_id"]]
    assert entry["date"] == "2006-03-01"
    lines = sorted(
        (p["lender"][:4], p["account"], p["debit"], p["credit"]) for p in entry["postings"]
    )
    # Per lender half of each: cash 500.00, notes 500.00, income 2.67 / 2.66, receivable.
    assert lines == [
        ("DAVI", "Assets:Cash", "500.00", "0.00"),
        ("DAVI", "Assets:Interest receivable", "0.00", "2.67"),
        ("DAVI", "Assets:Notes receivable", "0.00", "500.00"),
        ("DAVI", "Income:Interest income", "2.67", "0.00"),
        ("LEAH", "Assets:Cash", "500.00", "0.00"),
        ("LEAH", "Assets:Interest receivable", "0.00", "2.66"),
        ("LEAH", "Assets:Notes receivable", "0.00", "500.00"),
        ("LEAH", "Income:Interest income", "2.66", "0.00"),
    ]
    # February as issued is untouched: it still says 1,850.00 accrued and 185,000.00.
    february = json.loads(
        IssuedStatement.objects.get(month=date(2006, 2, 1), kind="activity").content
    )
    assert (february["closing"]["principal"], february["closing"]["interest_accrued"]) == (
        "185000.00",
        "1850.00",
    )


def test_month_end_close_over_notes_reports_failures(cast: Any) -> None:
    summary = month_end_close(
        notes=[cast.note, cast.foreign], month=date(2006, 1, 1), today=date(2006, 1, 31)
    )
    assert (summary.issued, summary.unchanged) == (0, 0)
    assert [reference for reference, _ in summary.failed] == ["INFINITE-2005-12-31", "FOREIGN-1"]


def test_close_month_command(cast: Any, settings: Any) -> None:
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"
    out = StringIO()

    call_command("close_month", "2006-03", stdout=out)
    call_command("close_month", "2006-03", stdout=out)

    text = out.getvalue()
    # Two notes (the seed and the stranger's), three statements each.
    assert (
        "Closed 2006-03: 6 statements issued, 0 already issued (unchanged), 0 notes failed." in text
    )
    assert (
        "Closed 2006-03: 0 statements issued, 6 already issued (unchanged), 0 notes failed." in text
    )
    assert "[2/2]" in text
    with pytest.raises(CommandError):
        call_command("close_month", "March", stdout=out)
    with pytest.raises(CommandError):
        call_command("close_month", "2007-03", stdout=out, stderr=StringIO())


@pytest.mark.django_db
def test_a_note_due_mid_month_is_closed_in_one_walk_of_its_log(monkeypatch: Any) -> None:
    """The days the interest line reads (the period starts on the 15th) are taken in
    the walk of the day ends: one walk of the log a note, and the same figures."""
    note = make_note(
        "MID-MONTH",
        dated=date(2006, 1, 15),
        accrual_start=date(2006, 1, 15),
        first_payment_date=date(2006, 2, 15),
        maturity_date=date(2008, 1, 15),
    )
    clerk = make_user()
    for due in (date(2006, 2, 15), date(2006, 3, 15)):
        payment_record(note=note, received_on=due, amount=D("1850.00"), method="check",
                       entered_by=clerk)  # fmt: skip
    walks = []
    start_walk = replay_module._Walk.__init__

    def counted(walk: Any, *args: Any) -> None:
        walks.append(walk)
        start_walk(walk, *args)

    monkeypatch.setattr(replay_module._Walk, "__init__", counted)
    result = note_month_close(note=note, month=date(2006, 3, 1), today=TODAY)

    assert result.issued == ("activity", "journal-lender", "journal-borrower")
    assert len(walks) == 1
    activity = json.loads(IssuedStatement.objects.get(note=note, kind="activity").content)
    # 30/360: 185,000.00 x 12% / 360 = 61.666... a day, 30 days in March: 1,850.00, of
    # which 03-01..03-14 (14 days, paid on 03-15) 863.33 and 03-15..03-31 (16 days, to
    # 04-01) 986.67 accrued at the month's end.
    assert activity["interest_earned"] == "1850.00"
    assert activity["closing"]["interest_accrued"] == "986.67"
    assert activity["reconciles"] is True
