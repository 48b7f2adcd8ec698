"""Fixtures of the action-page tests: the demo (seed note, demo users and their 14
payments, business date 2007-03-15), a stranger's note, and Chromium for browser tests.

Import them into a test module with `from tests.web.actions_fixtures import *`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Browser, Page

from jobs.demo_history import seed_demo_payments
from loans.business_date import business_date
from loans.models import Membership, Note, Party, Role
from loans.seed import DEMO_USERS, seed_demo_users
from loans.services import note_board
from tests.web.conftest import DEMO_DATE, SCREENSHOTS

PASSWORDS = {user.username: user.password for user in DEMO_USERS}
STRANGER = "stranger"
STRANGER_NOTE = "STRANGER-NOTE-9"


@dataclass
class Demo:
    """The seed note with its demo history, its demo users, and a note they cannot see."""

    note: Note
    foreign: Note
    users: dict[str, Any]

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(self.users[username])
        return client


def stranger_note() -> Note:
    borrower = Party.objects.create(name="STRANGER BORROWER LLC", kind="organization")
    lender = Party.objects.create(name="STRANGER LENDER", kind="person")
    note = note_board(
        reference=STRANGER_NOTE,
        borrower=borrower,
        lenders=[(lender, Decimal("100"))],
        principal=Decimal("50000.00"),
        annual_rate=Decimal("6"),
        day_count="30/360",
        dated=date(2006, 1, 1),
        first_payment_date=date(2006, 2, 1),
        maturity_date=date(2009, 1, 1),
        repayment="level",
    )
    user = get_user_model().objects.create_user(username=STRANGER, password="stranger-pass-2007")
    Membership.objects.create(user=user, party=borrower, role=Role.BORROWER_STAFF)
    return note


def demo_world() -> Demo:
    seed_demo_users()
    seed_demo_payments(today=business_date())
    foreign = stranger_note()
    users = {user.username: user for user in get_user_model().objects.all()}
    note = Note.objects.get(reference="INFINITE-2005-12-31")
    return Demo(note=note, foreign=foreign, users=users)


@pytest.fixture
def demo(db: None, settings: Any) -> Demo:
    settings.NOTEKEEPER_BUSINESS_DATE = DEMO_DATE
    return demo_world()


# --- Chromium: the `browser` fixture of tests/web/conftest.py, under the name these
# tests use.


@pytest.fixture
def chromium(browser: Browser) -> Browser:
    return browser


def log_in(browser: Browser, base_url: str, username: str, width: int = 1280) -> Page:
    """A new page of `width` px, signed in as the demo user `username`."""
    page = browser.new_page(viewport={"width": width, "height": 900}, base_url=base_url)
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()
    return page


def screenshot(page: Page, name: str) -> None:
    """A full-page screenshot in screenshots/ (ignored by git), for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def overflowing(page: Page) -> list[str]:
    """Elements whose right edge lies beyond the viewport, measured in the browser."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 0.5) {
              out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
                       + `.${el.className} right=${box.right} > ${width}`);
            }
          }
          if (document.documentElement.scrollWidth > width) {
            out.push(`document scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
          }
          return out;
        }"""
    )
