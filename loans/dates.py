"""The dates Notekeeper accepts: 1900-01-01 to 2199-12-31, everywhere a date comes in.

Private notes are dated and mature within a lifetime; a year-1 or year-9999 date is
a typing mistake or a probe. Python's dates end at 9999-12-31, so a note maturing
then made the schedule step past the end (ValueError), and replays or periods
spanning millennia overflowed (OverflowError) or ran for minutes. One bound, checked
where a date enters (boarding, events, statements, as-of queries), keeps every date
the engine adds months or days to far from either end and answers a field error.
"""

from datetime import date

from django.core.exceptions import ValidationError

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


def date_range_error(day: date) -> str | None:
    """Why `day` is refused, or None when it is in the accepted range."""
    if DATE_MIN <= day <= DATE_MAX:
        return None
    return f"{day.isoformat()} is outside {DATE_MIN.isoformat()}..{DATE_MAX.isoformat()}."


def date_in_range(day: date, field: str) -> date:
    """`day`, or ValidationError({field: [why]}) when it is outside the accepted range."""
    error = date_range_error(day)
    if error is not None:
        raise ValidationError({field: [error]})
    return day
