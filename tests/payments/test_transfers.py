"""Share transfers (DESIGN 2): the shares in effect on a date, and what
`share_transfer_record` refuses. The note is on the seed's terms, David and Leah
50/50 (tests/payments/factories.py)."""

import logging
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from loans.append_only import AppendOnlyError
from loans.models import Note, Party
from payments.models import ShareTransfer
from payments.share_transfers import share_transfer_record
from payments.shares import lender_shares_on

TODAY = date(2007, 3, 15)


def lenders(note: Note) -> tuple[Party, Party]:
    david, leah = (row.party for row in note.lender_shares.order_by("pk"))
    return david, leah


def transfer(note: Note, clerk: Any, from_party: Party, to_party: Party, share: str, on: str):
    return share_transfer_record(
        note=note, from_party=from_party, to_party=to_party, share=share,
        effective_on=date.fromisoformat(on), entered_by=clerk, today=TODAY,
    )  # fmt: skip


def named(shares: list[tuple[Party, Decimal]]) -> list[tuple[str, Decimal]]:
    return [(party.name.split(" ")[0], share) for party, share in shares]


D = Decimal


def test_shares_change_only_from_the_effective_date(note: Note, clerk: Any) -> None:
    david, leah = lenders(note)
    transfer(note, clerk, david, leah, "25", "2006-07-01")

    assert named(lender_shares_on(note=note, on=date(2006, 6, 30))) == [
        ("David", D("50")), ("Leah", D("50"))
    ]  # fmt: skip
    # From 2006-07-01: David 50 - 25 = 25, Leah 50 + 25 = 75.
    assert named(lender_shares_on(note=note, on=date(2006, 7, 1))) == [
        ("David", D("25.0000")), ("Leah", D("75.0000"))
    ]  # fmt: skip


def test_a_new_party_joins_and_a_lender_at_zero_drops_out(note: Note, clerk: Any) -> None:
    david, _ = lenders(note)
    ruth = Party.objects.create(name="Ruth Newcomer", kind="person")
    transfer(note, clerk, david, ruth, "12.5", "2006-03-01")
    transfer(note, clerk, david, ruth, "37.5", "2006-05-01")

    # 2006-03-01: David 50 - 12.5 = 37.5, Ruth 12.5; 2006-05-01: David 37.5 - 37.5 = 0 (gone),
    # Ruth 12.5 + 37.5 = 50. The shares still add up to 100.
    assert named(lender_shares_on(note=note, on=date(2006, 4, 1))) == [
        ("David", D("37.5000")), ("Leah", D("50")), ("Ruth", D("12.5000"))
    ]  # fmt: skip
    assert named(lender_shares_on(note=note, on=date(2006, 5, 1))) == [
        ("Leah", D("50")), ("Ruth", D("50.0000"))
    ]  # fmt: skip


def test_a_transfer_is_recorded_with_its_author_and_logged(
    note: Note, clerk: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="notekeeper.writes")
    david, leah = lenders(note)
    recorded = transfer(note, clerk, david, leah, "0.0001", "2006-07-01")

    (line,) = [r.getMessage() for r in caplog.records if r.name == "notekeeper.writes"]
    assert line == f"write who={clerk.username} what=share_transfer_record note={note.pk} " + (
        f"id={recorded.pk}"
    )

    stored = ShareTransfer.objects.get()
    assert (stored.pk, stored.share, stored.entered_by) == (recorded.pk, Decimal("0.0001"), clerk)
    assert stored.entered_at is not None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"share": "0"}, "share", "above 0 and at most 100"),
        ({"share": "-5"}, "share", "above 0 and at most 100"),
        ({"share": "50.0001"}, "share", "holds 50"),  # more than David holds
        ({"share": "12.34567"}, "share", "at most 4 decimal places"),
        ({"share": "a lot"}, "share", "decimal percent"),
        ({"share": 12.5}, "share", "decimal percent"),  # a float is refused
        ({"effective_on": date(2005, 12, 30)}, "effective_on", "before the note is dated"),
        ({"effective_on": date(2007, 3, 16)}, "effective_on", "after the business date"),
        ({"to_party": "borrower"}, "to_party", "is the borrower"),
        ({"to_party": "david"}, "to_party", "another party"),
        ({"from_party": "stranger"}, "from_party", "holds no share"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    note: Note, clerk: Any, change: dict[str, Any], field: str, message: str
) -> None:
    david, leah = lenders(note)
    parties = {
        "borrower": note.borrower,
        "david": david,
        "stranger": Party.objects.create(name="Stranger", kind="person"),
    }
    body: dict[str, Any] = {
        "note": note, "from_party": david, "to_party": leah, "share": "25",
        "effective_on": date(2006, 7, 1), "entered_by": clerk, "today": TODAY,
    }  # fmt: skip
    body |= {key: parties.get(value, value) if isinstance(value, str) and key.endswith("party")
             else value for key, value in change.items()}  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        share_transfer_record(**body)

    assert any(message in m for m in refused.value.message_dict[field]), refused.value
    assert ShareTransfer.objects.count() == 0


def test_a_lender_who_transferred_out_holds_nothing_afterwards(note: Note, clerk: Any) -> None:
    david, leah = lenders(note)
    transfer(note, clerk, david, leah, "50", "2006-07-01")

    with pytest.raises(ValidationError) as refused:
        transfer(note, clerk, david, leah, "1", "2006-08-01")
    assert "holds no share" in refused.value.message_dict["from_party"][0]
    assert ShareTransfer.objects.count() == 1


def test_a_backdated_transfer_may_not_undercut_a_later_one(note: Note, clerk: Any) -> None:
    david, leah = lenders(note)
    transfer(note, clerk, david, leah, "40", "2006-07-01")

    # On 2006-03-01 David holds 50 and could move 20 -- but then he would hold 30
    # on 2006-07-01 and could not move the 40 already recorded for that day.
    with pytest.raises(ValidationError) as refused:
        transfer(note, clerk, david, leah, "20", "2006-03-01")
    assert "2006-07-01" in refused.value.message_dict["effective_on"][0]
    assert ShareTransfer.objects.count() == 1
    transfer(note, clerk, david, leah, "10", "2006-03-01")  # 50 - 10 = 40 still covers it


def test_transfers_are_append_only(note: Note, clerk: Any) -> None:
    david, leah = lenders(note)
    recorded = transfer(note, clerk, david, leah, "25", "2006-07-01")
    recorded.share = Decimal("30")
    with pytest.raises(AppendOnlyError):
        recorded.save()
    with pytest.raises(AppendOnlyError):
        ShareTransfer.objects.filter(pk=recorded.pk).delete()


@pytest.mark.postgres
def test_postgres_refuses_raw_sql_update_and_delete_of_a_transfer(note: Note, clerk: Any) -> None:
    david, leah = lenders(note)
    recorded = transfer(note, clerk, david, leah, "25", "2006-07-01")
    table = ShareTransfer._meta.db_table
    for sql in (f"UPDATE {table} SET share = 30 WHERE id = %s", f"DELETE FROM {table} WHERE id=%s"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [recorded.pk])
    assert ShareTransfer.objects.get(pk=recorded.pk).share == Decimal("25")
