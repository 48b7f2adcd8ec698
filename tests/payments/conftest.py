"""Fixtures for posting tests: a note on the seed's terms, a clerk, a fixed business date."""

from typing import Any

import pytest

from loans.models import Note
from tests.payments.factories import make_note, make_user


@pytest.fixture
def note(db: None) -> Note:
    return make_note()


@pytest.fixture
def clerk(db: None) -> Any:
    return make_user()


@pytest.fixture
def on(settings: Any) -> Any:
    """on("2006-04-15") fixes the business date (DESIGN 3.8) for the rest of the test."""

    def set_business_date(day: str) -> None:
        settings.NOTEKEEPER_BUSINESS_DATE = day

    return set_business_date
