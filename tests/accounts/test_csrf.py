"""CSRF: every routed unsafe method refuses a browser request without a CSRF
token (403), signed in or not. The cases come from the authorization matrix,
so a new route's POST/PUT/PATCH/DELETE is checked as soon as it has a row."""

import pytest
from django.test import Client
from django.urls import resolve, reverse
from rest_framework.views import APIView

from tests.accounts.conftest import PASSWORD
from tests.accounts.test_matrix import MATRIX, url_of

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")

# (url name, method) -> why no CSRF token is needed.
CSRF_EXEMPT = {
    ("api-auth-token", "POST"): (
        "authenticates by the username and password in the body, never by a cookie "
        "(the view drops session authentication for POST): no ambient credential to abuse"
    ),
    ("api-not-found", "POST"): "reads and writes nothing: every request is told 404",
}


def unsafe_cases():
    for name, route in MATRIX.items():
        for method in route.methods:
            if method in UNSAFE and (name, method) not in CSRF_EXEMPT:
                yield pytest.param(name, method, id=f"{method} {name}")


def is_api_view(url: str) -> bool:
    return issubclass(getattr(resolve(url).func, "cls", object), APIView)


@pytest.mark.parametrize(("name", "method"), list(unsafe_cases()))
def test_signed_in_unsafe_request_without_token_is_refused(world, name, method):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["servicer"])
    response = client.generic(method, url_of(world, name, "own"))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method"), list(unsafe_cases()))
def test_anonymous_unsafe_request_without_token_is_refused(world, name, method):
    url = url_of(world, name, "own")
    response = Client(enforce_csrf_checks=True).generic(method, url)
    # API views authenticate each request (token or session); an anonymous one
    # carries no cookie for CSRF to protect and is refused as unauthenticated.
    assert response.status_code == (401 if is_api_view(url) else 403)


def test_with_the_token_the_same_login_goes_through(world):
    # Positive control: the 403s above are CSRF, not a broken form.
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {"username": "lender", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_api_delete_with_session_needs_the_token_but_not_with_a_token_header(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["lender"])
    url = reverse("api-auth-token")
    assert client.delete(url).status_code == 403
    client.get(reverse("home"))
    csrf = client.cookies["csrftoken"].value
    assert client.delete(url, headers={"X-CSRFToken": csrf}).status_code == 204

    key = (
        Client()
        .post(url, {"username": "lender", "password": PASSWORD}, content_type="application/json")
        .json()["token"]
    )
    header_client = Client(enforce_csrf_checks=True)
    assert header_client.delete(url, headers={"Authorization": f"Token {key}"}).status_code == 204


def test_every_exemption_names_a_routed_method():
    for name, method in CSRF_EXEMPT:
        assert method in MATRIX[name].methods
