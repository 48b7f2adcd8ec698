"""Template filters for the pages: money as `185,000.00`."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value: Decimal | str | None) -> str:
    """Two decimals with thousands separators; empty for no value."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
