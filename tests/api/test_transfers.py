"""Share transfers through HTTP: GET and POST /api/notes/{id}/transfers/, and the
year-end interest statement, which attributes each payment's interest to the
shares in effect on the day it is applied (DESIGN 2, 4).

Seed note, DAVID and LEAH 50/50; installment 1 is 1,911.67 of interest, every
later one 1,850.00 (30/360; see test_notes.py). Who may call what is in the
authorization matrix (tests/accounts/test_matrix.py).
"""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from loans.models import Membership, Party, Role
from payments.models import PaymentConfirmation, ShareTransfer
from tests.api.conftest import client_for
from tests.api.test_statements import pay_installments, statement


def parties(cast: Any) -> dict[str, Party]:
    david, leah = (row.party for row in cast.note.lender_shares.order_by("pk"))
    return {"DAVID": david, "LEAH": leah}


def post_transfer(cast: Any, role: str = "servicer", **body: Any) -> Any:
    return cast[role].post(f"/api/notes/{cast.note.pk}/transfers/", body, format="json")


def david_to_leah(cast: Any, share: str, effective_on: str) -> Any:
    people = parties(cast)
    return post_transfer(
        cast, from_party=people["DAVID"].pk, to_party=people["LEAH"].pk, share=share,
        effective_on=effective_on, description="Gift to Leah",
    )  # fmt: skip


def ruth() -> Party:
    return Party.objects.create(name="RUTH NEWCOMER", kind="person")


def give_to(cast: Any, giver: str, party: Party, effective_on: str) -> None:
    """The servicer records that `giver` (DAVID or LEAH) gives all 50% to `party`."""
    response = post_transfer(
        cast, from_party=parties(cast)[giver].pk, to_party=party.pk, share="50",
        effective_on=effective_on,
    )  # fmt: skip
    assert response.status_code == 201, response.json()


def lender_client(username: str, party: Party) -> APIClient:
    user = get_user_model().objects.create_user(username=username, password="pw-not-used-123")
    Membership.objects.create(user=user, party=party, role=Role.LENDER)
    return client_for(user)


def interest_by_lender(cast: Any, year: int) -> dict[str, tuple[str, str]]:
    body = statement(cast, "year-end", f"to={year}-12-31").json()
    return {
        lender["name"].split(" ")[0]: (lender["share"], lender["interest_paid"])
        for lender in body["lenders"]
    }


def test_the_servicer_records_a_transfer_and_every_reader_sees_it(cast: Any) -> None:
    response = david_to_leah(cast, "25", "2006-07-01")

    assert response.status_code == 201, response.json()
    people = parties(cast)
    recorded = response.json()
    assert recorded["from_party"] == people["DAVID"].pk
    assert recorded["to_party_name"] == "LEAH A. SLAVNY"
    assert (recorded["share"], recorded["effective_on"]) == ("25.0000", "2006-07-01")
    assert recorded["entered_by"] == "servicer"
    for role in ("lender", "borrower_staff", "accountant"):
        listed = cast[role].get(f"/api/notes/{cast.note.pk}/transfers/").json()
        assert [t["id"] for t in listed["results"]] == [recorded["id"]], role


def test_the_note_keeps_its_lenders_as_boarded_and_statements_show_the_shares_of_their_day(
    cast: Any,
) -> None:
    assert david_to_leah(cast, "25", "2006-07-01").status_code == 201

    note = cast["accountant"].get(f"/api/notes/{cast.note.pk}/").json()
    as_boarded = {lender["name"]: lender["share"] for lender in note["lenders"]}
    assert as_boarded == {"DAVID N. SLAVNY": "50.0000", "LEAH A. SLAVNY": "50.0000"}

    def heading_shares(to: str) -> dict[str, str]:
        heading = statement(cast, "billing", f"to={to}").json()["heading"]
        return {lender["name"]: lender["share"] for lender in heading["lenders"]}

    # 50 - 25 and 50 + 25 from the effective date on; the day before, as boarded.
    assert heading_shares("2006-06-01") == as_boarded
    transferred = {"DAVID N. SLAVNY": "25.0000", "LEAH A. SLAVNY": "75.0000"}
    assert heading_shares("2006-07-01") == transferred


def test_a_refused_transfer_is_a_field_error_and_writes_nothing(cast: Any) -> None:
    response = david_to_leah(cast, "50.5", "2006-07-01")  # DAVID holds 50

    assert response.status_code == 400
    assert response.json()["errors"]["share"] == [
        "DAVID N. SLAVNY holds 50.0000% of INFINITE-2005-12-31 on 2006-07-01; no more can be moved."
    ]
    assert ShareTransfer.objects.count() == 0


def test_a_transfer_to_the_borrower_is_refused(cast: Any) -> None:
    people = parties(cast)
    response = post_transfer(
        cast, from_party=people["DAVID"].pk, to_party=cast.note.borrower.pk, share="10",
        effective_on="2006-07-01",
    )  # fmt: skip
    assert response.status_code == 400
    assert "to_party" in response.json()["errors"]


def test_only_servicers_record_transfers(cast: Any) -> None:
    people = parties(cast)
    body = {"from_party": people["DAVID"].pk, "to_party": people["LEAH"].pk, "share": "25"}
    response = post_transfer(cast, "lender", effective_on="2006-07-01", **body)
    assert response.status_code == 403
    assert ShareTransfer.objects.count() == 0


@pytest.mark.parametrize(
    ("effective_on", "expected"),
    [
        # Each payment's interest is split in cents, the remainder on the last lender.
        # Installments 1-5 (received 2006-02-01 .. 06-01) before the transfer, 50/50:
        # 1,911.67 / 2 = 955.835 -> DAVID 955.84, LEAH 955.83; 1,850.00 / 2 = 925.00;
        # DAVID 955.84 + 4 x 925.00 = 4,655.84, LEAH 4,655.83.
        # Installments 6-11 (07-01 .. 12-01) from it, 25/75: 462.50 and 1,387.50 each,
        # DAVID 6 x 462.50 = 2,775.00, LEAH 6 x 1,387.50 = 8,325.00.
        # DAVID 4,655.84 + 2,775.00 = 7,430.84; LEAH 4,655.83 + 8,325.00 = 12,980.83.
        ("2006-07-01", {"DAVID": ("25.0000", "7430.84"), "LEAH": ("75.0000", "12980.83")}),
        # One day later, installment 6 (received 2006-07-01) is still split 50/50:
        # DAVID 4,655.84 + 925.00 = 5,580.84, LEAH 5,580.83; then installments 7-11,
        # DAVID 5 x 462.50 = 2,312.50, LEAH 5 x 1,387.50 = 6,937.50.
        # DAVID 5,580.84 + 2,312.50 = 7,893.34; LEAH 5,580.83 + 6,937.50 = 12,518.33.
        ("2006-07-02", {"DAVID": ("25.0000", "7893.34"), "LEAH": ("75.0000", "12518.33")}),
        # Effective in 2007: nothing of 2006 moves. DAVID 955.84 + 10 x 925.00 = 10,205.84,
        # LEAH 955.83 + 10 x 925.00 = 10,205.83; both still hold 50% at the end of 2006.
        ("2007-01-01", {"DAVID": ("50.0000", "10205.84"), "LEAH": ("50.0000", "10205.83")}),
    ],
)
def test_year_end_interest_follows_the_shares_from_the_effective_date(
    cast: Any, effective_on: str, expected: dict[str, tuple[str, str]]
) -> None:
    pay_installments(cast, through=date(2006, 12, 1))
    assert david_to_leah(cast, "25", effective_on).status_code == 201

    assert interest_by_lender(cast, 2006) == expected


def test_the_next_year_is_split_by_the_new_shares(cast: Any) -> None:
    pay_installments(cast, through=date(2007, 3, 1))
    assert david_to_leah(cast, "25", "2007-01-01").status_code == 201

    # 2007: installments 12-14, 3 x 1,850.00 = 5,550.00; DAVID 25% = 1,387.50, LEAH 75% = 4,162.50.
    assert interest_by_lender(cast, 2007) == {
        "DAVID": ("25.0000", "1387.50"),
        "LEAH": ("75.0000", "4162.50"),
    }


def test_a_new_holder_appears_in_the_year_end_split(cast: Any) -> None:
    pay_installments(cast, through=date(2006, 12, 1))
    give_to(cast, "DAVID", ruth(), "2006-12-01")

    # Each payment's interest is split in cents, the remainder on that day's last lender:
    # installment 1, 1,911.67 / 2 = 955.835 -> DAVID 955.84, LEAH 955.83; later ones 925.00.
    # Installments 1-10 50/50: DAVID 955.84 + 9 x 925.00 = 9,280.84; LEAH 9,280.83.
    # Installment 11 (2006-12-01, 1,850.00): LEAH 925.00, RUTH 925.00, DAVID nothing.
    # LEAH 9,280.83 + 925.00 = 10,205.83; together 9,280.84 + 10,205.83 + 925.00 = 20,411.67.
    assert interest_by_lender(cast, 2006) == {
        "DAVID": ("0.0000", "9280.84"),
        "LEAH": ("50.0000", "10205.83"),
        "RUTH": ("50.0000", "925.00"),
    }


def test_a_party_that_gets_a_share_reaches_the_note_through_its_memberships(cast: Any) -> None:
    newcomer = ruth()
    ruths = lender_client("ruth", newcomer)
    note_url = f"/api/notes/{cast.note.pk}/"
    assert ruths.get(note_url).status_code == 404  # not a lender yet: the note is hidden

    give_to(cast, "LEAH", newcomer, "2007-01-01")
    people = parties(cast)

    assert ruths.get(note_url).status_code == 200
    listed = ruths.get(f"{note_url}transfers/").json()["results"]
    assert [t["to_party_name"] for t in listed] == ["RUTH NEWCOMER"]
    # As a lender she may record events on it now, but not transfers (servicers only).
    body = {"from_party": newcomer.pk, "to_party": people["DAVID"].pk, "share": "1"}
    refused = ruths.post(
        f"{note_url}transfers/", {**body, "effective_on": "2007-02-01"}, format="json"
    )
    assert refused.status_code == 403


def test_who_confirms_a_payment_follows_the_shares_on_the_day_it_was_received(cast: Any) -> None:
    """LEAH gives her whole 50% to RUTH from 2006-04-01: RUTH confirms what was received
    from that day, LEAH what was received before it, and neither the other's."""
    pay_installments(cast, through=date(2006, 4, 1))  # received 02-01, 03-01, 04-01
    newcomer = ruth()
    give_to(cast, "LEAH", newcomer, "2006-04-01")
    clients = {
        "ruth": lender_client("ruth", newcomer),
        "leah": lender_client("leah", parties(cast)["LEAH"]),
    }
    march, april = (cast.note.payments.get(received_on=date(2006, month, 1)) for month in (3, 4))

    def confirm(who: str, payment: Any) -> Any:
        url = f"/api/payments/{payment.pk}/confirm/"
        return clients[who].post(url, {"confirmed": True}, format="json")

    assert confirm("ruth", april).status_code == 200
    assert confirm("leah", march).status_code == 200
    for who, payment in (("ruth", march), ("leah", april)):
        refused = confirm(who, payment)
        assert refused.status_code == 400, (who, payment.received_on)
        assert "lender_party" in refused.json()["errors"]
    confirmations = PaymentConfirmation.objects.filter(payment__note=cast.note)
    answered = {(c.lender_party.name, c.payment.received_on) for c in confirmations}
    assert answered == {("RUTH NEWCOMER", date(2006, 4, 1)), ("LEAH A. SLAVNY", date(2006, 3, 1))}
