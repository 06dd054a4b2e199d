"""Signing in with the school's Google or Microsoft account in Chromium, against
the real local provider: the buttons beside the password, the provider's own
page, back to Harbour's second factor and My work; and a refusal explained on the
sign-in page. axe checks Harbour's pages (the provider's page is not ours)."""

import pytest
from playwright.sync_api import expect

from tests import twofactor
from tests.journeys.conftest import assert_accessible
from tests.oidc.conftest import local_oidc  # noqa: F401  (fixture: the provider on 127.0.0.1)
from tests.oidc.local_provider import TENANT_ID

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def providers(local_oidc, live_server, settings, page):  # noqa: F811
    settings.HARBOUR_BASE_URL = live_server.url
    settings.HARBOUR_OIDC_PROVIDERS = {
        "entra": local_oidc.provider("entra"),
        "google": local_oidc.provider("google"),
    }
    # The provider's page asks a CDN for its stylesheet: tests talk only to 127.0.0.1.
    page.route("**/*", lambda route: route.continue_() if _local(route.request.url) else route.abort())
    return local_oidc


def _local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "http://localhost"))


def _at_the_provider(page, sub: str) -> None:
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_manager_signs_in_with_google_then_their_second_factor(live_server, page, world, providers):
    world.manager.email = "morgan.manager@riverside.example"
    world.manager.save()
    device = twofactor.authenticator_for(world.manager.user)
    providers.set_user("morgan", {"email": "morgan.manager@riverside.example", "email_verified": True})

    page.goto(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("button", name="Sign in with Microsoft")).to_be_visible()
    expect(page.get_by_label("Username")).to_be_visible()
    page.screenshot(path="/tmp/shots/oidc-sign-in.png", full_page=True)
    assert_accessible(page)

    page.get_by_role("button", name="Sign in with Google").click()
    _at_the_provider(page, "morgan")
    # Harbour's own second factor, exactly as after a password.
    expect(page.get_by_label("Code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(twofactor.fresh_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert_accessible(page)


def test_an_address_without_a_harbour_account_is_told_what_to_do(live_server, page, world, providers):
    providers.set_user(
        "stranger", {"email": "stranger@riverside.example", "tid": TENANT_ID, "xms_edov": True}
    )
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    _at_the_provider(page, "stranger")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "There is no Harbour account with the e-mail address of this Microsoft account"
    )
    expect(page).to_have_title("Error: Sign in – Harbour")
    page.screenshot(path="/tmp/shots/oidc-refused.png", full_page=True)
    assert_accessible(page)
