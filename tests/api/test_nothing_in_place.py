"""Nothing changes in place (DESIGN 2) through the API: no endpoint edits a note's
terms or lender shares (PUT and PATCH on /api/notes/{id}/ are refused, for the
servicer too), and the note shows its instrument's SHA-256."""

from typing import Any

import pytest

from loans.models import Note, NoteLender


def snapshot(note: Note) -> tuple[Any, ...]:
    note = Note.objects.get(pk=note.pk)
    shares = list(
        NoteLender.objects.filter(note=note).order_by("pk").values_list("share", flat=True)
    )
    return (note.principal, note.annual_rate, note.maturity_date, shares)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_note_cannot_be_edited_through_the_api(cast: Any, method: str) -> None:
    before = snapshot(cast.note)
    people = [row.party_id for row in cast.note.lender_shares.order_by("pk")]
    body = {
        "annual_rate": "15.000",
        "lenders": [{"party": people[0], "share": "60"}, {"party": people[1], "share": "40"}],
    }
    response = getattr(cast["servicer"], method)(f"/api/notes/{cast.note.pk}/", body, format="json")

    # The view has no PUT or PATCH; the permission layer refuses an unsafe method a
    # view does not name (403) before DRF would get to answer 405. Either is a refusal.
    assert response.status_code in (403, 405)
    assert snapshot(cast.note) == before


def test_the_note_shows_its_instrument_digest(cast: Any) -> None:
    body = cast["lender"].get(f"/api/notes/{cast.note.pk}/").json()
    # sha256sum of the seed instrument (see tests/loans/test_instrument.py).
    assert body["instrument_sha256"] == (
        "0fe281fab1c3b2d7030dfc26606449567556c2a408c0014c0ffb6037d1956513"
    )
