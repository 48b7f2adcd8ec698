"""Post an admin form back the way a browser does: every field the page renders,
with the values it shows, and nothing it does not (read-only fields have no input).

A browser submits a textarea's text with every line break as CRLF (HTML
"textarea wrapping transformation") and drops the one newline that follows the
opening <textarea> tag; this helper does the same, so a test posting a page back
sees what a real browser would send.
"""

from html.parser import HTMLParser
from typing import Any


class FormFields(HTMLParser):
    """The successful controls of the page's <form id="...">: name -> list of values."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input":
            self._input(a)
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text")
        if kind in ("submit", "button", "file", "image", "reset") or not a.get("name"):
            return
        if kind in ("checkbox", "radio"):
            if "checked" in a:
                self.fields.setdefault(a["name"], []).append(a.get("value", "on"))
            return
        self.fields.setdefault(a["name"], []).append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            text = text[1:] if text.startswith("\n") else text
            crlf = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
            self.fields.setdefault(self._textarea, []).append(crlf)
            self._textarea = None


def form_data(page: str, form_id: str) -> dict[str, Any]:
    """What a browser would post from the page's form, ready for Client.post()."""
    parser = FormFields(form_id)
    parser.feed(page)
    return {
        name: values if len(values) > 1 else values[0] for name, values in parser.fields.items()
    }
