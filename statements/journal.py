"""Journal entries (DESIGN 4) from the lender's or the borrower's books.

Each period item of statements/lines.py becomes one balanced entry, and each month end
(and the period's last day) an interest accrual: the interest earned since the last
accrual, the same figure the activity statement closes with. On the lender's books
every entry has one posting line per lender share (shares in effect on its date), and
each lender's lines balance by themselves.

An entry is a list of legs (an account and a signed amount: positive is a debit on the
lender's books); the borrower's books are the mirror image.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings

from loans.engine.money import ZERO
from loans.models import Note
from statements.data import Journal, JournalEntry, Line, Posting
from statements.dayend import DayEnd, day_ends
from statements.lines import days_needed, period_lines
from statements.log import NoteLog, note_log
from statements.selectors import across_notes
from statements.shares import shares_in_effect, split_by_share

ONE_DAY = timedelta(days=1)
BOOKS = ("lender", "borrower")
DEFAULT_ACCOUNTS = {
    "lender": {
        "cash": "Assets:Cash",
        "interest": "Assets:Interest receivable",
        "principal": "Assets:Notes receivable",
        "charges": "Assets:Collection costs receivable",
        "deposits": "Liabilities:Borrower deposits",
        "interest_earned": "Income:Interest income",
        "charges_incurred": "Income:Collection costs recoverable",
    },
    "borrower": {
        "cash": "Assets:Cash",
        "interest": "Liabilities:Interest payable",
        "principal": "Liabilities:Notes payable",
        "charges": "Liabilities:Collection costs payable",
        "deposits": "Assets:Deposits with lender",
        "interest_earned": "Expenses:Interest expense",
        "charges_incurred": "Expenses:Collection costs",
    },
}
Leg = tuple[str, Decimal]
"""An account key and a signed amount: positive is a debit on the lender's books."""


def accounts(book: str) -> dict[str, str]:
    """The book's account names: settings.NOTEKEEPER_JOURNAL_ACCOUNTS over the defaults."""
    overrides = getattr(settings, "NOTEKEEPER_JOURNAL_ACCOUNTS", {}).get(book, {})
    return {**DEFAULT_ACCOUNTS[book], **overrides}


def month_ends(start: date, end: date) -> list[date]:
    """Every month end in start..end, and `end` itself."""
    ends, day = [], start + relativedelta(day=31)
    while day < end:
        ends.append(day)
        day = (day + ONE_DAY) + relativedelta(day=31)
    return [*ends, end]


def note_journal(*, log: NoteLog, start: date, end: date, book: str) -> Journal:
    """One note's journal of start..end, from a log already read."""
    heading = across_notes("journal", 1, start, end, log.read_at)
    entries = note_journal_entries(log, start, end, book)
    return Journal(
        heading=replace(heading, note_reference=log.note.reference),
        book=book,
        entries=tuple(entries),
    )


def journal(*, notes: Iterable[Note], start: date, end: date, book: str) -> Journal:
    """The journal of start..end (inclusive) of every note, in date order."""
    entries: list[JournalEntry] = []
    read_at = None
    count = 0
    for note in notes:
        log = note_log(note)
        read_at, count = read_at or log.read_at, count + 1
        entries.extend(note_journal_entries(log, start, end, book))
    entries.sort(key=lambda e: (e.date, e.note_reference, e.entry_id))
    heading = across_notes("journal", count, start, end, read_at)
    return Journal(heading=heading, book=book, entries=tuple(entries))


def note_journal_entries(log: NoteLog, start: date, end: date, book: str) -> list[JournalEntry]:
    """One note's entries for start..end."""
    closes = month_ends(start, end)
    ends = day_ends(log, days_needed(log, start, end) | set(closes))
    entries = [_accrual(log, ends, day, before, book) for day, before in _accruals(start, closes)]
    entries += [_item(log, line, book) for line in period_lines(log, ends, start, end)]
    return [e for e in entries if e.postings]


def _accruals(start: date, closes: list[date]) -> list[tuple[date, date]]:
    """(day, the previous accrual's day) for each accrual of the period."""
    return list(zip(closes, [start - ONE_DAY, *closes[:-1]], strict=True))


def _accrual(
    log: NoteLog, ends: dict[date, DayEnd], day: date, before: date, book: str
) -> JournalEntry:
    earned = ends[day].interest_earned - ends[before].interest_earned
    legs: list[Leg] = [("interest", earned), ("interest_earned", -earned)]
    ref = log.note.reference
    return entry_of(log, f"{ref}:accrual:{day.isoformat()}", day, "Interest accrued", legs, book)


def _item(log: NoteLog, line: Line, book: str) -> JournalEntry:
    ref, source = log.note.reference, line.source.replace(" ", ":")
    if line.kind == "charge":
        legs: list[Leg] = [("charges_incurred", -line.amount), ("charges", line.amount)]
    else:
        deposits = line.held + line.unapplied
        legs = [
            ("interest", -line.interest),
            ("principal", -line.principal),
            ("charges", -line.charges),
            ("deposits", -deposits),
            ("cash", line.amount),
        ]
    entry_id = f"{ref}:{line.kind}:{source.split(':')[-1]}"
    if line.kind == "adjustment":
        entry_id += f":{line.date.isoformat()}"
    return entry_of(log, entry_id, line.date, line.description, legs, book)


def entry_of(
    log: NoteLog, entry_id: str, on: date, memo: str, legs: list[Leg], book: str
) -> JournalEntry:
    """Postings of the legs; the last leg balances (per lender on the lender's books)."""
    names = accounts(book)
    if book == "borrower":
        postings = _postings(names, [(key, -amount) for key, amount in legs], lender="")
    else:
        postings = []
        shares = shares_in_effect(log, on)
        parts = {key: split_by_share(amount, shares) for key, amount in legs[:-1]}
        for index, (party, _) in enumerate(shares):
            mine = [(key, split[index]) for key, split in parts.items()]
            balancing = (legs[-1][0], -sum((amount for _, amount in mine), ZERO))
            postings += _postings(names, [*mine, balancing], lender=party.name)
    return JournalEntry(entry_id, on, log.note.reference, memo, tuple(postings))


def _postings(names: dict[str, str], legs: list[Leg], lender: str) -> list[Posting]:
    """Debits first, then credits, as a journal prints them."""
    postings = [
        Posting(names[key], amount if amount > 0 else ZERO, -amount if amount < 0 else ZERO, lender)
        for key, amount in legs
        if amount != 0
    ]
    return sorted(postings, key=lambda p: p.credit > 0)
