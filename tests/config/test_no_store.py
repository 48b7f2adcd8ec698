"""Answers carrying a note's figures, a party's details or a token are kept out of
caches (ASVS 8.2.1): API answers and downloads `no-store`, pages `private, no-cache`
(no shared cache keeps them; the browser's Back button still works); an answer that
says how to cache itself keeps its own header."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from jobs.demo_history import seed_demo_payments
from loans.business_date import business_date
from loans.models import Note
from loans.seed import SEED_REFERENCE, seed_demo_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(settings: Any) -> Note:
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"
    seed_demo_users()
    seed_demo_payments(today=business_date())
    return Note.objects.get(reference=SEED_REFERENCE)


def cache_control(response: Any) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_pages_are_private_and_revalidated(note: Note, django_user_model: Any) -> None:
    client = Client()
    client.force_login(django_user_model.objects.get(username="lender"))
    for url in ("/", reverse("note", kwargs={"pk": note.pk}), reverse("web-statements")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) == {"private", "no-cache"}, url


def test_api_answers_and_downloads_are_not_stored(note: Note, django_user_model: Any) -> None:
    token = Token.objects.create(user=django_user_model.objects.get(username="accountant"))
    api = Client(headers={"Authorization": f"Token {token.key}"})
    for url in (
        f"/api/notes/{note.pk}/balance/",
        f"/api/notes/{note.pk}/statements/year-end/?to=2006-12-31&format=csv",
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert "no-store" in cache_control(response), url


def test_the_login_and_token_pages_and_an_api_error_are_not_stored(
    note: Note, django_user_model: Any
) -> None:
    assert "no-store" in cache_control(Client().get(reverse("login")))  # Django's own
    client = Client()
    client.force_login(django_user_model.objects.get(username="lender"))
    assert "no-store" in cache_control(client.get(reverse("account-token")))
    refused = Client().get(f"/api/notes/{note.pk}/balance/")
    assert refused.status_code == 401
    assert "no-store" in cache_control(refused)


def test_an_answer_with_its_own_caching_keeps_it(db: None) -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert cache_control(response) == {"max-age=86400", "public"}
