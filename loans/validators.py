"""Free text Notekeeper stores must read as what it is.

Control characters (C0, DEL, C1: NUL, bell, escape, backspace...) can hide or
rewrite text on a terminal, in a CSV opened in a spreadsheet or in a log line,
and PostgreSQL refuses NUL outright. Bidirectional overrides and isolates
(U+202A..U+202E, U+2066..U+2069) make text display in another order than it
is stored: a memo or a payment reference would read differently in a
statement than in the books. Both are refused with a field error naming the
character and where it is.

- `plain_text`: several lines allowed (memos, descriptions, reasons,
  comments, note terms): newline, tab and a newline as CR LF pass.
- `plain_line`: one line (names, references, addresses): no newline or tab.
"""

import unicodedata

from django.core.exceptions import ValidationError

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides, pop and isolates: U+202A..U+202E and U+2066..U+2069."""


def refused_character(value: str, *, multiline: bool) -> tuple[int, str] | None:
    """The first character free text may not hold: (position from 0, character)."""
    for position, char in enumerate(value):
        if multiline and (
            char in "\n\t" or (char == "\r" and value[position + 1 : position + 2] == "\n")
        ):
            continue
        if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
            return position, char
    return None


def check_text(value: str, *, multiline: bool) -> None:
    found = refused_character(value, multiline=multiline)
    if found is None:
        return
    position, char = found
    if char in BIDI_CONTROLS:
        what = "a bidirectional override, which makes text display out of order"
    elif char in "\n\r\t":
        what = "a line break or tab, and this field is one line"
    else:
        what = "a control character"
    allowed = " Newline and tab are allowed." if multiline else ""
    raise ValidationError(
        f"Contains U+{ord(char):04X}, {what}, at position {position + 1}.{allowed}",
        code="control_character",
    )


def plain_text(value: str) -> None:
    """Validator: free text of one or several lines (newline and tab allowed)."""
    check_text(value, multiline=True)


def plain_line(value: str) -> None:
    """Validator: free text of one line (no newline or tab either)."""
    check_text(value, multiline=False)
