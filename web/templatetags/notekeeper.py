"""Template filters for the pages: money as `185,000.00`, dates as `2007-03-15`."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def money(value: Decimal | str | None) -> str:
    """Two decimals with thousands separators; empty for no value."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def day(value: date | None) -> str:
    """A date as YYYY-MM-DD in a <time> element, never split across lines."""
    if value is None or value == "":
        return ""
    iso = value.isoformat()
    return format_html('<time datetime="{0}">{0}</time>', iso)


@register.filter(expects_localtime=True)
def moment(value: datetime | None) -> str:
    """A time, in the current time zone, as YYYY-MM-DD HH:MM in a <time> element."""
    if value is None or value == "":
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), value.strftime("%Y-%m-%d %H:%M")
    )
