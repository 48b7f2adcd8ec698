"""In Chromium, on the demo data of `make run` (business date 2007-03-15): what each
role reads, the note page, 404 for another party, nothing off screen at 375 px,
axe-core finds no serious or critical violation, and screenshots of every page.

The demo history (loans/seed.py): installments 1-14, due 2006-02-01 .. 2007-03-01,
each paid by check on its due date except installment 8, due 2006-09-01 and
received 2006-09-14: 14 - 1 = 13 days late. Next due on 2007-03-15: installment
15, due 2007-04-01, interest for one 30/360 month on 185,000.00 at 12%:
185,000.00 x 0.12 x 30/360 = 1,850.00.
"""

import importlib
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from loans.models import Membership, Note, Party, Role
from loans.seed import SEED_REFERENCE
from tests.web.conftest import DESKTOP, PHONE, Demo, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ("lender", "borrower", "accountant", "servicer")
LENDER_ACTIONS = [
    "Record costs or attorneys' fees",
    "Record a notice of default",
    "Record a default event",
]
OTHER_PASSWORD = "another party's clerk 2007"

# Every element whose box pokes out of the viewport sideways (0.5 px of rounding allowed).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} [${box.left}, ${box.right}]`);
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, out};
}"""


def seed_note_url(live_server: object) -> str:
    return f"{live_server}/notes/{Note.objects.get(reference=SEED_REFERENCE).pk}/"


def schedule_row(page: Page, *, due: str):
    due_cell = page.locator("td[data-label='Due date']", has_text=re.compile(f"^{due}$"))
    return page.locator("table.schedule tbody tr").filter(has=due_cell)


def test_lender_sees_the_seed_note_current_with_next_due_and_the_late_installment(
    demo: Demo, page_as, live_server
):
    page = page_as("lender")
    card = page.locator("li.note-card", has_text=SEED_REFERENCE)
    expect(card.locator(".badge").first).to_have_text("Current")
    expect(card).to_contain_text("1,850.00 on 2007-04-01")
    expect(card).to_contain_text(re.compile(r"Principal balance\s*185,000\.00"))
    # Last payment: installment 14, 1,850.00 received on its due date 2007-03-01.
    expect(card).to_contain_text("1,850.00 received 2007-03-01")
    expect(card).to_contain_text("due 2007-03-01, On time")
    expect(card.get_by_role("link", name="Record a payment")).to_have_count(0)  # lenders don't

    card.get_by_role("link", name=f"Open the note {SEED_REFERENCE}").click()
    expect(page.locator("h1")).to_have_text(f"Note {SEED_REFERENCE}")
    expect(page.locator("#balance")).to_contain_text("1,850.00 on 2007-04-01")
    late = schedule_row(page, due="2006-09-01")
    expect(late.locator("td[data-label=Status] .badge")).to_have_text("Paid 13 days late")
    expect(late).to_contain_text("on 2006-09-14")
    on_time = schedule_row(page, due="2006-10-01")
    expect(on_time.locator("td[data-label=Status] .badge")).to_have_text("Paid")
    upcoming = schedule_row(page, due="2007-04-01")
    expect(upcoming.locator("td[data-label=Status] .badge")).to_have_text("Upcoming")
    expect(page.locator("#terms-heading + dl")).to_contain_text("30/360")


def test_borrower_staff_see_what_is_due_next_with_a_record_a_payment_button(
    demo: Demo, page_as, live_server
):
    page = page_as("borrower")
    card = page.locator("li.note-card", has_text=SEED_REFERENCE)
    expect(card).to_contain_text(re.compile(r"Next payment due\s*1,850\.00 on 2007-04-01"))
    button = card.get_by_role("link", name="Record a payment")
    note = Note.objects.get(reference=SEED_REFERENCE)
    expect(button).to_have_attribute("href", f"/notes/{note.pk}/payments/new/")


def test_accountant_sees_statements_and_exports(demo: Demo, page_as):
    page = page_as("accountant")
    expect(page.get_by_role("link", name="Statements and exports")).to_have_attribute(
        "href", "/statements/"
    )
    note = Note.objects.get(reference=SEED_REFERENCE)
    statements = page.get_by_role("link", name=f"Statements of {SEED_REFERENCE}")
    expect(statements).to_have_attribute("href", f"/notes/{note.pk}/statements/")


def test_servicer_sees_portfolio_totals_and_the_watchlist(demo: Demo, page_as):
    page = page_as("servicer")
    totals = page.locator("dl.tiles")
    expect(totals).to_contain_text(re.compile(r"Notes\s*1\b"))
    expect(totals).to_contain_text(re.compile(r"Principal outstanding\s*185,000\.00"))
    expect(totals).to_contain_text(re.compile(r"Due and unpaid\s*0\.00"))
    watch = page.locator("table.watch tbody tr").first
    expect(watch).to_contain_text("2007-04-01")
    expect(watch).to_contain_text("in 17 days")  # 2007-03-15 -> 2007-04-01
    expect(watch).to_contain_text("1,850.00")


def test_the_balance_box_changes_date_in_place(demo: Demo, page_as, live_server):
    page = page_as("lender")
    page.goto(seed_note_url(live_server))
    page.fill("#as-of-date", "2006-09-10")
    page.get_by_role("button", name="Show").click()
    # On 2006-09-10 installment 8 (1,850.00, due 2006-09-01) is unpaid: 9 days past due.
    expect(page.locator("#balance-heading")).to_have_text("Balance as of 2006-09-10")
    expect(page.locator("#balance")).to_contain_text("9 days past due")
    expect(page.locator("#balance")).to_contain_text(
        re.compile(r"Interest due and unpaid\s*1,850\.00")
    )
    # Only the box changed: the rest of the page is still as of the business date.
    expect(page).to_have_url(seed_note_url(live_server))


def test_a_date_that_is_not_a_date_is_explained(demo: Demo, page_as, live_server):
    page = page_as("lender")
    response = page.goto(f"{seed_note_url(live_server)}?as_of=2007-02-30")
    assert response is not None and response.status == 400
    expect(page.locator("#as-of-error")).to_contain_text("is not a date")
    expect(page.locator("#balance-heading")).to_have_text("Balance as of 2007-03-15")


def test_another_partys_user_gets_404_on_the_note(demo: Demo, page_as, live_server):
    from django.contrib.auth import get_user_model

    other = Party.objects.create(name="OTHER BORROWER LLC", kind=Party.Kind.ORGANIZATION)
    clerk = get_user_model().objects.create_user(username="other-clerk", password=OTHER_PASSWORD)
    Membership.objects.create(user=clerk, party=other, role=Role.BORROWER_STAFF)

    page = page_as("other-clerk", password=OTHER_PASSWORD)
    expect(page.locator("main")).not_to_contain_text(SEED_REFERENCE)
    response = page.goto(seed_note_url(live_server))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("We could not find that page")
    expect(page.locator("main")).not_to_contain_text("INFINITE")


def assert_nothing_off_screen(page: Page, what: str) -> None:
    measured = page.evaluate(OVERFLOWING)
    assert measured["width"] == PHONE, what
    assert measured["out"] == [], f"{what}: elements off screen at {PHONE} px"
    assert measured["scrollWidth"] <= PHONE, what


@pytest.mark.parametrize("role", ROLES)
def test_at_375_px_nothing_is_off_screen(demo: Demo, page_as, live_server, role):
    page = page_as(role, width=PHONE)
    assert_nothing_off_screen(page, f"home of {role}")
    page.goto(seed_note_url(live_server))
    assert_nothing_off_screen(page, f"note page as {role}")
    page.goto(f"{live_server}/watchlist/")
    assert_nothing_off_screen(page, f"watchlist as {role}")
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()


def test_at_375_px_the_login_page_fits_too(demo: Demo, browser, live_server):
    page = browser.new_page(viewport={"width": PHONE, "height": 900})
    page.goto(f"{live_server}/notes/1/")  # anonymous: sent to the login page
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert_nothing_off_screen(page, "login page")


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_no_serious_violation_on_home_and_note_pages(
    demo: Demo, page_as, live_server, role
):
    page = page_as(role)
    assert serious_violations(page) == [], f"home of {role}"
    page.goto(seed_note_url(live_server))
    assert serious_violations(page) == [], f"note page as {role}"


def test_axe_negative_control_sees_a_contrast_violation(demo: Demo, page_as):
    # The check can fail: pale grey text on white is a serious violation.
    page = page_as("lender")
    page.evaluate("document.querySelector('h1').setAttribute('style', 'color: #eee')")
    assert any(v.startswith("color-contrast") for v in serious_violations(page))


@pytest.mark.parametrize("role", ROLES)
def test_screenshots_of_each_home_and_the_note_page(demo: Demo, page_as, live_server, role):
    for width, size in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = page_as(role, width=width)
        assert screenshot(page, f"home-{role}-{size}").stat().st_size > 0
        page.goto(seed_note_url(live_server))
        expect(page.locator("h1")).to_have_text(f"Note {SEED_REFERENCE}")
        assert screenshot(page, f"note-{role}-{size}").stat().st_size > 0
        # What the first screen shows (docs/screenshots/note-page.png is the lender's at 1280).
        assert screenshot(page, f"note-{role}-{size}-top", full_page=False).stat().st_size > 0
        page.close()


def test_keyboard_users_can_skip_to_the_content_and_pages_print_without_navigation(
    demo: Demo, page_as, live_server
):
    page = page_as("lender")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the page content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto(seed_note_url(live_server))
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Actions on this note")).to_be_hidden()
    expect(page.locator("table.schedule")).to_be_visible()
    expect(page.locator("header.site .as-of")).to_contain_text("2007-03-15")


def test_actions_are_offered_by_role(demo: Demo, page_as, live_server):
    actions = {
        "lender": [*LENDER_ACTIONS, "Statements"],
        "borrower": ["Record a payment", "Statements"],
        "accountant": ["Statements"],
        "servicer": ["Record a payment", *LENDER_ACTIONS, "Statements"],
    }
    for role, names in actions.items():
        page = page_as(role)
        page.goto(seed_note_url(live_server))
        links = page.get_by_role("navigation", name="Actions on this note").get_by_role("link")
        expect(links).to_have_text(names)
        page.close()


def production_policy(monkeypatch) -> str:
    """config.production's content security policy as a header (without the HTTPS
    upgrade: the live server speaks plain HTTP)."""
    monkeypatch.setenv("SECRET_KEY", "s" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    production = importlib.import_module("config.production")
    directives = dict(production.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    directives.pop("upgrade-insecure-requests")
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def test_the_pages_work_under_the_production_content_security_policy(
    demo: Demo, monkeypatch, page_as, live_server
):
    # htmx, the chart and the stylesheet need no inline script or style. The live
    # server runs the test settings, so the policy is added to each page it serves.
    policy = production_policy(monkeypatch)
    page = page_as("lender")

    def with_policy(route):
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": policy}
        )

    page.route(f"{live_server}/**", with_policy)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(seed_note_url(live_server))
    page.fill("#as-of-date", "2006-09-10")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#balance-heading")).to_have_text("Balance as of 2006-09-10")
    expect(page.locator("#balance")).to_contain_text("9 days past due")
    assert [text for text in refused if "Content Security Policy" in text] == []
    # Negative control: an inline style is refused, and the refusal is seen.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<style>p{}</style>')")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in text for text in refused)
