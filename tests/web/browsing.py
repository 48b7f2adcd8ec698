"""Helpers of the browser tests of the action pages: a page signed in at a live
server's address, and what overflows the viewport."""

from playwright.sync_api import Browser, Page

from tests.web.conftest import DEMO_PASSWORDS


def log_in(browser: Browser, base_url: str, username: str, width: int = 1280) -> Page:
    """A new page of `width` px, signed in as the demo user `username`."""
    page = browser.new_page(viewport={"width": width, "height": 900}, base_url=base_url)
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORDS[username])
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()
    return page


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
