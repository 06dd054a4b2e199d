"""A line manager sets up two-factor authentication with an authenticator app
(the code computed here from the key the page shows, as an app would), keeps the
recovery codes, signs out, and signs in again with password and code. axe
checks each page; screenshots go to /tmp/shots/2fa-*.png."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.journeys.conftest import assert_accessible
from tests.twofactor.test_codes import code_from_key

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"2fa-{name}.png"), full_page=True)


def next_step_code(secret: str) -> str:
    """A code of a time step after the last one used: TOTP takes each step's code once."""
    time.sleep(30 - time.time() % 30 + 0.2)
    return code_from_key(secret)


def password(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_set_up_totp_then_sign_in_with_password_and_code(live_server, page, world):
    password(page, live_server, "manager")
    # A line manager can open cases: straight to setting up the second factor.
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name="QR code that adds Harbour to an authenticator app")).to_be_visible()
    assert_accessible(page)
    shot(page, "set-up")

    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    shot(page, "set-up-error")

    secret = page.locator("#totp-secret").inner_text()
    time.sleep(2)  # the wait a wrong code earns
    page.get_by_label("Code from your authenticator app").fill(code_from_key(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-factor authentication is on")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{12}", code) for code in codes)
    assert_accessible(page)
    shot(page, "recovery-codes")
    page.get_by_role("link", name="I have kept my recovery codes – continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    page.get_by_role("link", name="Sign-in security").click()
    expect(page.locator("#codes-left")).to_have_text("10")
    assert_accessible(page)
    shot(page, "account")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Harbour")).to_be_visible()

    password(page, live_server, "manager")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page)
    shot(page, "code")
    page.get_by_label("Code").fill(next_step_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.get_by_role("link", name=f"{world.case.reference}").first.click()
    expect(page.get_by_role("heading", name=re.compile(world.case.reference))).to_be_visible()
    shot(page, "case-after-code")
