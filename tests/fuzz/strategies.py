"""Hypothesis strategies for hostile input: any JSON value, odd strings, huge and
negative numbers, odd dates; each mixed with a few well-formed values so that some
examples pass validation and reach the write."""

import string
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from payments.models import NoteEventKind

ODD_TEXT = [
    "", " ", "0", "-0", "00", "-1", "+1", "1e-2", "1E5", "1_000", "1,000.00", "0x10",
    "\u0661\u0662\u0663", "\uff11\uff12\uff13",
    "NaN", "-Infinity", "inf", "sNaN", "1850.001", "0.00", ".5", "5.",
    "9" * 13, "9" * 40, "1e999999999", "-1e-999999999", "null", "true", "[]", "{}",
    "\x00", "a\u202eb", "\ufeff1", "2007-02-30", "0000-01-01", "9999-12-31", "10000-01-01",
    "-2007-01-01", "+2007-01-01", "2007-1-1", "20070315", "2007-03-15T00:00:00",
    "2007-03-15 ", "\u0662\u0660\u0660\u0667-03-15", "1" * 5000,
]  # fmt: skip
"""Strings that have broken parsers elsewhere: signs, exponents, separators, other
digits, non-finite numbers, control and bidi characters, impossible dates."""

EVENT_KINDS = ["default_notice", *NoteEventKind.values]
"""Every kind the events endpoint and `event_record` take."""

HUGE_INTS = st.integers(min_value=0, max_value=6000).map(lambda n: 10**n)
"""Powers of ten up to 6001 digits: past int's default 4300-digit str() limit."""

NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    HUGE_INTS,
    HUGE_INTS.map(lambda n: -n),
    st.floats(allow_nan=False, allow_infinity=False),
)
"""Numbers a JSON body can hold: ints of any size and sign, floats."""

ODD_STRINGS = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(max_size=50),
    st.text(alphabet=string.digits + ".-+eE_ ", max_size=30),
    st.one_of(st.integers(min_value=-(10**30), max_value=10**30), st.floats()).map(str),
)

DATES = st.one_of(
    st.dates().map(date.isoformat),  # year 1 to 9999
    st.datetimes().map(datetime.isoformat),
    st.dates(min_value=date(2006, 1, 1), max_value=date(2008, 1, 1)).map(date.isoformat),
)
"""Dates as an API body writes them: any year, datetimes, and dates near the seed note's
business date (2007-03-15) so that some are accepted."""

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS | ODD_STRINGS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
"""Any JSON value, nested a little."""


def field(*good: Any) -> st.SearchStrategy[Any]:
    """A body field: one of the `good` values, or anything at all."""
    return st.one_of(st.sampled_from(good), ODD_STRINGS, DATES, JSON_VALUES)


def body(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """A JSON body: some of `fields` (maybe with an unknown one), or any JSON value."""
    known = st.fixed_dictionaries({}, optional=fields)
    extra = st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=2)
    return st.one_of(
        known,
        known,
        known,
        st.tuples(known, extra).map(lambda pair: {**pair[1], **pair[0]}),
        JSON_VALUES,
    )


SERVICE_VALUES = st.one_of(
    JSON_VALUES,
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=Decimal("-1e20"), max_value=Decimal("1e20"), places=3),
)
"""What a Python caller could pass a service's loosely typed arguments: JSON values
and also dates, datetimes and Decimals of every kind (NaN, infinities, many places)."""
