"""Template filters of the action pages: schedule statuses and allocation buckets in words."""

from django import template

from loans.engine.values import Allocation, Installment
from web.templatetags.notekeeper import money

register = template.Library()

STATUS_WORDS = {
    "paid": "Paid",
    "paid_late": "Paid late",
    "upcoming": "Upcoming",
    "due": "Due today",
    "past_due": "Past due",
}


@register.filter
def installment_status(row: Installment | None) -> str:
    """An installment's status in words: "Paid late (13 days)", "Partially paid"..."""
    if row is None:
        return "Not in the schedule"
    words = STATUS_WORDS.get(row.status, row.status)
    if row.status in ("upcoming", "due", "past_due") and 0 < row.paid < row.total:
        words = f"Partially paid, {words.lower()}"
    if row.days_late and row.status in ("paid_late", "past_due"):
        words = f"{words} ({row.days_late} day{'s' if row.days_late != 1 else ''})"
    return words


BUCKET_WORDS = (
    ("charges", "costs"),
    ("interest", "interest"),
    ("principal", "principal"),
    ("held", "held"),
    ("unapplied", "not applied"),
)


@register.filter
def allocation_words(allocation: Allocation) -> str:
    """Where a payment went, in words: "interest 1,850.00", "reversed: nothing applied"."""
    if allocation.reversed:
        return "reversed: nothing applied"
    parts = [
        f"{words} {money(getattr(allocation, bucket))}"
        for bucket, words in BUCKET_WORDS
        if getattr(allocation, bucket)
    ]
    return ", ".join(parts) or "nothing"
