"""The note's original instrument, kept byte for byte (DESIGN 2).

The instrument is the uploaded file when there is one, else the text as given.
Its SHA-256 is taken once, when the note is boarded (through `note_board` or the
admin's add form), and stored with the note, so anyone can check that the file
or text still is what was boarded. Neither changes afterwards: no service edits
them and the admin shows them read-only once the note exists.
"""

import hashlib

from django.core.files import File

from loans.models import Note


def instrument_digest(*, file: File | None, text: str) -> str:
    """SHA-256 (hex) of the instrument: the file's bytes when there is one, else the
    text's UTF-8 bytes. Reads the file in chunks and leaves it open for storing."""
    if not file:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def instrument_bytes(*, note: Note) -> bytes:
    """The stored instrument's bytes: the file's, or the text's in UTF-8."""
    if not note.instrument_file:
        return note.instrument_text.encode("utf-8")
    with note.instrument_file.open("rb") as stored:
        return stored.read()
