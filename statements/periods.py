"""What periods a statement may cover (DESIGN 4): inclusive, at most 10 years, and
between sane dates, so no request replays a note for millennia or overflows a date."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

MAX_YEARS = 10
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def checked_day(day: date, field: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            {field: [f"{day.isoformat()} is outside {EARLIEST.isoformat()}..{LATEST.isoformat()}."]}
        )
    return day


def checked_period(start: date, end: date) -> tuple[date, date]:
    """start..end inclusive: not reversed, not longer than 10 years."""
    checked_day(start, "from")
    checked_day(end, "to")
    if end < start:
        raise ValidationError({"to": ["The period ends before it starts."]})
    if end >= start + relativedelta(years=MAX_YEARS):
        raise ValidationError(
            {"to": [f"A period covers at most {MAX_YEARS} years; ask for less than that."]}
        )
    return start, end
