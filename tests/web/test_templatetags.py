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


def test_moment_is_the_local_time_to_the_minute_in_a_time_element(settings):
    # 2007-03-01 15:04:05 UTC is 10:04:05 in New York (EST, UTC-5); the template converts
    # it (expects_localtime) before the filter writes it, as the `date` filter's was.
    from datetime import UTC, datetime

    from django.template import Context, Template

    settings.TIME_ZONE = "America/New_York"
    at = datetime(2007, 3, 1, 15, 4, 5, tzinfo=UTC)
    shown = Template("{% load notekeeper %}{{ at|moment }}").render(Context({"at": at}))
    assert shown == '<time datetime="2007-03-01T10:04:05-05:00">2007-03-01 10:04</time>'
    earlier = Template(
        "{% load notekeeper %}<time datetime=\"{{ at|date:'c' }}\">{{ at|date:'Y-m-d H:i' }}</time>"
    )
    assert shown == earlier.render(Context({"at": at}))
