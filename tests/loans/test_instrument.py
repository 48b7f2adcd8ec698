"""The instrument is kept byte for byte with its SHA-256 (DESIGN 2): through
`note_board` (text or file), for the seed note, and shown by the API."""

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile

from loans.instrument import instrument_bytes
from loans.models import Note, Party
from loans.seed import SEED_TEXT
from loans.services import note_board

pytestmark = pytest.mark.django_db

# LF and CRLF line ends, a lone CR, a trailing space, a tab, non-ASCII, and
# whitespace at both ends.
INSTRUMENT = "  PROMISSORY NOTE\nline two\r\nwith a trailing space \r\tcafé — “€ ½”\r\nend  "
# sha256sum of /work/shared/notes/promissory-note-2005-infinite-group.txt (DESIGN's copy),
# computed outside the code under test; loans/fixtures/ holds the same bytes.
SEED_SHA256 = "0fe281fab1c3b2d7030dfc26606449567556c2a408c0014c0ffb6037d1956513"


def board(make_party: Any, **instrument: Any) -> Note:
    lender = make_party("Lender", kind=Party.Kind.PERSON)
    return note_board(
        reference="BYTES-1", borrower=make_party("Borrower"), lenders=[(lender, Decimal("100"))],
        principal=Decimal("1000.00"), annual_rate=Decimal("5"), day_count="30/360",
        dated=date(2024, 1, 1), first_payment_date=date(2024, 2, 1),
        maturity_date=date(2025, 1, 1), repayment="interest_only", **instrument,
    )  # fmt: skip


def test_text_is_stored_as_given_with_its_digest(make_party: Any) -> None:
    note = board(make_party, instrument_text=INSTRUMENT)
    note = Note.objects.get(pk=note.pk)  # as the database returns it

    assert instrument_bytes(note=note) == INSTRUMENT.encode("utf-8")
    assert note.instrument_sha256 == hashlib.sha256(INSTRUMENT.encode("utf-8")).hexdigest()


def test_a_file_is_stored_as_uploaded_with_its_digest(
    make_party: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    original = b"NOTE\r\nline\nnot UTF-8: \xff\xfe\xe9 \r\nend "
    note = board(make_party, instrument_file=ContentFile(original, name="note.txt"))
    note = Note.objects.get(pk=note.pk)

    assert instrument_bytes(note=note) == original
    assert note.instrument_sha256 == hashlib.sha256(original).hexdigest()


def test_the_seed_instrument_is_the_designs_copy(seed_note: Note) -> None:
    assert instrument_bytes(note=seed_note) == SEED_TEXT.read_bytes()
    assert seed_note.instrument_sha256 == SEED_SHA256
