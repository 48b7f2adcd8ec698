"""What periods a statement may cover (DESIGN 4): inclusive, at most 10 years, and
between sane dates, so no request replays a note for millennia or overflows a date."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from loans.dates import date_in_range

MAX_YEARS = 10


def checked_day(day: date, field: str) -> date:
    """`day` within the dates Notekeeper accepts (loans/dates.py)."""
    return date_in_range(day, field)


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
