"""Words and colours for the statuses the engine decides (DESIGN 3.5, 3.7).

Nothing here decides a status: the engine does. This module only says it in
words a person reads, with a tone the stylesheet colours (`ok`, `warn`, `bad`,
`done`, `info`, `neutral`); the words always carry the meaning, the colour
only repeats it.
"""

from dataclasses import dataclass

from loans.engine.money import ZERO
from loans.engine.values import Installment
from loans.models import NoteStatus

NOTE_TONES = {
    "current": "ok",
    "paid_off": "done",
    "past_due": "warn",
    "matured": "warn",
    "in_default": "bad",
    "accelerated": "bad",
}

WATCH_KIND_WORDS = {
    "next_due": "Payment due",
    "cure_deadline": "Cure deadline",
    "clock_deadline": "90-day window ends",
    "maturity": "Maturity",
    "collateral_lapse": "Collateral filing lapses",
}
WATCH_KIND_TONES = {
    "next_due": "info",
    "cure_deadline": "bad",
    "clock_deadline": "bad",
    "maturity": "warn",
    "collateral_lapse": "warn",
}


@dataclass(frozen=True)
class Label:
    """A status said in words, with the tone the stylesheet colours it by."""

    words: str
    tone: str


def note_status_label(status: str) -> Label:
    return Label(str(NoteStatus(status).label), NOTE_TONES.get(status, "neutral"))


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def installment_label(installment: Installment) -> Label:
    """Paid, paid late (days late), partially paid, due today, past due (days), upcoming."""
    status = installment.status
    partly = ZERO < installment.paid < installment.total
    if status == "paid":
        return Label("Paid", "ok")
    if status == "paid_late":
        return Label(f"Paid {days(installment.days_late)} late", "warn")
    if status == "past_due":
        prefix = "Partially paid, past due" if partly else "Past due"
        return Label(f"{prefix} {days(installment.days_late)}", "bad")
    if status == "due":
        return Label("Partially paid, due today" if partly else "Due today", "warn")
    return Label("Partially paid" if partly else "Upcoming", "info" if partly else "neutral")


def punctuality_label(installment: Installment) -> Label:
    """Whether a paid installment was paid on time, for the home pages."""
    if installment.status == "paid_late":
        return Label(f"{days(installment.days_late)} late", "warn")
    return Label("On time", "ok")


def days_until_label(count: int) -> str:
    """How far a date is from today, in words: 'today', 'in 3 days', '2 days ago'."""
    if count == 0:
        return "today"
    if count > 0:
        return f"in {days(count)}"
    return f"{days(-count)} ago"
