"""Long work through the dispatcher (jobs/dispatch.py): in this process when no broker
is configured (the embedded default), and through Celery in eager mode (the tasks of
jobs/tasks.py run here). Both give the same statements, figures worked out by hand in
tests/jobs/conftest.py. A real worker and broker: tests/jobs/test_worker.py."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from celery.signals import task_prerun
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jobs import dispatch, work
from jobs.dispatch import notes_month_close, notes_status_refresh, portfolio_export
from loans.models import Note
from payments.services import payment_record
from statements.models import IssuedStatement
from tests.jobs.conftest import board_notes

pytestmark = pytest.mark.django_db
JANUARY, TODAY = date(2006, 1, 1), date(2006, 2, 15)


@dataclass
class Mode:
    eager: bool
    ran: list[str] = field(default_factory=list)
    """The names of the Celery tasks that ran."""


@pytest.fixture(params=["in-process", "eager"])
def mode(request: Any, settings: Any) -> Iterator[Mode]:
    settings.CELERY_BROKER_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = request.param == "eager"
    mode = Mode(eager=request.param == "eager")

    def record(sender: Any = None, **kwargs: Any) -> None:
        mode.ran.append(sender.name)

    task_prerun.connect(record, weak=False)
    yield mode
    task_prerun.disconnect(record)


def activity(note: Note) -> dict[str, Any]:
    issued = IssuedStatement.objects.get(note=note, month=JANUARY, kind="activity")
    return json.loads(issued.content)


def test_close_issues_each_note_once_with_its_figures(mode: Mode) -> None:
    notes = board_notes(3)

    first = notes_month_close(notes=notes, month=JANUARY, today=TODAY)
    again = notes_month_close(notes=notes, month=JANUARY, today=TODAY)

    # Three statements a note (activity, lender and borrower journals), once.
    assert (first.finished, first.issued, first.unchanged, first.failed) == (True, 9, 0, ())
    assert (again.issued, again.unchanged, again.failed) == (0, 9, ())
    assert IssuedStatement.objects.count() == 9
    for k, note in enumerate(notes, start=1):
        figures = activity(note)["to_date"]
        assert Decimal(figures["principal"]) == Decimal("10000.00") * k
        assert Decimal(figures["interest_owed"]) == Decimal("50.00") * k  # by hand, conftest
    # One task for the three notes (a chunk) on each of the two runs in eager mode;
    # none in-process.
    assert mode.ran.count("jobs.close_notes") == (2 if mode.eager else 0)


def test_notes_closed_in_one_chunk_each_get_their_own_payments(
    mode: Mode, monkeypatch: Any
) -> None:
    monkeypatch.setattr(dispatch, "CHUNK", 2)  # 3 notes: a chunk of two, then one
    notes = board_notes(3)
    clerk = get_user_model().objects.create_user(username="clerk", password="pw-not-used-123")
    for k, note in enumerate(notes, start=1):  # installment 1 of note k: k x 50.00
        payment_record(note=note, received_on=date(2006, 2, 1), amount=Decimal("50.00") * k,
                       method="check", entered_by=clerk, today=TODAY)  # fmt: skip

    report = notes_month_close(notes=notes, month=date(2006, 2, 1), today=date(2006, 3, 15))

    assert (report.issued, report.failed) == (9, ())
    assert mode.ran.count("jobs.close_notes") == (2 if mode.eager else 0)
    for k, note in enumerate(notes, start=1):
        issued = IssuedStatement.objects.get(note=note, month=date(2006, 2, 1), kind="activity")
        lines = json.loads(issued.content)["lines"]
        assert [(line["kind"], line["amount"], line["interest"]) for line in lines] == [
            ("payment", f"{50 * k}.00", f"{50 * k}.00")
        ]


def test_close_reports_a_note_it_cannot_close_and_closes_the_others(
    mode: Mode, monkeypatch: Any
) -> None:
    notes = board_notes(3)
    real = work.note_month_close

    def refuse_the_second(*, note: Note, month: date, today: date, reads: Any) -> Any:
        if note.reference == "JOB-002":
            raise ValidationError("no rate for the period")
        return real(note=note, month=month, today=today, reads=reads)

    monkeypatch.setattr(work, "note_month_close", refuse_the_second)
    report = notes_month_close(notes=notes, month=JANUARY, today=TODAY)

    assert report.failed == (("JOB-002", "no rate for the period"),)
    assert report.issued == 6
    assert set(IssuedStatement.objects.values_list("note__reference", flat=True)) == {
        "JOB-001",
        "JOB-003",
    }


def test_close_month_command_prints_each_note(mode: Mode, settings: Any) -> None:
    settings.NOTEKEEPER_BUSINESS_DATE = "2006-02-15"
    board_notes(2)
    out = StringIO()
    call_command("close_month", "2006-01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "[1/2] JOB-001",
        "[2/2] JOB-002",
        "Closed 2006-01: 6 statements issued, 0 already issued (unchanged), 0 notes failed.",
    ]


def test_status_refresh_moves_statuses(mode: Mode, settings: Any) -> None:
    board_notes(2)
    # 2006-02-01: installment 1 (k x 50.00) falls due; a day later it is past due.
    assert notes_status_refresh(today=date(2006, 2, 1)).changed == 0
    report = notes_status_refresh(today=date(2006, 2, 2))
    assert (report.finished, report.queued, report.changed, report.failed) == (True, 2, 2, 0)
    assert list(Note.objects.order_by("pk").values_list("status", flat=True)) == [
        "past_due",
        "past_due",
    ]
    settings.NOTEKEEPER_BUSINESS_DATE = "2006-02-02"
    out = StringIO()
    call_command("refresh_status", stdout=out)
    assert "Refreshed 2 notes as of 2006-02-02: 0 changed status." in out.getvalue()
    assert mode.ran.count("jobs.refresh_note_status") == (6 if mode.eager else 0)  # 3 runs


def test_portfolio_export_writes_one_row_per_note(mode: Mode) -> None:
    notes = board_notes(2)
    out = io.StringIO()
    assert portfolio_export(notes=notes, as_of=date(2006, 1, 31), out=out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["note"], r["principal"], r["interest_accrued"]) for r in rows] == [
        ("JOB-001", "10000.00", "50.00"),  # conftest: k x 50.00 at the end of January
        ("JOB-002", "20000.00", "100.00"),
    ]
    assert mode.ran.count("jobs.export_note_row") == (2 if mode.eager else 0)


def test_export_on_workers_without_a_result_backend_is_refused(settings: Any) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/5"
    settings.CELERY_RESULT_BACKEND = None
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with pytest.raises(ValueError, match="needs CELERY_RESULT_BACKEND"):
        portfolio_export(notes=board_notes(1), as_of=date(2006, 1, 31), out=io.StringIO())


def test_no_notes_is_an_empty_close(mode: Mode) -> None:
    report = notes_month_close(notes=[], month=JANUARY, today=TODAY)
    assert (report.finished, report.queued, report.issued, report.failed) == (True, 0, 0, ())
    assert mode.ran == []
