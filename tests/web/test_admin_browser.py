"""In Chromium: a servicer logs in to the admin, opens the seed note and sees
both lenders and the collateral (Playwright, Debian's /usr/bin/chromium)."""

import pytest
from playwright.sync_api import Browser, expect

from loans.seed import DEMO_USERS, seed_demo_users

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_servicer_sees_seed_note_lenders_and_collateral(
    live_server: object, browser: Browser
) -> None:
    seed_demo_users()
    servicer = next(user for user in DEMO_USERS if user.username == "servicer")
    page = browser.new_page()
    page.goto(f"{live_server}/admin/")
    page.fill("#id_username", servicer.username)
    page.fill("#id_password", servicer.password)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(f"{live_server}/admin/loans/note/")
    page.get_by_role("link", name="INFINITE-2005-12-31").click()
    expect(page.locator("h2").first).to_be_visible()

    lenders = page.locator("#lender_shares-group")
    expect(lenders).to_contain_text("DAVID N. SLAVNY")
    expect(lenders).to_contain_text("LEAH A. SLAVNY")
    expect(page.locator("#id_lender_shares-0-share")).to_have_value("50.0000")
    expect(page.locator("#id_lender_shares-1-share")).to_have_value("50.0000")
    expect(page.locator("#id_lender_shares-2-share")).to_have_count(0)  # exactly two lenders
    expect(page.locator("#id_collateral-0-title")).to_have_value("Collateral Security Agreement")
    expect(page.locator("#id_collateral-0-kind")).to_have_value("security_agreement")
    expect(page.locator("#id_collateral-0-date")).to_have_value("2005-12-31")
    expect(page.locator("#id_collateral-1-title")).to_have_count(0)  # one collateral item
    expect(page.locator("#id_principal")).to_have_value("185000.00")
