"""Journal entries: balanced, split per lender, month-end accruals that agree with the
activity statement, reversals on their own date, and a ledger file hledger reads.

Seed note figures (30/360): interest through 2005-12-31 is 61.67 (1 day); every month of
2006 earns 1,850.00 (30 days x 185,000 x 0.12 / 360); January's accrual is therefore
1,911.67 - 61.67 = 1,850.00 when the journal starts on 2006-01-01.
"""

import shutil
import subprocess
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from statements.data import Journal
from statements.journal import journal, month_ends
from statements.render import render
from statements.selectors import activity_statement
from tests.statements.conftest import pay_on_time, reverse

D = Decimal


def lender_journal(cast: Any, start: date, end: date, book: str = "lender") -> Journal:
    return journal(notes=[cast.note], start=start, end=end, book=book)


def balance_of(j: Journal, account: str, through: date) -> Decimal:
    return sum(
        (
            p.debit - p.credit
            for e in j.entries
            if e.date <= through
            for p in e.postings
            if p.account == account
        ),
        D("0.00"),
    )


def test_every_entry_balances_and_so_does_each_lenders_part(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 12, 1))

    for book in ("lender", "borrower"):
        for entry in lender_journal(cast, date(2006, 1, 1), date(2006, 12, 31), book).entries:
            assert sum(p.debit for p in entry.postings) == sum(p.credit for p in entry.postings)
            by_lender: dict[str, Decimal] = defaultdict(lambda: D("0"))
            for p in entry.postings:
                by_lender[p.lender] += p.debit - p.credit
            assert set(by_lender.values()) == {D("0")}


def test_month_end_accrual_equals_the_activity_closing_accrued_interest(
    cast: Any, clerk: Any
) -> None:
    # The example: 2006-02-28 closes with 1,850.00 accrued (02-01 -> 03-01 is 30
    # days), and February's accrual entry is 1,850.00 (925.00 per lender).
    pay_on_time(cast.note, clerk, through=date(2006, 12, 1))
    j = lender_journal(cast, date(2005, 12, 31), date(2006, 12, 31))

    feb = [e for e in j.entries if e.entry_id.endswith("accrual:2006-02-28")]
    assert [p.debit for e in feb for p in e.postings if p.debit] == [D("925.00"), D("925.00")]
    for month_end in month_ends(date(2006, 1, 1), date(2006, 12, 31)):
        activity = activity_statement(note=cast.note, start=date(2005, 12, 31), end=month_end)
        owed = activity.closing.interest_due + activity.closing.interest_accrued
        assert balance_of(j, "Assets:Interest receivable", month_end) == owed, month_end
        # Paid on time, what is owed at a month end is the running period's interest,
        # accrued: 1,911.67 (31 days) at 01-31, then 1,850.00.
        expected = D("1911.67") if month_end.month == 1 else D("1850.00")
        assert (activity.closing.interest_due, activity.closing.interest_accrued) == (
            D("0.00"),
            expected,
        )


def test_a_reversal_is_journaled_on_its_own_date(cast: Any, clerk: Any) -> None:
    # 1,850.00 received 2006-03-01 and reversed 2006-04-10: March keeps the receipt,
    # April books the reversing entry on 04-10.
    payments = pay_on_time(cast.note, clerk, through=date(2006, 3, 1))
    reverse(payments[1], date(2006, 4, 10), get_user_model().objects.get(username="servicer"))

    march = lender_journal(cast, date(2006, 3, 1), date(2006, 3, 31))
    april = lender_journal(cast, date(2006, 4, 1), date(2006, 4, 30))

    [receipt] = [e for e in march.entries if e.entry_id.split(":")[-2] == "payment"]
    assert (receipt.date, sum(p.debit for p in receipt.postings if p.account == "Assets:Cash")) == (
        date(2006, 3, 1),
        D("1850.00"),
    )
    [reversal] = [e for e in april.entries if ":reversal:" in e.entry_id]
    assert reversal.date == date(2006, 4, 10)
    cash = [(p.debit, p.credit) for p in reversal.postings if p.account == "Assets:Cash"]
    receivable = [
        (p.debit, p.credit) for p in reversal.postings if "Interest receivable" in p.account
    ]
    assert cash == [(D("0.00"), D("925.00"))] * 2
    assert receivable == [(D("925.00"), D("0.00"))] * 2
    # The activity statement of April shows the same -1,850.00 on the same day.
    [line] = activity_statement(note=cast.note, start=date(2006, 4, 1), end=date(2006, 4, 30)).lines
    assert (line.date, line.amount, line.interest) == (
        date(2006, 4, 10),
        D("-1850.00"),
        D("-1850.00"),
    )


def test_the_borrowers_books_mirror_the_lenders(cast: Any, clerk: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 2, 1))

    j = lender_journal(cast, date(2006, 2, 1), date(2006, 2, 28), "borrower")

    assert [
        (e.date, [(p.account, p.debit, p.credit, p.lender) for p in e.postings]) for e in j.entries
    ] == [
        (
            date(2006, 2, 1),
            [
                ("Liabilities:Interest payable", D("1911.67"), D("0.00"), ""),
                ("Assets:Cash", D("0.00"), D("1911.67"), ""),
            ],
        ),
        (
            date(2006, 2, 28),
            [
                ("Expenses:Interest expense", D("1850.00"), D("0.00"), ""),
                ("Liabilities:Interest payable", D("0.00"), D("1850.00"), ""),
            ],
        ),
    ]


def test_accounts_come_from_settings(cast: Any, clerk: Any, settings: Any) -> None:
    settings.NOTEKEEPER_JOURNAL_ACCOUNTS = {"lender": {"cash": "Assets:Bank:Operating"}}
    pay_on_time(cast.note, clerk, through=date(2006, 2, 1))

    j = lender_journal(cast, date(2006, 2, 1), date(2006, 2, 1))

    [payment] = [e for e in j.entries if ":payment:" in e.entry_id]
    assert {p.account for p in payment.postings} == {
        "Assets:Bank:Operating",
        "Assets:Interest receivable",
    }


def hledger(path: str, *args: str) -> str:
    if shutil.which("hledger") is None:
        pytest.fail(
            "hledger is not installed: apt-get install -y hledger (make test does it as root)"
        )
    done = subprocess.run(
        ["hledger", "-f", path, *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_hledger_reads_the_ledger_file(cast: Any, clerk: Any, tmp_path: Any) -> None:
    pay_on_time(cast.note, clerk, through=date(2006, 12, 1))
    rendered = render(lender_journal(cast, date(2006, 1, 1), date(2006, 12, 31)), "ledger")
    assert rendered.filename == "journal-lender-2006-01-01-2006-12-31.journal"
    path = tmp_path / rendered.filename
    path.write_bytes(rendered.content)

    printed = hledger(str(path), "print")
    balances = dict(
        line.replace('"', "").split(",", 1)
        for line in hledger(str(path), "balance", "--depth", "2", "-O", "csv").splitlines()[1:]
    )

    # 12 accruals + 11 payments, each printed back.
    assert printed.count("Interest accrued") == 12 and printed.count("Payment ") == 11
    # The year's interest: 12 x 1,850.00 = 22,200.00 earned; 20,411.67 received in cash;
    # 22,200.00 - 20,411.67 = 1,788.33 still receivable (December's 1,850.00 less the
    # 61.67 of 2005-12-31 that 2006's first payment also paid). Everything nets to zero.
    assert balances == {
        "Assets:Cash": "USD 20411.67",
        "Assets:Interest receivable": "USD 1788.33",
        "Income:Interest income": "USD -22200.00",
        "total": "0",
    }
