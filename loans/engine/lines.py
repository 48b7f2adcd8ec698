"""Payment ids, and texts by payment id, kept as blocks of lines once frozen.

A frozen walk (replay.Checkpoint) carries every payment of its note: its id in the
order walked, and its split as text (`Split.text`). As thousands of short strings, they
were most of what a posting spent unpickling and pickling the walk of a long note; as a
few long strings, pickling is a copy. A posting to a frozen walk only adds: what it
adds waits in a list or dict beside the blocks until the walk is frozen again, and the
blocks are read into a dict only when something looks a text up (a report of every
payment's allocation, a thaw of the splits still held).

Ids and texts never hold a newline (`IdLines.append` and `LineMap.plus` refuse one).
"""

from collections.abc import ItemsView, Iterable, Iterator


def _line(text: str) -> str:
    if "\n" in text:
        raise ValueError(f"A newline in {text!r}.")
    return text + "\n"


class IdLines:
    """Payment ids in the order they were added; pickled as one block of lines."""

    __slots__ = ("_added", "_text")

    def __init__(self) -> None:
        self._text = ""
        """The ids frozen before, one a line."""
        self._added: list[str] = []
        """The ids added since."""

    def append(self, payment_id: str) -> None:
        _line(payment_id)
        self._added.append(payment_id)

    def __iter__(self) -> Iterator[str]:
        if self._text:
            yield from self._text[:-1].split("\n")
        yield from self._added

    def __contains__(self, payment_id: object) -> bool:
        return payment_id in self._added or f"\n{payment_id}\n" in f"\n{self._text}"

    def __len__(self) -> int:
        return self._text.count("\n") + len(self._added)

    def __getstate__(self) -> str:
        return self._text + "".join(map(_line, self._added))

    def __setstate__(self, text: str) -> None:
        self._text, self._added = text, []


class LineMap:
    """Payment id -> text, in the order first added (a later text for the same id
    replaces the earlier, as in a dict); pickled as two blocks of lines, the ids and the
    texts. Adding makes a new map (`plus`): a map being frozen is left as it was."""

    __slots__ = ("_added", "_ids", "_read", "_texts")

    def __init__(self) -> None:
        self._ids = self._texts = ""
        """The ids and the texts frozen before, one a line, in the same order."""
        self._added: dict[str, str] = {}
        """Added since."""
        self._read: dict[str, str] | None = None
        """Everything as a dict, once something looked a text up."""

    def plus(self, items: Iterable[tuple[str, str]]) -> "LineMap":
        """These and `items`."""
        added = dict(self._added)
        for payment_id, text in items:
            _line(payment_id)
            _line(text)
            added[payment_id] = text
        new = LineMap()
        new._ids, new._texts, new._added = self._ids, self._texts, added
        return new

    def _dict(self) -> dict[str, str]:
        if self._read is None:
            read = {}
            if self._ids:
                read = dict(
                    zip(self._ids[:-1].split("\n"), self._texts[:-1].split("\n"), strict=True)
                )
            read.update(self._added)
            self._read = read
        return self._read

    def get(self, payment_id: str) -> str | None:
        return self._dict().get(payment_id)

    def __getitem__(self, payment_id: str) -> str:
        return self._dict()[payment_id]

    def items(self) -> ItemsView[str, str]:
        return self._dict().items()

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def __bool__(self) -> bool:
        return bool(self._ids or self._added)

    def __getstate__(self) -> tuple[str, str]:
        return (
            self._ids + "".join(map(_line, self._added)),
            self._texts + "".join(map(_line, self._added.values())),
        )

    def __setstate__(self, state: tuple[str, str]) -> None:
        self._ids, self._texts = state
        self._added, self._read = {}, None
