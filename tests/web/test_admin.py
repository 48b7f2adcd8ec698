"""The servicer's admin: the seed note with its lenders and collateral, masked
tax ids in lists, history pages, and the boarding rules applied to admin edits."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from loans.models import Note, Party
from loans.seed import seed_demo_users
from payments.services import payment_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def servicer_client(client: Client) -> Client:
    seed_demo_users()
    client.force_login(get_user_model().objects.get(username="servicer"))
    return client


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_note_list_shows_seed_note_with_lenders(servicer_client: Client) -> None:
    page = servicer_client.get("/admin/loans/note/").content.decode()
    assert "INFINITE-2005-12-31" in page
    assert "DAVID N. SLAVNY (50.0000%)" in page
    assert "LEAH A. SLAVNY (50.0000%)" in page


def test_note_page_shows_lenders_and_collateral(servicer_client: Client) -> None:
    note = Note.objects.get(reference="INFINITE-2005-12-31")
    response = servicer_client.get(f"/admin/loans/note/{note.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Collateral Security Agreement" in page
    assert "DAVID N. SLAVNY" in page and "LEAH A. SLAVNY" in page
    history = servicer_client.get(f"/admin/loans/note/{note.pk}/history/")
    assert history.status_code == 200


def test_party_list_masks_tax_id(servicer_client: Client) -> None:
    Party.objects.filter(name="DAVID N. SLAVNY").update(tax_id="123-45-6789")
    page = servicer_client.get("/admin/loans/party/").content.decode()
    assert "***-**-6789" in page
    assert "123-45-6789" not in page


def test_party_search(servicer_client: Client) -> None:
    page = servicer_client.get("/admin/loans/party/", {"q": "Slavny"}).content.decode()
    assert "DAVID N. SLAVNY" in page
    assert "INFINITE GROUP" not in page.split("result-list")[-1]


def note_post(borrower: Party, lenders: list[tuple[Party, str]], **change: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": "ADMIN-1",
        "borrower": borrower.pk,
        "principal": "50000.00",
        "annual_rate": "8",
        "day_count": "30/360",
        "dated": "2024-01-01",
        "accrual_start": "2024-01-01",
        "first_payment_date": "2024-02-01",
        "maturity_date": "2026-01-01",
        "repayment": "interest_only",
        "payment_frequency_months": "1",
        "interest_only_periods": "0",
        "notice_required": "on",
        "cure_days": "10",
        "grace_days": "0",
        "acceleration": "automatic",
        "lender_shares-TOTAL_FORMS": str(len(lenders)),
        "lender_shares-INITIAL_FORMS": "0",
        "collateral-TOTAL_FORMS": "0",
        "collateral-INITIAL_FORMS": "0",
    }
    for number, (party, share) in enumerate(lenders):
        data[f"lender_shares-{number}-party"] = party.pk
        data[f"lender_shares-{number}-share"] = share
    return {**data, **change}


def test_admin_boards_a_valid_note(servicer_client: Client) -> None:
    borrower = Party.objects.get(name="INFINITE GROUP, INC.")
    lender = Party.objects.get(name="DAVID N. SLAVNY")
    data = note_post(borrower, [(lender, "100")])
    response = servicer_client.post("/admin/loans/note/add/", data)
    assert response.status_code == 302
    assert Note.objects.get(reference="ADMIN-1").lender_shares.get().share == 100


@pytest.mark.parametrize(
    ("shares", "change", "message"),
    [
        (["60", "30"], {}, "add up to 90%, not 100%"),
        (["100"], {"maturity_date": "2024-02-01"}, "maturity date must be after"),
        (["100"], {"payment_frequency_months": "5"}, "1, 2, 3, 4, 6 or 12 months"),
        (["100"], {"grace_days": "3"}, "Grace days apply only when no notice is required"),
    ],
)
def test_admin_refuses_bad_terms(
    servicer_client: Client, shares: list[str], change: dict[str, str], message: str
) -> None:
    borrower = Party.objects.get(name="INFINITE GROUP, INC.")
    lenders = list(Party.objects.filter(kind="person").order_by("name"))
    data = note_post(borrower, list(zip(lenders, shares, strict=False)), **change)
    before = row_counts()
    response = servicer_client.post("/admin/loans/note/add/", data)
    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode().replace("&#x27;", "'")
    assert row_counts() == before


def test_borrower_staff_cannot_reach_admin(client: Client) -> None:
    seed_demo_users()
    client.force_login(get_user_model().objects.get(username="borrower"))
    response = client.get("/admin/loans/note/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_terms_are_fixed_once_a_payment_is_recorded(servicer_client: Client) -> None:
    # Changing the rate after a payment would silently re-allocate it: the change
    # page then shows the terms as text, with no input to post them through.
    note = Note.objects.get(reference="INFINITE-2005-12-31")
    url = f"/admin/loans/note/{note.pk}/change/"
    assert 'name="annual_rate"' in servicer_client.get(url).content.decode()

    servicer = get_user_model().objects.get(username="servicer")
    with override_settings(NOTEKEEPER_BUSINESS_DATE="2006-02-01"):
        payment_record(
            note=note, received_on=date(2006, 2, 1), amount=Decimal("1911.67"),
            method="check", entered_by=servicer,
        )  # fmt: skip
    page = servicer_client.get(url).content.decode()

    assert 'name="annual_rate"' not in page
    assert 'name="principal"' not in page
    assert 'name="governing_law"' in page  # what is not a term stays editable
