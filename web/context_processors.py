"""What every page shows: the business date its figures are as of (DESIGN 3.8)."""

from django.http import HttpRequest

from loans.business_date import business_date


def business(request: HttpRequest) -> dict[str, object]:
    return {"business_date": business_date()}
