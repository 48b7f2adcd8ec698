"""The API's JSON parser: DRF's, with a bound on nesting.

Python's JSON decoder recurses once per level: a body of some thousands of
`[` raises RecursionError, which DRF does not catch (a 500, before any
authentication). No Notekeeper body nests deeper than three levels (a note
with its lenders), so anything deeper than MAX_JSON_DEPTH is refused as
malformed (400) rather than handed to serializers that may recurse again.
"""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 16
TOO_DEEP = f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."


def nesting_depth(data: Any, limit: int) -> int:
    """How deep objects and arrays nest in `data` (a scalar is 0), counted
    without recursion and only as far as `limit + 1`."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        pending.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if nesting_depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            raise ParseError(TOO_DEEP)
        return data
