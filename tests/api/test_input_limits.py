"""No input gives a 500: nesting and size limits, the server-error handler,
405 for missing methods, and throttled token guessing; every answer in the
API's error shape {"detail": ..., "errors": {...}}."""

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token

from api.authentication import BAD_TOKEN_WINDOW
from api.parsers import MAX_JSON_DEPTH, nesting_depth
from payments.models import Payment

TOKEN_URL = "/api/auth/token/"
BAD_TOKEN_LIMIT = 10  # NOTEKEEPER_BAD_TOKEN_LIMIT's default
LIMIT = 2_621_440  # DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MiB = 2.5 * 1024 * 1024


def nested(depth: int) -> str:
    """A JSON array nested `depth` levels deep: [[[...]]]."""
    return "[" * depth + "]" * depth


def post_raw(client: Any, url: str, body: str | bytes) -> Any:
    return client.generic("POST", url, body, content_type="application/json")


# --- nesting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "depth"),
    [
        (1, 0),
        ("[[]]", 0),  # a string, whatever it reads like
        ([], 1),
        ({"a": [1, {"b": []}]}, 4),  # object, array, object, array
        ([[[]], [[[[]]]]], 5),
    ],
)
def test_nesting_depth_counts_objects_and_arrays(data: Any, depth: int) -> None:
    assert nesting_depth(data, limit=100) == depth


@pytest.mark.django_db
def test_json_nested_past_the_recursion_limit_is_a_400_even_unauthenticated() -> None:
    response = post_raw(Client(), TOKEN_URL, nested(100_000))  # RecursionError before
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.",
        "errors": {},
    }


@pytest.mark.django_db
def test_json_one_level_past_the_limit_is_refused_and_at_the_limit_is_read() -> None:
    too_deep = post_raw(Client(), TOKEN_URL, nested(MAX_JSON_DEPTH + 1))
    assert too_deep.status_code == 400 and "nested deeper" in too_deep.json()["detail"]

    # 16 levels: the object is level 1, the password's value 15 more arrays.
    at_limit = json.dumps({"username": "nobody", "password": json.loads(nested(15))})
    read = post_raw(Client(), TOKEN_URL, at_limit)
    assert read.status_code == 400
    assert read.json()["errors"] == {"password": ["Not a valid string."]}


def test_deep_json_on_an_authenticated_write_is_a_400(cast: Any) -> None:
    response = post_raw(
        cast["borrower_staff"], f"/api/notes/{cast.note.pk}/payments/", nested(5000)
    )
    assert response.status_code == 400 and "nested deeper" in response.json()["detail"]


# --- size ---------------------------------------------------------------------


def padded(body: dict[str, str], size: int) -> bytes:
    """`body` as JSON followed by spaces, `size` bytes in all (spaces are valid JSON)."""
    raw = json.dumps(body).encode()
    return raw + b" " * (size - len(raw))


@pytest.mark.django_db
def test_a_body_one_byte_over_the_limit_is_a_json_413() -> None:
    body = padded({"username": "nobody", "password": "wrong"}, LIMIT + 1)
    response = post_raw(Client(), TOKEN_URL, body)
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is larger than the {LIMIT} bytes allowed.",
        "errors": {},
    }


@pytest.mark.django_db
def test_a_body_of_exactly_the_limit_is_read() -> None:
    body = padded({"username": "nobody", "password": "wrong"}, LIMIT)
    response = post_raw(Client(), TOKEN_URL, body)
    assert response.status_code == 400  # read, and the credentials are wrong
    assert response.json()["errors"] == {
        "non_field_errors": ["Unable to log in with the username and password given."]
    }


def test_a_ten_megabyte_memo_is_a_413_and_records_nothing(cast: Any) -> None:
    body = {"received_on": "2006-02-01", "amount": "1911.67", "method": "check"}
    response = post_raw(
        cast["borrower_staff"],
        f"/api/notes/{cast.note.pk}/payments/",
        json.dumps({**body, "memo": "x" * 10_000_000}),
    )
    assert response.status_code == 413
    assert cast.note.payments.count() == 0


# --- unhandled errors ---------------------------------------------------------


def test_an_unhandled_error_under_the_api_is_a_json_500(cast: Any, monkeypatch) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("api.notes.note_balance", broken)
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="lender"))
    response = client.get(f"/api/notes/{cast.note.pk}/balance/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Something went wrong on our side; it has been logged.",
        "errors": {},
    }


def test_an_unhandled_error_on_a_page_is_still_a_page(cast: Any, monkeypatch) -> None:
    def broken(user: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("accounts.views.notes_visible_to", broken)
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="lender"))
    response = client.get("/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_request_django_refuses_before_any_view_is_a_json_400_under_the_api() -> None:
    api = Client().get("/api/notes/", HTTP_HOST="evil.example")  # not in ALLOWED_HOSTS
    page = Client().get("/accounts/login/", HTTP_HOST="evil.example")
    assert api.status_code == 400
    assert api.json() == {"detail": "The request is malformed or not allowed here.", "errors": {}}
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


# --- 405 ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "lender", "servicer"])
@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/notes/", {"GET", "HEAD", "POST", "OPTIONS"}),
        ("PUT", "/api/parties/{party}/", {"GET", "HEAD", "PATCH", "OPTIONS"}),
        ("DELETE", "/api/notes/{note}/balance/", {"GET", "HEAD", "OPTIONS"}),
        ("POST", "/api/notes/{note}/balance/", {"GET", "HEAD", "OPTIONS"}),
        ("GET", "/api/payments/1/reverse/", {"POST", "OPTIONS"}),
    ],
)
def test_a_method_a_view_lacks_is_405_for_everyone(
    cast: Any, role: str, method: str, path: str, allowed: set[str]
) -> None:
    url = path.format(note=cast.note.pk, party=cast.note.borrower_id)
    response = cast[role].generic(method, url, "{}", content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": f'Method "{method}" not allowed.', "errors": {}}
    assert set(response["Allow"].split(", ")) == allowed


def test_head_and_options_are_still_answered(cast: Any) -> None:
    url = f"/api/notes/{cast.note.pk}/balance/"
    assert cast["lender"].head(url).status_code == 200
    assert cast["lender"].options(url).status_code == 200


# --- page size ----------------------------------------------------------------


def test_a_client_cannot_ask_for_pages_of_more_than_fifty(cast: Any) -> None:
    """60 payments of 1.00: pages of 50 and 10, whatever page size is asked for."""
    clerk = get_user_model().objects.get(username="borrower_staff")
    Payment.objects.bulk_create(
        Payment(note=cast.note, received_on=date(2006, 1, 10), amount=Decimal("1.00"),
                method="check", entered_by=clerk)
        for _ in range(60)
    )  # fmt: skip
    url = f"/api/notes/{cast.note.pk}/payments/"
    first = cast["lender"].get(url, {"page_size": 1000, "limit": 1000, "per_page": 1000}).json()
    assert (first["count"], len(first["results"])) == (60, 50)
    assert len(cast["lender"].get(url, {"page": 2}).json()["results"]) == 10


# --- bad tokens ---------------------------------------------------------------


def with_token(key: str, address: str = "192.0.2.7") -> Any:
    return Client().get("/api/notes/", HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=address)


def test_bad_tokens_are_throttled_per_address(cast: Any) -> None:
    good = Token.objects.create(user=get_user_model().objects.get(username="lender")).key
    assert with_token(good).status_code == 200
    for attempt in range(BAD_TOKEN_LIMIT):  # 10 guesses are answered 401
        assert with_token(f"{attempt:040x}").status_code == 401

    throttled = with_token("f" * 40)  # the 11th
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == str(BAD_TOKEN_WINDOW)
    assert throttled.json() == {
        "detail": "Too many bad tokens from this address. "
        f"Expected available in {BAD_TOKEN_WINDOW} seconds.",
        "errors": {},
    }
    assert with_token(good).status_code == 429  # no oracle: a right key is refused too
    assert with_token(good, address="198.51.100.9").status_code == 200  # another client
    no_token = Client().get("/api/notes/", REMOTE_ADDR="192.0.2.7")
    assert no_token.status_code == 401  # nothing offered, nothing throttled


def test_malformed_token_headers_count_as_failures(cast: Any) -> None:
    for _ in range(BAD_TOKEN_LIMIT):
        response = Client().get(
            "/api/notes/", HTTP_AUTHORIZATION="Token two words", REMOTE_ADDR="192.0.2.8"
        )
        assert response.status_code == 401
    assert with_token("0" * 40, address="192.0.2.8").status_code == 429
