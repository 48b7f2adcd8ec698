"""The watchlist (DESIGN 3.6): per note, the next dates that matter."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from loans.engine.values import Replay
from loans.models import Note
from loans.models.events import FOLLOW_UP_KINDS, DefaultNotice, NoteEvent, NoteEventKind
from loans.selectors import notes_replay, notice_engine_id

CLOCK_DAYS = 90
MATURITY_WINDOW = timedelta(days=60)
LAPSE_WINDOW = relativedelta(months=6)
CLOCK_KINDS = (NoteEventKind.BANKRUPTCY_INVOLUNTARY, NoteEventKind.JUDGMENT)


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
    notes_list = list(notes.prefetch_related("default_notices", "events", "collateral"))
    replays = notes_replay(notes=notes_list, as_of=today)
    items: list[WatchItem] = []
    for note in notes_list:
        items.extend(_note_items(note, replays[note.pk], today))
    return sorted(items, key=lambda item: (item.date, item.note_reference, item.kind))


def cure_deadline(notice: DefaultNotice, note: Note) -> date:
    """The last day to cure what a notice of default names (DESIGN 3.6)."""
    return notice.sent_on + timedelta(days=note.cure_days)


def _note_items(note: Note, replay: Replay, today: date) -> list[WatchItem]:
    if replay.balance.status == "paid_off":
        return []
    defaulted = {d.source_id for d in replay.defaults}

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
    for notice in note.default_notices.all():
        deadline = cure_deadline(notice, note)
        if deadline >= today and notice_engine_id(notice) not in defaulted:
            items.append(
                item(deadline, "cure_deadline", f"Cure deadline of the notice of {notice.sent_on}")
            )
    for event in _open_clocks(note, defaulted):
        deadline = event.date + timedelta(days=CLOCK_DAYS)
        if deadline >= today:
            items.append(
                item(
                    deadline,
                    "clock_deadline",
                    f"Day {CLOCK_DAYS} of the {event.get_kind_display().lower()} of {event.date}",
                )
            )
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


def _open_clocks(note: Note, defaulted: set[str]) -> list[NoteEvent]:
    events = list(note.events.all())
    answered = {e.refers_to_id for e in events if e.kind in FOLLOW_UP_KINDS}
    return [
        e
        for e in events
        if e.kind in CLOCK_KINDS and e.pk not in answered and str(e.pk) not in defaulted
    ]
