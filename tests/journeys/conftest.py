"""Browser journeys: Playwright driving Debian's Chromium against a live server,
with axe-core checking every page visited. They never skip: a missing browser is
a failure with instructions."""

import json
import os
from pathlib import Path

import pytest

from tests import factories, twofactor

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in
    # the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("The journeys need Debian's chromium at /usr/bin/chromium (apt-get install chromium).")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make install` to install the npm packages.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the page; fail with each violation's rule and targets."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], f"axe violations on {page.url}:\n{json.dumps(violations, indent=1)}"


def new_page(browser, phone: bool = False):
    """A page in a fresh browser context: desktop, or a phone-sized touch screen."""
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    return browser.new_context(viewport=size, is_mobile=phone, has_touch=phone).new_page()


def sign_in(page, live_server, username: str) -> None:
    """The password, then a real code from the user's authenticator (made for them if needed)."""
    from django.contrib.auth import get_user_model

    device = twofactor.authenticator_for(get_user_model().objects.get(username=username))
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(twofactor.fresh_code(device))
    page.get_by_role("button", name="Continue").click()


def fill_date(page, group: str, day) -> None:
    """Type a date into the GOV.UK date fieldset named `group`."""
    scope = page.get_by_role("group", name=group)
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))
