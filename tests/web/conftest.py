"""Shared fixtures of the browser tests (Playwright driving Debian's Chromium).

- `browser`: a headless Chromium, one per test.
- `demo`: the data of `make run`: the seed note, one user per role, the demo
  history of payments, and the business date fixed at 2007-03-15 (a `Demo`: the
  note, the users by name, a signed-in test client per user).
- `stranger`: adds another borrower's note, and its staff user "stranger", to the
  demo: a note the demo users cannot see.
- `page_as(username, width=1280, password=None)`: a new browser page signed in
  as that demo user ("servicer", "lender", "borrower", "accountant"), or as any
  user with the password given, `width` pixels wide.
- `live_server` is pytest-django's; the tests using it need
  `@pytest.mark.django_db(transaction=True)` (the server runs in a thread).
- `screenshot(page, name, full_page=True)`: a PNG in screenshots/ (ignored by git).
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from jobs.demo_history import seed_demo_payments
from loans.business_date import business_date
from loans.models import Membership, Note, Role
from loans.seed import DEMO_USERS, SEED_REFERENCE, seed_demo_users
from tests.api.conftest import foreign_note

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_DATE = "2007-03-15"
DEMO_PASSWORDS = {user.username: user.password for user in DEMO_USERS}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
DESKTOP, PHONE = 1280, 375
STRANGER = "stranger"


def chromium_path(playwright: Playwright) -> Path:
    """$NOTEKEEPER_CHROMIUM, else Debian's Chromium, else Playwright's own download."""
    configured = os.environ.get("NOTEKEEPER_CHROMIUM")
    candidates = (
        [Path(configured)]
        if configured
        else [
            DEBIAN_CHROMIUM,
            Path(playwright.chromium.executable_path),
        ]
    )
    for candidate in candidates:
        if candidate.exists():
            return candidate
    pytest.fail(
        f"Chromium not found (looked at {', '.join(map(str, candidates))}): "
        "apt-get install -y chromium, or set NOTEKEEPER_CHROMIUM. Browser tests are never skipped."
    )


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the live server's
    # data is created before it starts, but fixtures may still touch the database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        executable = chromium_path(playwright)
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # A query the test made while Playwright's event loop ran in this thread opened
        # a connection apart from the test's own (Django's connection handler keeps
        # them apart), which nothing else closes: the test database could not be
        # dropped at the end of the run while it stayed open.
        connections.close_all()


@dataclass
class Demo:
    """The seed note with its demo history, and its demo users by username."""

    note: Note
    users: dict[str, Any]

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(self.users[username])
        return client


@pytest.fixture
def demo(db: None, settings: Any) -> Demo:
    """The demo of `make run`: seed note, demo users, 14 paid installments, 2007-03-15."""
    settings.NOTEKEEPER_BUSINESS_DATE = DEMO_DATE
    seed_demo_users()
    seed_demo_payments(today=business_date())
    users = {user.username: user for user in get_user_model().objects.all()}
    return Demo(note=Note.objects.get(reference=SEED_REFERENCE), users=users)


@pytest.fixture
def stranger(demo: Demo) -> Note:
    """Another borrower's note (tests/api/conftest.py's `foreign_note`), whose staff
    user "stranger" joins `demo.users`: neither side sees the other's note."""
    note = foreign_note()
    user = get_user_model().objects.create_user(username=STRANGER, password="stranger-pass-2007")
    Membership.objects.create(user=user, party=note.borrower, role=Role.BORROWER_STAFF)
    demo.users[STRANGER] = user
    return note


@pytest.fixture
def page_as(browser: Browser, live_server: object) -> Callable[..., Page]:
    """page_as(username, width=1280, password=None): a page signed in through the
    login form (a demo user's password unless another is given)."""

    def open_page(username: str, width: int = DESKTOP, password: str | None = None) -> Page:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{live_server}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password or DEMO_PASSWORDS[username])
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server}/")
        return page

    return open_page


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
