"""Nothing changes in place (DESIGN 2), through the admin as a browser uses it:
the demo servicer opens a note's change page and posts the form back.

- Once anything is recorded against a note its lender shares are read-only: a
  post that tries 60/40 (or a third lender, or a deletion) leaves 50/50.
- The instrument is kept byte for byte: saving the change form leaves the text
  (LF, CRLF, a trailing space, non-ASCII) and its SHA-256 exactly as boarded; the
  add form stores typed text and uploaded files exactly as posted.
"""

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from loans.instrument import instrument_bytes
from loans.models import Note, NoteLender, Party
from loans.seed import SEED_REFERENCE, seed_demo_users
from loans.services import note_board
from payments.services import payment_record
from tests.web.admin_forms import form_data
from tests.web.test_admin import note_post

pytestmark = pytest.mark.django_db

# LF and CRLF line ends, a trailing space, a tab, non-ASCII letters and punctuation,
# and whitespace at both ends (which a form field would strip by default).
INSTRUMENT = "  PROMISSORY NOTE\nline two\r\nwith a trailing space \n\tcafé — “€ ½”\r\nend  "


@pytest.fixture
def servicer(client: Client) -> Client:
    seed_demo_users()
    client.force_login(get_user_model().objects.get(username="servicer"))
    return client


def change_url(note: Note) -> str:
    return f"/admin/loans/note/{note.pk}/change/"


def shares(note: Note) -> list[tuple[str, Decimal]]:
    rows = NoteLender.objects.filter(note=note).order_by("pk")
    return [(row.party.name, row.share) for row in rows]


def record_payment(note: Note) -> None:
    servicer = get_user_model().objects.get(username="servicer")
    with override_settings(NOTEKEEPER_BUSINESS_DATE="2006-02-01"):
        payment_record(
            note=note, received_on=date(2006, 2, 1), amount=Decimal("1911.67"),
            method="check", entered_by=servicer,
        )  # fmt: skip


def post_back(client: Client, note: Note, **change: Any) -> Any:
    """Open the change page and post its form back with `change` applied."""
    page = client.get(change_url(note)).content.decode()
    return client.post(change_url(note), {**form_data(page, "note_form"), **change})


def sixty_forty(client: Client, note: Note) -> dict[str, Any]:
    ids = [row.pk for row in NoteLender.objects.filter(note=note).order_by("pk")]
    return {
        "lender_shares-0-id": ids[0], "lender_shares-0-note": note.pk,
        "lender_shares-0-party": NoteLender.objects.get(pk=ids[0]).party_id,
        "lender_shares-0-share": "60",
        "lender_shares-1-id": ids[1], "lender_shares-1-note": note.pk,
        "lender_shares-1-party": NoteLender.objects.get(pk=ids[1]).party_id,
        "lender_shares-1-share": "40",
    }  # fmt: skip


def test_before_anything_is_recorded_the_shares_may_be_corrected(servicer: Client) -> None:
    # Negative control: the same post does change the shares while nothing is recorded,
    # so the test below could see a change.
    note = Note.objects.get(reference=SEED_REFERENCE)
    response = post_back(servicer, note, **sixty_forty(servicer, note))

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [share for _, share in shares(note)] == [Decimal("60"), Decimal("40")]


def test_once_a_payment_is_recorded_the_shares_do_not_change(servicer: Client) -> None:
    note = Note.objects.get(reference=SEED_REFERENCE)
    record_payment(note)
    before = shares(note)
    page = servicer.get(change_url(note)).content.decode()
    assert 'name="lender_shares-0-share"' not in page  # shown as text, no input
    assert 'name="lender_shares-0-DELETE"' not in page  # no deleting
    assert 'name="lender_shares-MAX_NUM_FORMS" value="0"' in page  # no adding

    stranger = Party.objects.create(name="Third Party", kind="person")
    attempt = sixty_forty(servicer, note) | {
        "lender_shares-0-DELETE": "on",
        "lender_shares-TOTAL_FORMS": "3",
        "lender_shares-2-party": stranger.pk,
        "lender_shares-2-share": "10",
        "governing_law": "New York (changed)",
    }
    response = post_back(servicer, note, **attempt)

    assert response.status_code == 302
    assert shares(note) == before == [
        ("DAVID N. SLAVNY", Decimal("50")), ("LEAH A. SLAVNY", Decimal("50"))
    ]  # fmt: skip
    note.refresh_from_db()
    assert note.governing_law == "New York (changed)"  # the rest of the form was saved


def test_a_share_transfer_alone_fixes_the_shares_too(servicer: Client) -> None:
    from payments.share_transfers import share_transfer_record

    note = Note.objects.get(reference=SEED_REFERENCE)
    david, leah = (row.party for row in NoteLender.objects.filter(note=note).order_by("pk"))
    share_transfer_record(
        note=note, from_party=david, to_party=leah, share="25", effective_on=date(2006, 7, 1),
        entered_by=get_user_model().objects.get(username="servicer"), today=date(2007, 3, 15),
    )  # fmt: skip
    post_back(servicer, note, **sixty_forty(servicer, note))
    assert [share for _, share in shares(note)] == [Decimal("50"), Decimal("50")]


def test_the_browser_helper_sends_textareas_with_crlf() -> None:
    # What made the old admin rewrite line endings: browsers post CRLF.
    page = '<form id="f"><textarea name="t">\nline one\nline two</textarea></form>'
    assert form_data(page, "f") == {"t": "line one\r\nline two"}


def board_with_instrument(**instrument: Any) -> Note:
    borrower = Party.objects.get(name="INFINITE GROUP, INC.")
    lender = Party.objects.get(name="DAVID N. SLAVNY")
    return note_board(
        reference="BYTES-1", borrower=borrower, lenders=[(lender, Decimal("100"))],
        principal=Decimal("1000.00"), annual_rate=Decimal("5"), day_count="30/360",
        dated=date(2024, 1, 1), first_payment_date=date(2024, 2, 1),
        maturity_date=date(2025, 1, 1), repayment="interest_only", **instrument,
    )  # fmt: skip


def test_saving_the_change_form_keeps_the_instrument_byte_for_byte(servicer: Client) -> None:
    note = board_with_instrument(instrument_text=INSTRUMENT)
    expected = hashlib.sha256(INSTRUMENT.encode("utf-8")).hexdigest()
    page = servicer.get(change_url(note)).content.decode()
    assert 'name="instrument_text"' not in page  # read-only once boarded
    assert expected in page  # its SHA-256 is shown

    response = post_back(servicer, note, governing_law="Delaware", instrument_text="tampered")

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.governing_law == "Delaware"
    assert instrument_bytes(note=note) == INSTRUMENT.encode("utf-8")
    assert note.instrument_sha256 == expected


def test_the_add_form_stores_typed_text_as_posted(servicer: Client) -> None:
    borrower = Party.objects.get(name="INFINITE GROUP, INC.")
    lender = Party.objects.get(name="DAVID N. SLAVNY")
    data = note_post(borrower, [(lender, "100")], instrument_text=INSTRUMENT)

    assert servicer.post("/admin/loans/note/add/", data).status_code == 302

    note = Note.objects.get(reference="ADMIN-1")
    assert note.instrument_text.encode("utf-8") == INSTRUMENT.encode("utf-8")
    assert note.instrument_sha256 == hashlib.sha256(INSTRUMENT.encode("utf-8")).hexdigest()


def test_the_add_form_stores_an_uploaded_file_as_uploaded(
    servicer: Client, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    original = b"NOTE\r\nline\nnot UTF-8: \xff\xfe\xe9 \nend "
    borrower = Party.objects.get(name="INFINITE GROUP, INC.")
    lender = Party.objects.get(name="DAVID N. SLAVNY")
    upload = SimpleUploadedFile("note.txt", original, content_type="text/plain")
    data = note_post(borrower, [(lender, "100")], instrument_file=upload)

    assert servicer.post("/admin/loans/note/add/", data).status_code == 302

    note = Note.objects.get(reference="ADMIN-1")
    assert instrument_bytes(note=note) == original
    assert note.instrument_sha256 == hashlib.sha256(original).hexdigest()
