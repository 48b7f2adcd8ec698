"""Lists and counts through the API hold only what the user may see: a hidden
note is in no list and in no count (DESIGN 1)."""

import pytest
from django.test import Client
from django.urls import reverse


def get_json(world, role, name, **kwargs):
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse(name, kwargs=kwargs or None))
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
def test_note_list_and_count_hold_only_the_own_note(world, role):
    page = get_json(world, role, "api-notes")
    assert page["count"] == 1
    assert [note["id"] for note in page["results"]] == [world.own_note.pk]


@pytest.mark.parametrize("role", ["lender", "borrower_staff", "accountant"])
def test_party_list_holds_the_parties_of_the_own_note(world, role):
    page = get_json(world, role, "api-parties")
    expected = {world.own_borrower.pk, world.own_lender.pk, world.own_co_lender.pk}
    assert page["count"] == 3
    assert {party["id"] for party in page["results"]} == expected


def test_servicer_lists_and_counts_everything(world):
    assert get_json(world, "servicer", "api-notes")["count"] == 2
    assert get_json(world, "servicer", "api-parties")["count"] == 5


def test_payment_list_of_the_own_note_holds_its_payment_only(world):
    page = get_json(world, "borrower_staff", "api-note-payments", pk=world.own_note.pk)
    results = page["results"] if isinstance(page, dict) else page
    assert [payment["id"] for payment in results] == [world.payment("own").pk]
