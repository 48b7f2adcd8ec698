"""Statuses in words (DESIGN 3.5, 3.7): the engine decides, the pages say it."""

from datetime import date
from decimal import Decimal

import pytest

from loans.engine.values import Installment, InstallmentStatus
from web.status import days_until_label, installment_label, note_status_label, punctuality_label


def installment(status: InstallmentStatus, paid: str, days_late: int = 0) -> Installment:
    return Installment(
        number=1,
        period_start=date(2006, 1, 1),
        due_date=date(2006, 2, 1),
        days=30,
        interest=Decimal("1850.00"),
        principal=Decimal("0.00"),
        total=Decimal("1850.00"),
        paid=Decimal(paid),
        status=status,
        days_late=days_late,
    )


@pytest.mark.parametrize(
    ("status", "paid", "days_late", "words", "tone"),
    [
        ("paid", "1850.00", 0, "Paid", "ok"),
        ("paid_late", "1850.00", 13, "Paid 13 days late", "warn"),
        ("paid_late", "1850.00", 1, "Paid 1 day late", "warn"),
        ("past_due", "0.00", 5, "Past due 5 days", "bad"),
        ("past_due", "100.00", 5, "Partially paid, past due 5 days", "bad"),
        ("due", "0.00", 0, "Due today", "warn"),
        ("due", "925.00", 0, "Partially paid, due today", "warn"),
        ("upcoming", "0.00", 0, "Upcoming", "neutral"),
        ("upcoming", "925.00", 0, "Partially paid", "info"),
    ],
)
def test_installment_status_in_words(status, paid, days_late, words, tone):
    label = installment_label(installment(status, paid, days_late))
    assert (label.words, label.tone) == (words, tone)


@pytest.mark.parametrize(
    ("status", "words", "tone"),
    [
        ("current", "Current", "ok"),
        ("past_due", "Past due", "warn"),
        ("in_default", "In default", "bad"),
        ("accelerated", "Accelerated", "bad"),
        ("matured", "Matured", "warn"),
        ("paid_off", "Paid off", "done"),
    ],
)
def test_note_status_in_words_and_colour(status, words, tone):
    assert note_status_label(status).words == words
    assert note_status_label(status).tone == tone


def test_punctuality_and_distance_in_days():
    assert punctuality_label(installment("paid", "1850.00")).words == "On time"
    assert punctuality_label(installment("paid_late", "1850.00", 13)).words == "13 days late"
    assert [days_until_label(n) for n in (0, 1, 17, -2)] == [
        "today",
        "in 1 day",
        "in 17 days",
        "2 days ago",
    ]
