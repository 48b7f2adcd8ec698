"""The watchlist (DESIGN 3.6): per note, the next dates that matter."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from loans.engine.defaults import WINDOW_DAYS
from loans.models import Note
from payments.models import NoteEventKind
from payments.selectors import note_replay

MATURITY_WINDOW = timedelta(days=60)
LAPSE_WINDOW = relativedelta(months=6)
WINDOW_KINDS = {
    "involuntary": NoteEventKind.BANKRUPTCY_INVOLUNTARY,
    "judgment": NoteEventKind.JUDGMENT,
}
"""The engine's 90-day clocks and the event kinds that start them (for their labels)."""


@dataclass(frozen=True)
class WatchItem:
    """One date that matters on one note."""

    note_id: int
    note_reference: str
    date: date
    kind: str
    """next_due, cure_deadline, clock_deadline, maturity or collateral_lapse."""
    description: str
    amount: Decimal | None = None


def watchlist(*, notes: QuerySet[Note], today: date) -> list[WatchItem]:
    """Upcoming dates across the notes, soonest first; paid-off notes have none."""
    items: list[WatchItem] = []
    for note in notes.prefetch_related("collateral"):
        items.extend(_note_items(note, today))
    return sorted(items, key=lambda item: (item.date, item.note_reference, item.kind))


def _note_items(note: Note, today: date) -> list[WatchItem]:
    replay = note_replay(note=note, as_of=today)
    if replay.balance.status == "paid_off":
        return []

    def item(on: date, kind: str, text: str, amount: Decimal | None = None) -> WatchItem:
        return WatchItem(note.pk, note.reference, on, kind, text, amount)

    items = []
    if replay.balance.next_due_date:
        items.append(
            item(
                replay.balance.next_due_date,
                "next_due",
                "Next installment due",
                replay.balance.next_due_amount,
            )
        )
    for clock in replay.clocks:
        if clock.kind == "notice":
            text = f"Cure deadline of the notice of {clock.started_on}"
            items.append(item(clock.deadline, "cure_deadline", text))
        elif clock.kind in WINDOW_KINDS:
            what = WINDOW_KINDS[clock.kind].label.lower()
            text = f"Day {WINDOW_DAYS} of the {what} of {clock.started_on}"
            items.append(item(clock.deadline, "clock_deadline", text))
    if today <= note.maturity_date <= today + MATURITY_WINDOW:
        items.append(
            item(note.maturity_date, "maturity", "Maturity: principal and unpaid interest due")
        )
    for collateral in note.collateral.all():
        if collateral.lapse_date and today <= collateral.lapse_date <= today + LAPSE_WINDOW:
            items.append(
                item(collateral.lapse_date, "collateral_lapse", f"{collateral.title} lapses")
            )
    return items
