"""Filters of the statement templates: amounts as accountants print them."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def amount(value: Decimal | None) -> str:
    """`1,850.00`; a negative amount in parentheses, `(1,850.00)`; nothing for None."""
    if value is None:
        return ""
    text = f"{abs(value):,.2f}"
    return f"({text})" if value < 0 else text


@register.filter
def less(value: Decimal) -> str:
    """An amount taken off: `(1,600.00)`, or `0.00` when nothing is."""
    return amount(-value) if value else amount(value)


@register.filter
def percent(value: Decimal) -> str:
    """A share: `50%`, `33.3333%`."""
    return f"{value.normalize():f}%"
