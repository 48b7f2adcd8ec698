"""The servicing date (DESIGN 3.8): "today" for every default as-of."""

from datetime import date

from django.conf import settings
from django.utils import timezone


def business_date() -> date:
    """NOTEKEEPER_BUSINESS_DATE when set, else today in the installation's TIME_ZONE."""
    fixed = settings.NOTEKEEPER_BUSINESS_DATE
    if fixed:
        return date.fromisoformat(fixed)
    return timezone.localdate()
