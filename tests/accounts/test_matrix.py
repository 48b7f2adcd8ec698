"""The authorization matrix: every role x every routed URL x own / another
party's object -> the expected HTTP status (DESIGN 1, issue 5).

How it works
------------
`MATRIX` maps each URL name that config/urls.py routes to a `Route`: how to
build its URL for the user's own object or for another party's object
(`kwargs`), and for each HTTP method the expected status per role as
`(own, foreign)`. The tests:

- `test_every_route_has_a_row` walks Django's URL resolver: a route without a
  row FAILS (and so does a row whose route is gone). The admin is covered as a
  group (staff vs non-staff) by `test_admin_*`.
- `test_every_schema_operation_has_a_cell`: once `/api/schema/` is routed,
  every (path, method) of the OpenAPI schema must have a cell; until then, no
  route under /api/ other than /api/auth/ may exist.
- `test_cell` requests every cell, signed in with a session as that role,
  and compares the status. Anonymous redirects must go to the login page.
- A signed-in user with no membership ("no_membership") gets every list
  (200, empty) and 404 for every note, and its answers carry neither party's
  data.
- No response to a non-servicer may contain a marker of the other party's
  objects (`World.foreign_markers`: the foreign note's reference and its
  parties' names, its payment's reference, its charge's description); a route
  with `shows_own` must show the user's own counterpart in a 200 answer (so the
  leak check is proved able to see such data at all).

Adding a row for a new route (e.g. the REST API)
-----------------------------------------------
1. Use its URL name as the key (with namespace: "ns:name").
2. `kwargs=note_kwargs` (or your own `lambda world, whose: {...}`) when the
   URL names an object; `world.note(whose)` is the own or the foreign note.
   Objects other than notes (payments, charges): add them to `World` in
   tests/accounts/conftest.py, with a marker string on the foreign one.
3. `methods={"GET": api_read(), "POST": api_write(lender=201, ...)}` or
   spell out `{role: (own, foreign)}`; `data` gives the body of unsafe
   methods (JSON; default `{}`), `query` a query string. An invalid body whose
   400 proves authorization passed is enough, and keeps the cells independent
   of what a valid write returns; what is refused must be 401/403/404 as
   DESIGN 1 says: another party's object is 404, never 403.
4. Unsafe methods are also checked for CSRF (tests/accounts/test_csrf.py)
   unless listed in its CSRF_EXEMPT with a reason.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from tests.accounts.conftest import ROLES, World

OWN, FOREIGN = "own", "foreign"
MEMBER_ROLES = ("lender", "borrower_staff", "accountant")
NO_MEMBERSHIP = "no_membership"  # signed in, a member of no party: sees no note at all
Cells = dict[str, tuple[int, int]]  # role -> (status on own object, on foreign object)


@dataclass(frozen=True)
class Route:
    methods: dict[str, Cells]
    kwargs: Callable[[World, str], dict[str, Any]] | None = None
    data: Callable[[World, str], dict[str, Any]] | None = None
    query: dict[str, str] | None = None  # query string of every request
    shows_own: Callable[[World, str], str] | None = None  # text a 200 answer must contain

    @property
    def has_object(self) -> bool:
        return self.kwargs is not None


def everyone(status: int) -> Cells:
    return {role: (status, status) for role in ROLES}


def signed_in(status: int, anonymous: int = 302) -> Cells:
    cells = everyone(status)
    cells["anonymous"] = (anonymous, anonymous)
    return cells


def api_read(status: int = 200) -> Cells:
    """A note's data through the API: members and servicers read their own,
    another party's note is 404, the anonymous 401."""
    cells = {role: (status, 404) for role in MEMBER_ROLES}
    cells["servicer"] = (status, status)
    cells[NO_MEMBERSHIP] = (404, 404)
    cells["anonymous"] = (401, 401)
    return cells


def api_write(ok: int, *, allowed: tuple[str, ...]) -> Cells:
    """A write on a note: roles in `allowed` get `ok` on their own note,
    the other members 403; everyone but the servicer 404 on a foreign note."""
    cells = {role: (ok if role in allowed else 403, 404) for role in MEMBER_ROLES}
    cells["servicer"] = (ok, ok)
    cells[NO_MEMBERSHIP] = (404, 404)
    cells["anonymous"] = (401, 401)
    return cells


def page_read(status: int = 200) -> Cells:
    """A note's page: members and servicers read their own, another party's note
    is 404, the anonymous go to the login page."""
    cells = {role: (status, 404) for role in MEMBER_ROLES}
    cells["servicer"] = (status, status)
    cells[NO_MEMBERSHIP] = (404, 404)
    cells["anonymous"] = (302, 302)
    return cells


def exporters_only(status: int) -> Cells:
    """Exports across notes (journal, accrual): accountants and servicers."""
    return {
        "lender": (403, 403),
        "borrower_staff": (403, 403),
        "accountant": (status, status),
        "servicer": (status, status),
        NO_MEMBERSHIP: (403, 403),
        "anonymous": (401, 401),
    }


def note_kwargs(world: World, whose: str) -> dict[str, Any]:
    return {"pk": world.note(whose).pk}


def party_kwargs(world: World, whose: str) -> dict[str, Any]:
    return {"pk": world.party(whose).pk}


def payment_kwargs(world: World, whose: str) -> dict[str, Any]:
    return {"pk": world.payment(whose).pk}


def servicer_only(ok: int) -> Cells:
    """Servicer-only writes without an object (boarding, parties)."""
    cells = {role: (403, 403) for role in (*MEMBER_ROLES, NO_MEMBERSHIP)}
    cells["servicer"] = (ok, ok)
    cells["anonymous"] = (401, 401)
    return cells


def page_write(ok: int, *, allowed: tuple[str, ...]) -> Cells:
    """A form on a note's page: roles in `allowed` get `ok` on their own note, other
    members 403; everyone but the servicer 404 on a foreign note; anonymous to login."""
    cells = {role: (ok if role in allowed else 403, 404) for role in MEMBER_ROLES}
    cells["servicer"] = (ok, ok)
    cells[NO_MEMBERSHIP] = (404, 404)
    cells["anonymous"] = (302, 302)
    return cells


def page_form(allowed: tuple[str, ...]) -> dict[str, Cells]:
    """GET shows the form (200); POST with an empty body re-renders it with errors (400)."""
    return {"GET": page_write(200, allowed=allowed), "POST": page_write(400, allowed=allowed)}


def invalid(**body: Any) -> Callable[[World, str], dict[str, Any]]:
    return lambda world, whose: body


MATRIX: dict[str, Route] = {
    # --- the pages (web/urls_pages.py) ---
    "home": Route(methods={"GET": signed_in(200)}, shows_own=lambda w, whose: w.own_note.reference),
    # The health probe: no login, read-only (503 with the database down: tests/config/).
    "healthz": Route(methods={"GET": everyone(200), "POST": everyone(405)}),
    "note": Route(
        methods={"GET": page_read()},
        kwargs=note_kwargs,
        shows_own=lambda w, whose: w.payment(whose).reference,
    ),
    "note-balance": Route(
        methods={"GET": page_read()},
        kwargs=note_kwargs,
        query={"as_of": "2006-03-15"},
        shows_own=lambda w, whose: 'as of <time datetime="2006-03-15">',
    ),
    "note-instrument": Route(
        methods={"GET": page_read()},
        kwargs=note_kwargs,
        shows_own=lambda w, whose: w.note(whose).instrument_text,
    ),
    "watchlist": Route(methods={"GET": signed_in(200)}),
    "favicon": Route(methods={"GET": everyone(301)}),
    "login": Route(methods={"GET": everyone(200), "POST": everyone(200)}),
    "logout": Route(methods={"GET": signed_in(405), "POST": everyone(302)}),
    "password_change": Route(methods={"GET": signed_in(200), "POST": signed_in(200)}),
    "password_change_done": Route(methods={"GET": signed_in(200)}),
    "password_reset": Route(methods={"GET": everyone(200), "POST": everyone(200)}),
    "password_reset_done": Route(methods={"GET": everyone(200)}),
    "password_reset_confirm": Route(
        methods={"GET": everyone(200), "POST": everyone(200)},
        kwargs=lambda world, whose: {"uidb64": "MQ", "token": "set-password"},
    ),
    "password_reset_complete": Route(methods={"GET": everyone(200)}),
    "account-token": Route(methods={"GET": signed_in(200), "POST": signed_in(200)}),
    "account-token-revoke": Route(methods={"GET": signed_in(405), "POST": signed_in(302)}),
    # --- the pages that do (web/urls_actions.py) ---
    "web-payment-new": Route(methods=page_form(("borrower_staff",)), kwargs=note_kwargs),
    "web-payment-receipt": Route(
        methods={"GET": page_read()},
        kwargs=payment_kwargs,
        shows_own=lambda w, whose: w.payment(whose).reference,
    ),
    "web-payment-confirm": Route(methods=page_form(("lender",)), kwargs=payment_kwargs),
    "web-payment-reverse": Route(methods=page_form(()), kwargs=payment_kwargs),
    "web-charge-new": Route(methods=page_form(("lender",)), kwargs=note_kwargs),
    "web-notice-new": Route(methods=page_form(("lender",)), kwargs=note_kwargs),
    "web-event-new": Route(methods=page_form(("lender",)), kwargs=note_kwargs),
    "web-note-board": Route(
        methods={
            "GET": {
                **{r: (403, 403) for r in (*MEMBER_ROLES, NO_MEMBERSHIP)},
                "servicer": (200, 200),
                "anonymous": (302, 302),
            },
            "POST": {
                **{r: (403, 403) for r in (*MEMBER_ROLES, NO_MEMBERSHIP)},
                "servicer": (400, 400),
                "anonymous": (302, 302),
            },
        }
    ),
    "web-note-statements": Route(
        methods={"GET": page_read()},
        kwargs=note_kwargs,
        shows_own=lambda w, whose: w.note(whose).reference,
    ),
    "web-statements": Route(
        methods={"GET": signed_in(200)}, shows_own=lambda w, whose: w.own_note.reference
    ),
    # --- the REST API (DESIGN 6) ---
    "api-schema": Route(methods={"GET": signed_in(200, anonymous=401)}),
    # A page for people: the anonymous go to the login page (the schema itself answers 401).
    "api-docs": Route(methods={"GET": signed_in(200)}),
    "api-parties": Route(
        methods={"GET": signed_in(200, anonymous=401), "POST": servicer_only(400)},
        data=invalid(kind="alien"),
        shows_own=lambda w, whose: w.own_borrower.name,
    ),
    "api-party": Route(
        methods={"GET": api_read(), "PATCH": api_write(400, allowed=())},
        kwargs=party_kwargs,
        data=invalid(kind="alien"),
    ),
    "api-notes": Route(
        methods={"GET": signed_in(200, anonymous=401), "POST": servicer_only(400)},
        shows_own=lambda w, whose: w.own_note.reference,
    ),
    "api-note": Route(methods={"GET": api_read()}, kwargs=note_kwargs),
    "api-note-schedule": Route(methods={"GET": api_read()}, kwargs=note_kwargs),
    "api-note-balance": Route(methods={"GET": api_read()}, kwargs=note_kwargs),
    "api-note-payoff": Route(methods={"GET": api_read()}, kwargs=note_kwargs),
    "api-note-payments": Route(
        methods={"GET": api_read(), "POST": api_write(400, allowed=("borrower_staff",))},
        kwargs=note_kwargs,
        data=invalid(amount="-1.00"),
        shows_own=lambda w, whose: w.payment(whose).reference,
    ),
    "api-note-charges": Route(
        methods={"GET": api_read(), "POST": api_write(400, allowed=("lender",))},
        kwargs=note_kwargs,
        data=invalid(amount="-1.00"),
        shows_own=lambda w, whose: w.charge(whose).description,
    ),
    "api-note-events": Route(
        methods={"GET": api_read(), "POST": api_write(400, allowed=("lender",))},
        kwargs=note_kwargs,
        data=invalid(kind="no-such-event"),
        shows_own=lambda w, whose: w.events[whose].description,
    ),
    "api-note-transfers": Route(
        methods={"GET": api_read(), "POST": api_write(400, allowed=())},
        kwargs=note_kwargs,
        data=invalid(share="-1"),
    ),
    # One operation per statement kind, one route per file format; the pages
    # link to a kind by the name api-note-statement (served by the routes above it).
    "api-note-statement": Route(
        methods={"GET": api_read()},
        kwargs=lambda world, whose: {"pk": world.note(whose).pk, "kind": "payoff"},
    ),
    **{
        f"api-statement-{kind}": Route(methods={"GET": api_read()}, kwargs=note_kwargs)
        for kind in ("billing", "year-end", "payoff")
    },
    "api-statement-activity": Route(
        methods={"GET": api_read()},
        kwargs=note_kwargs,
        query={"from": "2006-01-01", "to": "2006-12-31"},  # at most 10 years
    ),
    **{
        f"api-statement-{fmt}": Route(
            methods={"GET": api_read()},
            kwargs=lambda world, whose: {"pk": world.note(whose).pk, "kind": "payoff"},
        )
        for fmt in ("csv", "pdf", "xlsx")
    },
    "api-payment-reverse": Route(
        methods={"POST": api_write(400, allowed=())},
        kwargs=payment_kwargs,
        data=invalid(reversed_on="not-a-date"),
    ),
    "api-payment-confirm": Route(
        methods={"POST": api_write(400, allowed=("lender",))},
        kwargs=payment_kwargs,
        data=invalid(confirmed="maybe"),
    ),
    **{
        name: Route(methods={"GET": exporters_only(200)}, query={"book": "lender"})
        for name in ("api-journal", *(f"api-journal-{f}" for f in ("csv", "pdf", "xlsx", "ledger")))
    },
    **{
        name: Route(methods={"GET": exporters_only(200)}, query={"as_of": "2006-03-31"})
        for name in ("api-accrual", *(f"api-accrual-{f}" for f in ("csv", "pdf", "xlsx")))
    },
    **{
        name: Route(methods={"GET": signed_in(200, anonymous=401)}, query={"as_of": "2006-03-31"})
        for name in ("api-portfolio", *(f"api-portfolio-{f}" for f in ("csv", "pdf", "xlsx")))
    },
    "api-watchlist": Route(methods={"GET": signed_in(200, anonymous=401)}),
    # Any other path under /api/ (reversed as /api/): a JSON 404 for everyone.
    "api-not-found": Route(methods={"GET": everyone(404), "POST": everyone(404)}),
    "api-auth-token": Route(
        methods={
            "GET": everyone(405),  # no such method, whoever asks
            "POST": everyone(400),  # no credentials in the body
            "DELETE": signed_in(204, anonymous=401),
        }
    ),
}


# --- the route walk ---------------------------------------------------------


def routed(patterns=None, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """Every URL name the project routes (namespaced) -> its pattern; no admin."""
    found: dict[str, str] = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == admin.site.name:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= routed(entry.url_patterns, inner, pattern)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"unnamed route {pattern}: name it and add a matrix row"
            found.setdefault(namespace + entry.name, pattern)
    return found


def routes_without_rows() -> list[str]:
    return sorted(set(routed()) - set(MATRIX))


def test_every_route_has_a_row():
    assert routes_without_rows() == [], "routes without a row in MATRIX"
    assert sorted(set(MATRIX) - set(routed())) == [], "rows in MATRIX for routes that are gone"


def schema_route_exists() -> bool:
    try:
        resolve("/api/schema/")
    except Resolver404:
        return False
    return True


def view_name_of(schema_path: str) -> str:
    """The URL name serving an OpenAPI path such as /api/notes/{id}/balance/."""
    for sample in ("1", "a"):
        try:
            return resolve(re.sub(r"\{[^}]+\}", sample, schema_path)).view_name
        except Resolver404:
            continue
    return f"<unresolvable {schema_path}>"


def schema_operations_without_cells(world: World) -> list[str]:
    client = Client()
    client.force_login(world.users["servicer"])
    response = client.get("/api/schema/")
    assert response.status_code == 200
    missing = []
    for path, operations in yaml.safe_load(response.content)["paths"].items():
        name = view_name_of(path)
        route = MATRIX.get(name)
        for method in operations:
            if route is None or method.upper() not in route.methods:
                missing.append(f"{method.upper()} {path} ({name})")
    return missing


def test_every_schema_operation_has_a_cell(world):
    if schema_route_exists():
        assert schema_operations_without_cells(world) == [], "schema operations without a cell"
    else:
        api_routes = [name for name, pattern in routed().items() if pattern.startswith("api/")]
        assert api_routes == ["api-auth-token"], "an API without /api/schema/: route the schema"


@pytest.mark.urls("tests.accounts.urls_unlisted")
def test_the_walk_catches_a_route_without_a_row(world):
    # Negative control: a URLconf with one route and one API operation that
    # have no matrix row (tests/accounts/urls_unlisted.py).
    assert "unlisted-page" in routes_without_rows()
    missing = schema_operations_without_cells(world)
    assert "GET /api/unlisted/ (unlisted-api)" in missing
    assert "POST /api/unlisted/ (unlisted-api)" in missing


# --- the cells ----------------------------------------------------------------


def cell_params() -> list[Any]:
    params = []
    for name, route in MATRIX.items():
        for method, cells in route.methods.items():
            for role in ROLES:
                for whose in (OWN, FOREIGN) if route.has_object else (OWN,):
                    expected = cells[role][0 if whose == OWN else 1]
                    case_id = f"{method} {name} {role} {whose}"
                    params.append(pytest.param(name, method, role, whose, expected, id=case_id))
    return params


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def url_of(world: World, name: str, whose: str) -> str:
    route = MATRIX[name]
    return reverse(name, kwargs=route.kwargs(world, whose) if route.kwargs else None)


@pytest.mark.parametrize(("name", "method", "role", "whose", "expected"), cell_params())
def test_cell(world, name, method, role, whose, expected):
    route = MATRIX[name]
    url = url_of(world, name, whose)
    if route.query:
        url = f"{url}?{urlencode(route.query)}"
    client = client_for(world, role)
    if method in ("GET", "HEAD", "OPTIONS"):
        response = client.generic(method, url)
    else:
        body = json.dumps(route.data(world, whose) if route.data else {})
        response = client.generic(method, url, body, content_type="application/json")
    assert response.status_code == expected, f"{method} {url} as {role}"
    if role == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("login")), response["Location"]
    if role != "servicer":
        assert_no_foreign_marker(world, response)
    if route.shows_own and expected == 200:
        # A user of no party sees no note: not even the one "own" to the others.
        shown = route.shows_own(world, whose) in body_text(response)
        assert shown is (role != NO_MEMBERSHIP), f"{method} {url} as {role}"


def body_text(response) -> str:
    if not hasattr(response, "_body_text"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        response._body_text = body.decode(errors="replace")
    return response._body_text


def assert_no_foreign_marker(world: World, response) -> None:
    text = body_text(response)
    leaked = [marker for marker in world.foreign_markers if marker in text]
    assert leaked == [], f"another party's data in the response: {leaked}"


def test_the_servicer_list_shows_the_foreign_note(world):
    # Negative control for the leak check: the marker is findable when present.
    response = client_for(world, "servicer").get(reverse("home"))
    assert world.foreign_note.reference in response.content.decode()


# --- the admin, as a group ------------------------------------------------------


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_servicers_only(world, role):
    client = client_for(world, role)
    for url in admin_urls():
        response = client.get(url)
        if role == "servicer":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            login_pages = (reverse("admin:login"), reverse("login"))
            assert response["Location"].startswith(login_pages), url
