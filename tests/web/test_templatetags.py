"""The money filter prints amounts the way statements do: `185,000.00`."""

from decimal import Decimal

import pytest

from web.templatetags.notekeeper import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("185000"), "185,000.00"),
        (Decimal("1850.00"), "1,850.00"),
        ("1911.67", "1,911.67"),
        (Decimal("-1850.5"), "-1,850.50"),
        (Decimal("0"), "0.00"),
        (None, ""),
    ],
)
def test_money(value: Decimal | str | None, shown: str) -> None:
    assert money(value) == shown


def test_day_is_an_iso_date_in_a_time_element():
    from datetime import date

    from web.templatetags.notekeeper import day

    assert day(date(2007, 4, 1)) == '<time datetime="2007-04-01">2007-04-01</time>'
    assert day(None) == ""
