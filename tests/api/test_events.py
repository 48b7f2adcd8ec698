"""Notices of default and default events through HTTP.

With nothing paid, installment 1 (due 2006-02-01) is past due from 2006-02-02.
A notice sent 2006-02-05 gives a cure deadline of 02-05 + 10 days = 02-15; unpaid
at the end of that day, the event of default occurs on 02-16 and, the seed note
accelerating automatically, everything is due at once.
"""

from typing import Any

from payments.models import DefaultNotice, NoteEvent


def events_url(cast: Any) -> str:
    return f"/api/notes/{cast.note.pk}/events/"


def test_a_notice_before_anything_is_past_due_is_refused(cast: Any) -> None:
    response = cast["lender"].post(
        events_url(cast), {"kind": "default_notice", "date": "2006-01-20"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input."
    assert response.json()["errors"]
    assert DefaultNotice.objects.count() == 0


def test_a_notice_with_the_cure_missed_accelerates_the_note(cast: Any) -> None:
    response = cast["lender"].post(
        events_url(cast),
        {"kind": "default_notice", "date": "2006-02-05", "delivery_method": "certified_mail"},
        format="json",
    )
    balance = cast["lender"].get(f"/api/notes/{cast.note.pk}/balance/?as_of=2006-02-16").json()

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["date"], response.json()["installments"]) == (
        "default_notice",
        "2006-02-05",
        [1],
    )
    # Accelerated on 02-16: principal 185,000.00 due, interest 1,911.67 due for
    # period 1 plus 02-01 -> 02-16 (15 days of 30/360): 185,000 x 0.12 x 15/360 = 925.00.
    assert balance["status"] == "accelerated"
    assert (balance["principal_due"], balance["interest_due"]) == ("185000.00", "2836.67")
    assert balance["next_due_date"] is None


def test_events_list_notices_and_default_events_in_date_order(cast: Any) -> None:
    lender = cast["lender"]
    lender.post(
        events_url(cast), {"kind": "bankruptcy_involuntary", "date": "2006-01-10"}, format="json"
    )
    lender.post(events_url(cast), {"kind": "default_notice", "date": "2006-02-05"}, format="json")
    case = NoteEvent.objects.get(kind="bankruptcy_involuntary")
    lender.post(
        events_url(cast),
        {"kind": "bankruptcy_dismissed", "date": "2006-03-31", "refers_to": case.pk},
        format="json",
    )

    listing = cast["accountant"].get(events_url(cast)).json()

    assert listing["count"] == 3
    assert [(e["kind"], e["date"]) for e in listing["results"]] == [
        ("bankruptcy_involuntary", "2006-01-10"),
        ("default_notice", "2006-02-05"),
        ("bankruptcy_dismissed", "2006-03-31"),
    ]
    assert listing["results"][2]["refers_to"] == case.pk


def test_a_waiver_without_a_standing_default_is_refused(cast: Any) -> None:
    response = cast["lender"].post(
        events_url(cast), {"kind": "waiver", "date": "2006-03-01"}, format="json"
    )

    assert response.status_code == 400
    assert NoteEvent.objects.count() == 0


def test_acceleration_on_an_automatic_note_is_refused(cast: Any) -> None:
    cast["lender"].post(
        events_url(cast), {"kind": "default_notice", "date": "2006-02-05"}, format="json"
    )

    response = cast["lender"].post(
        events_url(cast), {"kind": "acceleration", "date": "2006-02-20"}, format="json"
    )

    assert response.status_code == 400
    assert NoteEvent.objects.count() == 0


def test_borrower_staff_and_accountants_cannot_record_events(cast: Any) -> None:
    body = {"kind": "default_notice", "date": "2006-02-05"}

    statuses = [
        cast[r].post(events_url(cast), body, format="json").status_code
        for r in ("borrower_staff", "accountant")
    ]

    assert statuses == [403, 403]
    assert DefaultNotice.objects.count() == 0


def test_an_unknown_kind_is_a_field_error(cast: Any) -> None:
    response = cast["lender"].post(
        events_url(cast), {"kind": "foreclosure", "date": "2006-02-05"}, format="json"
    )

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
