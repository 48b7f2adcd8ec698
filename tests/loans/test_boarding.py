"""note_board: a valid note is written whole; each bad term gives a clear
error keyed by its field, and nothing at all is written."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from loans.models import CollateralReference, Note, NoteLender, Party
from loans.services import note_board
from loans.services.boarding import installment_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(make_party: Any) -> dict[str, Party]:
    return {
        "borrower": make_party("Borrower Co"),
        "first": make_party("First Lender", kind=Party.Kind.PERSON),
        "second": make_party("Second Lender", kind=Party.Kind.PERSON),
    }


@pytest.fixture
def terms(parties: dict[str, Party]) -> dict[str, Any]:
    """A valid level note: $120,000.00 at 6%, monthly 2024-02-01 .. 2029-01-01 (60 periods)."""
    return {
        "reference": "LEVEL-2024",
        "borrower": parties["borrower"],
        "lenders": [(parties["first"], Decimal("60")), (parties["second"], Decimal("40"))],
        "principal": Decimal("120000.00"),
        "annual_rate": Decimal("6.000"),
        "day_count": "30/360",
        "dated": date(2024, 1, 1),
        "first_payment_date": date(2024, 2, 1),
        "maturity_date": date(2029, 1, 1),
        "repayment": "level",
    }


def row_counts() -> dict[str, int]:
    """Rows of every model of every app (history tables included)."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_boards_note_with_lenders_and_collateral(terms: dict[str, Any]) -> None:
    collateral = [
        {"kind": "security_agreement", "title": "Security Agreement", "date": date(2024, 1, 1)},
        {"kind": "ucc1_filing", "title": "UCC-1", "filing_date": date(2024, 1, 10)},
    ]
    note = note_board(**terms, collateral=collateral, governing_law="New York")

    assert Note.objects.count() == 1
    assert note.accrual_start == date(2024, 1, 1)  # defaults to the dated date
    assert note.principal == Decimal("120000.00")
    shares = {ls.party.name: ls.share for ls in note.lender_shares.select_related("party")}
    assert shares == {"First Lender": Decimal("60"), "Second Lender": Decimal("40")}
    filing = note.collateral.get(kind="ucc1_filing")
    assert filing.lapse_date == date(2029, 1, 10)  # five years after filing (UCC 9-515)
    assert note.collateral.count() == 2
    # history rows were written for the note, each share and each collateral item
    assert note.history.count() == 1
    assert NoteLender.history.count() == 2
    assert CollateralReference.history.count() == 2


def test_accepts_strings_for_money_and_a_stated_installment(terms: dict[str, Any]) -> None:
    # 6% monthly on 120,000.00 is 600.00 of interest a period; 600.01 repays a cent.
    terms.update(principal="120000.00", annual_rate="6", installment_amount="600.01")
    note = note_board(**terms)
    assert note.installment_amount == Decimal("600.01")
    assert note.annual_rate == Decimal("6")


def test_interest_only_lead_in_one_shorter_than_term_is_allowed(terms: dict[str, Any]) -> None:
    # 2024-02-01 .. 2029-01-01 monthly: 12*5 = 60 due dates, so a lead-in of 59 leaves one.
    note = note_board(**terms, interest_only_periods=59)
    assert note.interest_only_periods == 59


BAD_TERMS = [
    ("maturity before first payment", {"maturity_date": date(2024, 1, 15)}, "maturity_date"),
    ("maturity on first payment", {"maturity_date": date(2024, 2, 1)}, "maturity_date"),
    ("first payment on accrual start", {"accrual_start": date(2024, 2, 1)}, "first_payment_date"),
    ("first payment before accrual", {"accrual_start": date(2024, 3, 1)}, "first_payment_date"),
    ("missing date", {"dated": None}, "dated"),
    ("unknown day count", {"day_count": "ACT/364"}, "day_count"),
    ("unknown repayment", {"repayment": "balloon"}, "repayment"),
    ("unknown acceleration", {"acceleration": "whenever"}, "acceleration"),
    ("zero principal", {"principal": Decimal("0.00")}, "principal"),
    ("negative principal", {"principal": Decimal("-100.00")}, "principal"),
    ("principal in mills", {"principal": Decimal("100.001")}, "principal"),
    ("principal as a float", {"principal": 120000.0}, "principal"),
    ("principal too large", {"principal": Decimal("1000000000000.00")}, "principal"),
    ("principal not a number", {"principal": "lots"}, "principal"),
    ("negative rate", {"annual_rate": Decimal("-0.5")}, "annual_rate"),
    ("rate above 100", {"annual_rate": Decimal("100.01")}, "annual_rate"),
    ("rate as a float", {"annual_rate": 6.0}, "annual_rate"),
    ("rate with 7 places", {"annual_rate": Decimal("6.0000001")}, "annual_rate"),
    ("frequency 5 months", {"payment_frequency_months": 5}, "payment_frequency_months"),
    ("frequency 0", {"payment_frequency_months": 0}, "payment_frequency_months"),
    ("frequency 24", {"payment_frequency_months": 24}, "payment_frequency_months"),
    # 60 due dates (see above): a 60-period lead-in leaves nothing to amortize
    ("lead-in as long as the term", {"interest_only_periods": 60}, "interest_only_periods"),
    ("lead-in longer than the term", {"interest_only_periods": 61}, "interest_only_periods"),
    ("negative lead-in", {"interest_only_periods": -1}, "interest_only_periods"),
    (
        "lead-in on an interest-only note",
        {"repayment": "interest_only", "interest_only_periods": 3},
        "interest_only_periods",
    ),
    ("zero amortization periods", {"amortization_periods": 0}, "amortization_periods"),
    (
        "amortization on an interest-only note",
        {"repayment": "interest_only", "amortization_periods": 360},
        "amortization_periods",
    ),
    # a regular month's interest: 120,000.00 x 6% / 12 = 600.00
    ("installment equal to interest", {"installment_amount": Decimal("600.00")}, "installment"),
    ("installment below interest", {"installment_amount": Decimal("599.99")}, "installment"),
    ("installment of zero", {"installment_amount": Decimal("0")}, "installment_amount"),
    ("installment in mills", {"installment_amount": Decimal("700.005")}, "installment_amount"),
    (
        "installment on a fixed-principal note",
        {"repayment": "fixed_principal", "installment_amount": Decimal("2500.00")},
        "installment_amount",
    ),
    ("grace days with notice required", {"grace_days": 5}, "grace_days"),
    ("negative cure days", {"cure_days": -1}, "cure_days"),
    ("negative grace days", {"notice_required": False, "grace_days": -2}, "grace_days"),
    ("empty reference", {"reference": "  "}, "reference"),
    ("reference too long", {"reference": "X" * 65}, "reference"),
    ("borrower not saved", {"borrower": Party(name="Ghost", kind="person")}, "borrower"),
]


@pytest.mark.parametrize(
    ("change", "field"),
    [(change, field) for _, change, field in BAD_TERMS],
    ids=[name for name, _, _ in BAD_TERMS],
)
def test_bad_term_is_refused_and_nothing_written(
    terms: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    field = "installment_amount" if field == "installment" else field
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        note_board(**{**terms, **change})
    assert field in refused.value.message_dict
    assert all(message.strip() for message in refused.value.message_dict[field])
    assert row_counts() == before


def lenders_of(parties: dict[str, Party], *pairs: tuple[str, str]) -> list[tuple[Party, Any]]:
    return [(parties[name], Decimal(share)) for name, share in pairs]


BAD_LENDERS = [
    ("shares add to 110", (("first", "60"), ("second", "50"))),
    ("shares add to 99.99", (("first", "50"), ("second", "49.99"))),
    ("share of zero", (("first", "100"), ("second", "0"))),
    ("negative share", (("first", "110"), ("second", "-10"))),
    ("share above 100", (("first", "100.5"),)),
    ("share with 5 places", (("first", "50.00001"), ("second", "49.99999"))),
    ("duplicate lender", (("first", "50"), ("first", "50"))),
    ("borrower also a lender", (("first", "50"), ("borrower", "50"))),
    ("no lenders", ()),
]


@pytest.mark.parametrize(
    "pairs", [pairs for _, pairs in BAD_LENDERS], ids=[name for name, _ in BAD_LENDERS]
)
def test_bad_lenders_are_refused_and_nothing_written(
    terms: dict[str, Any], parties: dict[str, Party], pairs: tuple[tuple[str, str], ...]
) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        note_board(**{**terms, "lenders": lenders_of(parties, *pairs)})
    assert list(refused.value.message_dict) == ["lenders"]
    assert row_counts() == before


def test_share_total_is_named_in_the_message(
    terms: dict[str, Any], parties: dict[str, Party]
) -> None:
    lenders = lenders_of(parties, ("first", "60"), ("second", "50"))
    with pytest.raises(ValidationError) as refused:
        note_board(**{**terms, "lenders": lenders})
    assert refused.value.message_dict["lenders"] == [
        "The lenders' shares add up to 110%, not 100%."
    ]


BAD_COLLATERAL = [
    ("unknown kind", {"kind": "pledge", "title": "Pledge"}),
    ("missing title", {"kind": "guaranty", "title": ""}),
    ("unknown field", {"kind": "other", "title": "Other", "colour": "red"}),
    (
        "lapse before filing",
        {
            "kind": "ucc1_filing",
            "title": "UCC-1",
            "filing_date": date(2024, 1, 10),
            "lapse_date": date(2023, 1, 10),
        },
    ),
]


@pytest.mark.parametrize(
    "item", [item for _, item in BAD_COLLATERAL], ids=[name for name, _ in BAD_COLLATERAL]
)
def test_bad_collateral_is_refused_and_nothing_written(
    terms: dict[str, Any], item: dict[str, Any]
) -> None:
    before = row_counts()
    good = {"kind": "security_agreement", "title": "Security Agreement"}
    with pytest.raises(ValidationError) as refused:
        note_board(**terms, collateral=[good, item])
    assert list(refused.value.message_dict) == ["collateral"]
    assert refused.value.message_dict["collateral"][0].startswith("Collateral 2:")
    assert row_counts() == before


def test_duplicate_reference_is_refused_and_nothing_more_written(terms: dict[str, Any]) -> None:
    note_board(**terms)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        note_board(**terms)
    assert "already boarded" in refused.value.message_dict["reference"][0]
    assert row_counts() == before


def test_every_bad_term_is_reported_at_once(
    terms: dict[str, Any], parties: dict[str, Party]
) -> None:
    terms.update(
        principal=Decimal("-1"),
        annual_rate=Decimal("101"),
        day_count="ACT/999",
        maturity_date=date(2024, 1, 1),
        lenders=lenders_of(parties, ("first", "50")),
    )
    with pytest.raises(ValidationError) as refused:
        note_board(**terms)
    assert set(refused.value.message_dict) == {
        "principal",
        "annual_rate",
        "day_count",
        "maturity_date",
        "lenders",
    }


@pytest.mark.parametrize(
    ("first", "maturity", "frequency", "count"),
    [
        # the seed: 2006-02-01 monthly to 2008-01-01 = Feb 2006 .. Jan 2008 = 11 + 12 + 1
        (date(2006, 2, 1), date(2008, 1, 1), 1, 24),
        # stub: 2006-02-01, 2006-03-01, then maturity 2006-03-15 off the sequence
        (date(2006, 2, 1), date(2006, 3, 15), 1, 3),
        # quarterly for two years: 2024-03-31 .. 2026-03-31 = 8 quarters after the first
        (date(2024, 3, 31), date(2026, 3, 31), 3, 9),
        # end of month anchor: 2024-04-30 then 2024-05-31 (not 05-30), which is maturity
        (date(2024, 4, 30), date(2024, 5, 31), 1, 2),
        # not an end-of-month anchor: 04-29, 05-29, then maturity 05-31 is a stub
        (date(2024, 4, 29), date(2024, 5, 31), 1, 3),
        # annual: 2025-06-15, 2026-06-15, 2027-06-15
        (date(2025, 6, 15), date(2027, 6, 15), 12, 3),
    ],
)
def test_installment_count(first: date, maturity: date, frequency: int, count: int) -> None:
    assert (
        installment_count(first_payment_date=first, maturity_date=maturity, frequency=frequency)
        == count
    )


def test_stores_the_uploaded_instrument(
    terms: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    upload = ContentFile(b"PROMISSORY NOTE ...", name="note.txt")
    note = note_board(**terms, instrument_file=upload, instrument_text="PROMISSORY NOTE ...")
    note.refresh_from_db()
    assert str(note.instrument_file.name).startswith("instruments/note")
    with note.instrument_file.open("rb") as stored:
        assert stored.read() == b"PROMISSORY NOTE ..."


def test_boarding_logs_one_write_line(terms: dict[str, Any], caplog: Any) -> None:
    caplog.set_level("INFO", logger="notekeeper.writes")
    clerk = get_user_model().objects.create_user(username="boarder", password="not-used-1234")
    note = note_board(**terms, boarded_by=clerk)
    lines = [r.getMessage() for r in caplog.records if r.name == "notekeeper.writes"]
    assert lines == [f"write who=boarder what=note_board note={note.pk} id={note.pk}"]


def test_a_refused_boarding_logs_nothing(terms: dict[str, Any], caplog: Any) -> None:
    caplog.set_level("INFO", logger="notekeeper.writes")
    with pytest.raises(ValidationError):
        note_board(**(terms | {"principal": "120000.001"}))
    assert not [r for r in caplog.records if r.name == "notekeeper.writes"]
