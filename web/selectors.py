"""What the pages show, read through the shared selectors (DESIGN 5).

Each function gathers one page's figures in a fixed number of queries, however
many notes or payments there are: the notes' event logs are read in one batch
(`notes_replay`) and the engine decides every figure and status. What is left
here is arrangement: which rows go on which page, in which order.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from cachetools import LRUCache
from django.db.models import BooleanField, Exists, Model, OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString

from accounts.access import NoteWithActions
from accounts.permissions import Action, actions_on_note
from accounts.selectors import NotesVisible, notes_user_may, notes_visible_to
from loans.composed import composed
from loans.engine.money import ZERO
from loans.engine.values import Allocation, Installment, Replay
from loans.models import CollateralReference, Note
from payments.models import (
    Charge,
    DefaultNotice,
    NoteEvent,
    Payment,
    PaymentConfirmation,
    PaymentReversal,
    ShareTransfer,
)
from payments.selectors import note_replay, notes_replay, notice_engine_id
from payments.shares import Shares, boarded_shares, moves_of, shares_on
from payments.watchlist import WatchItem, cure_deadline, watchlist
from web.charts import Chart, note_chart
from web.status import (
    WATCH_KIND_TONES,
    WATCH_KIND_WORDS,
    Label,
    days,
    days_until_label,
    installment_label,
    note_status_label,
    punctuality_label,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from accounts.permissions import AnyUser

_Row = TypeVar("_Row")


# --- the home pages -------------------------------------------------------------------


@dataclass(frozen=True)
class NoteSummary:
    """One note on a home page: where it stands as of the business date."""

    note: Note
    status: Label
    principal: Decimal
    total_due: Decimal
    days_past_due: int
    next_due_date: date | None
    next_due_amount: Decimal | None
    last_payment_on: date | None
    """The latest payment received and not reversed."""
    last_payment_amount: Decimal | None
    last_paid_installment: Installment | None
    """The installment most recently paid in full."""
    last_paid_label: Label | None
    """Whether it was paid on time."""
    may_record_payment: bool


def note_summaries(*, user: AnyUser, as_of: date, anywhere: frozenset[Action]) -> list[NoteSummary]:
    """The user's notes with their status, balance, next and last payment. `anywhere`:
    the actions the user may do on some note (`actions_anywhere`)."""
    notes = _summarized(user)
    replays = notes_replay(notes=notes, as_of=as_of)
    payable: set[int] = set()
    if Action.RECORD_PAYMENT in anywhere:
        payable.update(notes_user_may(user, Action.RECORD_PAYMENT).values_list("pk", flat=True))
    return [_summary(note, replays[note.pk], note.pk in payable) for note in notes]


def _with_last_payment(notes: QuerySet[Note]) -> QuerySet[Note]:
    """The notes with their borrowers and their latest payments not reversed."""
    # NOT EXISTS, not a LEFT JOIN of reversals: PostgreSQL then reads the note's payments
    # backwards on payment_note_received and stops at the first one not reversed (0.1
    # ms), where the join had it read and sort every payment of the note (0.6 ms at 500).
    reversed_ = PaymentReversal.objects.filter(payment=OuterRef("pk"))
    latest = (
        Payment.objects.filter(note=OuterRef("pk"))
        .filter(~Exists(reversed_))
        .order_by("-received_on", "-pk")
    )
    return (
        notes.select_related("borrower")
        .annotate(
            last_payment_on=Subquery(latest.values("received_on")[:1]),
            last_payment_amount=Subquery(latest.values("amount")[:1]),
        )
        .order_by("reference")
    )


_summarized = NotesVisible(_with_last_payment)


def _summary(note: Any, replay: Replay, may_record_payment: bool) -> NoteSummary:
    # `note` carries the annotations of _with_last_payment (last_payment_on, _amount).
    balance = replay.balance
    last_paid = _last_paid(replay.installments)
    return NoteSummary(
        note=note,
        status=note_status_label(balance.status),
        principal=balance.principal,
        total_due=balance.total_due,
        days_past_due=balance.days_past_due,
        next_due_date=balance.next_due_date,
        next_due_amount=balance.next_due_amount,
        last_payment_on=note.last_payment_on,
        last_payment_amount=note.last_payment_amount,
        last_paid_installment=last_paid,
        last_paid_label=punctuality_label(last_paid) if last_paid else None,
        may_record_payment=may_record_payment,
    )


def _last_paid(installments: tuple[Installment, ...]) -> Installment | None:
    paid = [i for i in installments if i.paid_on is not None]
    return max(paid, key=lambda i: (i.paid_on, i.number)) if paid else None


@dataclass(frozen=True)
class PortfolioTotals:
    """The servicer's view across every note."""

    notes: int
    principal: Decimal
    total_due: Decimal
    by_status: list[tuple[Label, int]]


def portfolio_totals(summaries: list[NoteSummary]) -> PortfolioTotals:
    counts: dict[str, tuple[Label, int]] = {}
    for summary in summaries:
        label, count = counts.get(summary.status.words, (summary.status, 0))
        counts[summary.status.words] = (label, count + 1)
    return PortfolioTotals(
        notes=len(summaries),
        principal=sum((s.principal for s in summaries), ZERO),
        total_due=sum((s.total_due for s in summaries), ZERO),
        by_status=sorted(counts.values(), key=lambda pair: pair[0].words),
    )


# --- the watchlist --------------------------------------------------------------------


@dataclass(frozen=True)
class WatchRow:
    item: WatchItem
    kind: Label
    when: str
    """How far the date is from the business date, in words."""


def watch_rows(*, user: AnyUser, today: date) -> list[WatchRow]:
    """What needs attention across the user's notes, soonest first (DESIGN 3.6)."""
    return [
        WatchRow(
            item=item,
            kind=Label(WATCH_KIND_WORDS.get(item.kind, item.kind), WATCH_KIND_TONES[item.kind]),
            when=days_until_label((item.date - today).days),
        )
        for item in watchlist(notes=notes_visible_to(user), today=today)
    ]


# --- the note page --------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    installment: Installment
    label: Label
    is_acceleration: bool


@dataclass(frozen=True)
class NoticeRow:
    notice: DefaultNotice
    cure_deadline: date
    state: Label


@dataclass(frozen=True)
class NoteActions:
    """Which doing pages the user may open on this note (accounts.permissions decides)."""

    record_payment: bool
    record_charge: bool
    record_event: bool
    """A notice of default or a default event."""
    confirm_payment: bool
    reverse_payment: bool


@dataclass(frozen=True)
class NotePage:
    note: Note
    as_of: date
    replay: Replay
    status: Label
    schedule_table: SafeString
    """The schedule's table, rendered once for each replay (`_drawn`)."""
    payments: list[SafeString]
    """The payments table's rows (`_row_html`): the latest PAYMENTS_SHOWN payments, oldest
    first, or all of them when asked."""
    payment_count: int
    charges: list[Charge]
    notices: list[NoticeRow]
    events: list[NoteEvent]
    actions: NoteActions
    shares: Shares
    """The lenders and their shares in effect on the as-of date (transfers applied)."""
    transfers: list[ShareTransfer]
    collateral: list[CollateralReference]
    chart: Chart
    chart_html: SafeString
    """The chart as drawn on the page, rendered once for each replay (`_drawn`)."""


_LISTS: dict[str, type[Model]] = {
    "transfers": ShareTransfer,
    "charges": Charge,
    "notices": DefaultNotice,
    "events": NoteEvent,
    "collateral": CollateralReference,
}
"""The note page's lists besides payments, by name: most notes have none of most."""


def note_for_page(*, user: AnyUser, pk: int) -> tuple[Note, frozenset[Action]]:
    """The note if the user may see it (else Http404), with every action the user may do
    on it (accounts.access.NoteWithActions). The note comes with `has_<list>` for each
    of `_LISTS` and `_PAYMENT_LISTS`, in the same query, so that `note_page` asks for none
    of the lists, reversals or answers the note does not have."""
    return _page_note(user, pk)


_PAYMENT_LISTS: dict[str, type[Model]] = {
    "reversals": PaymentReversal,
    "confirmations": PaymentConfirmation,
}
"""What the note page's payment rows read besides the payments, by name: most notes have
neither a reversal nor a lender's answer."""


@cache
def _has_lists() -> dict[str, RawSQL]:
    """`has_<list>` for each of `_LISTS` and `_PAYMENT_LISTS`: whether the note has a row
    there. Plain SQL (the models' own table names), which the ORM only copies: composing
    the `Exists` subqueries took longer than running them."""
    note = Note._meta.db_table
    payments = Payment._meta.db_table
    rows = {
        name: f"SELECT 1 FROM {model._meta.db_table} WHERE note_id = {note}.id"  # noqa: S608
        for name, model in _LISTS.items()
    } | {
        name: f"SELECT 1 FROM {model._meta.db_table} x JOIN {payments} p"  # noqa: S608
        f" ON p.id = x.payment_id WHERE p.note_id = {note}.id"
        for name, model in _PAYMENT_LISTS.items()
    }
    return {
        f"has_{name}": RawSQL(f"EXISTS ({sql})", (), output_field=BooleanField())  # noqa: S611
        for name, sql in rows.items()
    }


_page_note = NoteWithActions(
    lambda notes: notes.select_related("borrower").annotate(**_has_lists())
)
"""The note page's note: with its borrower, which lists it has, and the user's roles."""


PAYMENTS_SHOWN = 24
"""Payments listed on the note page unless all are asked for: two years of monthly
payments. A note paid in hundreds of parts would otherwise spend most of its page's time
on a table nobody reads whole (a row takes 0.15 to 0.25 ms to render)."""


def note_page(
    *,
    user: AnyUser,
    note: Note,
    as_of: date,
    all_payments: bool = False,
    allowed: frozenset[Action] | None = None,
) -> NotePage:
    """Everything the note page shows, as of a date. `allowed`: the user's actions on the
    note, when the caller has them (`note_for_page`)."""
    box = balance_box(note=note, as_of=as_of)
    replay = box.replay
    drawn = _drawn(note, replay)
    actions = note_actions(actions_on_note(user, note) if allowed is None else allowed)
    payments = _payment_rows(note, replay, None if all_payments else PAYMENTS_SHOWN, actions)
    transfers = _listed(
        note,
        "transfers",
        lambda: ShareTransfer.objects.filter(note=note).select_related(
            "from_party", "to_party", "entered_by"
        ),
    )
    return NotePage(
        note=note,
        as_of=as_of,
        replay=replay,
        status=box.status,
        schedule_table=drawn.schedule_table,
        payments=payments,
        payment_count=drawn.payment_count,
        charges=_listed(
            note, "charges", lambda: Charge.objects.filter(note=note).select_related("entered_by")
        ),
        notices=_notice_rows(note, replay, as_of),
        events=_listed(
            note,
            "events",
            lambda: NoteEvent.objects.filter(note=note).select_related("entered_by", "refers_to"),
        ),
        actions=actions,
        shares=shares_on(boarded_shares(note), moves_of(transfers), as_of),
        transfers=transfers,
        collateral=_listed(note, "collateral", lambda: _collateral(note.pk)),
        chart=drawn.chart,
        chart_html=drawn.chart_html,
    )


@composed
def _collateral(note_pk: int) -> QuerySet[CollateralReference]:
    return CollateralReference.objects.filter(note_id=note_pk)


@dataclass(frozen=True)
class BalanceBox:
    """What the note page's balance box shows (web/_balance.html), for the box alone: the
    page swaps it in when another date is picked."""

    as_of: date
    replay: Replay
    status: Label


def balance_box(*, note: Note, as_of: date) -> BalanceBox:
    """The balance box as of a date: the note's replay and its status, nothing else of
    the page (no payments, lists or drawing)."""
    replay = note_replay(note=note, as_of=as_of)
    return BalanceBox(as_of=as_of, replay=replay, status=note_status_label(replay.balance.status))


def _listed(note: Note, name: str, rows: Callable[[], Iterable[_Row]]) -> list[_Row]:
    """The rows of one of the page's lists; none, without a query, when `note_for_page`
    found the note has none (a note fetched otherwise is asked)."""
    return list(rows()) if _has(note, name) else []


def _has(note: Note, name: str) -> bool:
    """Whether the note may have rows in the list `name` (`_LISTS`, `_PAYMENT_LISTS`): as
    `note_for_page` found, or yes for a note fetched otherwise."""
    return bool(getattr(note, f"has_{name}", True))


@dataclass(frozen=True)
class _Drawn:
    """What the note page draws from one replay: its chart (and its SVG), its schedule's
    table (a long note's hundreds of rows are most of its page's rendering) and the
    count of the note's payments."""

    replay: weakref.ref[Replay]
    chart: Chart
    chart_html: SafeString
    schedule_table: SafeString
    payment_count: int


_kept_drawings: LRUCache[int, _Drawn] = LRUCache(256)
_kept_drawings_lock = threading.Lock()


def _drawn(note: Note, replay: Replay) -> _Drawn:
    """The chart, the schedule's table and the payment count of the note as `replay`
    has it: drawn, or kept.

    A process hands out the same `Replay` object again only while the note's log is
    still the one it was walked from (payments.checkpoints.resumed: a posting changes
    the checkpoint's signature), and payments are never changed or deleted: the same
    object means the same payments, received on the same days. So what is drawn from
    them is kept by the object's id while the object lives (a weak reference: the
    drawing does not keep the replay in memory once the process's kept replays let it
    go, and an id reused by another object does not match); a replay made afresh is a
    new object and is drawn afresh.
    """
    with _kept_drawings_lock:
        kept = _kept_drawings.get(id(replay))
    if kept is not None and kept.replay() is replay:
        return kept
    received = {
        str(pk): on for pk, on in Payment.objects.filter(note=note).values_list("pk", "received_on")
    }
    chart = note_chart(
        replay=replay, principal=note.principal, start=note.accrual_start, received=received
    )
    table = render_to_string(
        "web/_schedule.html",
        {"schedule": schedule_rows(replay), "note": note, "as_of": replay.as_of},
    )
    chart_html = render_to_string("web/_chart.html", {"chart": chart, "as_of": replay.as_of})
    drawn = _Drawn(weakref.ref(replay), chart, chart_html, table, len(received))
    with _kept_drawings_lock:
        _kept_drawings[id(replay)] = drawn
    return drawn


def schedule_rows(replay: Replay) -> list[ScheduleRow]:
    last = replay.installments[-1] if replay.installments else None
    return [
        ScheduleRow(
            installment=row,
            label=installment_label(row),
            is_acceleration=row is last and row.due_date == replay.accelerated_on,
        )
        for row in replay.installments
    ]


def _payment_rows(
    note: Note, replay: Replay, latest: int | None, actions: NoteActions
) -> list[SafeString]:
    """The rows of the note's payments with their allocations, oldest first: all, or the
    `latest`."""
    allocations = {a.payment_id: a for a in replay.allocations}
    # Neither reversals nor answers are read for a note `note_for_page` found has none.
    reversals = _has(note, "reversals")
    if latest == PAYMENTS_SHOWN:
        latest_rows = _latest_reversed if reversals else _latest
        oldest_first = latest_rows(note.pk)[::-1]
    else:
        oldest_first = list(_newest_first(note.pk, reversals=reversals)[:latest])[::-1]
    # The confirmations in one query, grouped here: a prefetch would build a queryset
    # for each payment to hand it its own.
    confirmations: dict[int, list[PaymentConfirmation]] = defaultdict(list)
    if _has(note, "confirmations"):
        for answer in PaymentConfirmation.objects.filter(
            payment_id__in=[payment.pk for payment in oldest_first]
        ).select_related("by", "lender_party"):
            confirmations[answer.payment_id].append(answer)
    return [
        _row_html(
            payment,
            payment.reversal if reversals and payment.is_reversed else None,
            allocations.get(str(payment.pk)),
            confirmations[payment.pk],
            replay.as_of,
            actions,
        )
        for payment in oldest_first
    ]


def _newest_first(note_pk: int, *, reversals: bool) -> QuerySet[Payment]:
    """The note's payments, newest first, with who entered them (and their reversals)."""
    return (
        Payment.objects.filter(note_id=note_pk)
        .order_by("-received_on", "-pk")
        .select_related("entered_by", *(["reversal__entered_by"] if reversals else []))
    )


@composed
def _latest(note_pk: int) -> QuerySet[Payment]:
    return _newest_first(note_pk, reversals=False)[:PAYMENTS_SHOWN]


@composed
def _latest_reversed(note_pk: int) -> QuerySet[Payment]:
    return _newest_first(note_pk, reversals=True)[:PAYMENTS_SHOWN]


_kept_rows: LRUCache[tuple[object, ...], SafeString] = LRUCache(4096)
"""The latest rows rendered in this process (about 2 KB each with their keys: 8 MB)."""
_kept_rows_lock = threading.Lock()


def _row_html(
    payment: Payment,
    reversal: PaymentReversal | None,
    allocation: Allocation | None,
    confirmations: list[PaymentConfirmation],
    as_of: date,
    actions: NoteActions,
) -> SafeString:
    """The payment's row of the note page (`web/_payment_row.html`): rendered, or kept
    under everything it shows (a long note's page renders its rows once, not on every
    read: 0.15 ms a row).

    The key holds every value the row's template reads: the payment's fields, its
    reversal's and its lenders' answers (stored once, never changed), the names of the
    people and parties in it as they read now, where the payment went as of the page's
    date and that date, what the user may do with the payment, the time zone of its
    times and the prefix of its links. The same key renders the same row.
    """
    key = (
        payment.pk,
        payment.received_on,
        payment.amount,
        payment.method,
        payment.reference,
        payment.kind,
        payment.memo,
        payment.entered_by.get_username(),
        payment.entered_at,
        None
        if reversal is None
        else (reversal.reversed_on, reversal.reason, reversal.entered_by.get_username()),
        allocation,
        as_of,
        tuple(
            (c.confirmed, c.lender_party.name, c.by.get_username(), c.at, c.comment)
            for c in confirmations
        ),
        actions.confirm_payment,
        actions.reverse_payment,
        timezone.get_current_timezone_name(),
        get_script_prefix(),
    )
    with _kept_rows_lock:
        kept = _kept_rows.get(key)
    if kept is not None:
        return kept
    context = {
        "p": payment,
        "a": allocation,
        "reversed": reversal is not None,
        "confirmations": confirmations,
        "as_of": as_of,
        "actions": actions,
    }
    html = render_to_string("web/_payment_row.html", context)
    with _kept_rows_lock:
        _kept_rows[key] = html
    return html


def _notice_rows(note: Note, replay: Replay, as_of: date) -> list[NoticeRow]:
    occurred = {d.source_id: d.occurred_on for d in replay.defaults}
    notices = _listed(
        note,
        "notices",
        lambda: DefaultNotice.objects.filter(note=note).select_related("entered_by"),
    )
    rows = []
    for notice in notices:
        deadline = cure_deadline(notice, note)
        rows.append(NoticeRow(notice, deadline, _cure_state(occurred, notice, deadline, as_of)))
    return rows


def _cure_state(
    occurred: dict[str, date], notice: DefaultNotice, deadline: date, as_of: date
) -> Label:
    """Where the notice's cure period stands: running (days left), lapsed into a
    default (the engine's), or over without one (cured)."""
    default_on = occurred.get(notice_engine_id(notice))
    if default_on is not None:
        return Label(f"Not cured: event of default on {default_on.isoformat()}", "bad")
    left = (deadline - as_of).days
    if left == 0:
        return Label("Cure period ends today", "warn")
    if left > 0:
        return Label(f"Cure period running: {days(left)} left", "warn")
    return Label("Cured", "ok")


def note_actions(allowed: frozenset[Action]) -> NoteActions:
    return NoteActions(
        record_payment=Action.RECORD_PAYMENT in allowed,
        record_charge=Action.RECORD_CHARGE in allowed,
        record_event=Action.RECORD_EVENT in allowed,
        confirm_payment=Action.CONFIRM_PAYMENT in allowed,
        reverse_payment=Action.REVERSE_PAYMENT in allowed,
    )


def instrument_bytes(note: Note) -> bytes | None:
    """The original instrument as kept: the uploaded file, else the boarded text."""
    if note.instrument_file:
        with note.instrument_file.open("rb") as stored:
            return stored.read()
    if note.instrument_text:
        return note.instrument_text.encode("utf-8")
    return None
