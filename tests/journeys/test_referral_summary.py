"""Issue 13 journey: the employee says on Your support that a summary of their case
may go to the police; the case owner finds the referral summary on the referrals
page, sees that a stalking service may not have it (and what to do in an
emergency), reads the police one and downloads its PDF, which is then opened in
Chromium and photographed. axe checks each page; screenshots and the PDF in
/tmp/shots."""

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.referrals import consent
from harbour.referrals.models import SharingConsent
from tests.journeys.conftest import assert_accessible, new_page, sign_in
from tests.orders import helpers as orders
from tests.referrals import records

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"referral-summary-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _drawn(page, name: str, seconds: int = 20) -> bool:
    """Photograph the PDF viewer once it has drawn the page (white paper on its grey
    background), which takes a moment on a busy machine."""
    for _ in range(seconds * 2):
        page.wait_for_timeout(500)
        with Image.open(_shot(page, name)) as shot:
            white = sum(shot.convert("L").point(lambda v: 255 if v > 245 else 0).histogram()[255:])
            if white > shot.width * shot.height // 4:
                return True
    return False


def test_the_employee_consents_and_the_owner_downloads_the_referral_summary(
    live_server, page, browser, world
):
    records.build(world)
    orders.make_order(world)
    case = world.case

    sign_in(page, live_server, "employee")
    page.goto(f"{live_server.url}/your-support/")
    page.get_by_role("link", name="Sharing a summary with the police or a stalking service").click()
    expect(page.get_by_role("heading", name="Sharing a summary of your case")).to_be_visible()
    expect(page.locator("#exit-this-page")).to_be_visible()
    assert "stalking" not in page.title().lower()
    expect(page.locator("#emergency")).to_contain_text("999")
    assert_accessible(page)
    # Saved with nothing chosen: the messages beside the fields and in the summary.
    page.get_by_role("button", name="Save your choice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose yes or no.")
    assert_accessible(page)
    page.get_by_role("group", name="Who is this choice about?").get_by_label("The police").check()
    page.get_by_role("group", name="May the school send them a summary of your case?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name="Save your choice").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your choice for the police is saved")
    expect(page.locator("#consent-now-police")).to_contain_text("Yes, since")
    expect(page.locator("#consent-now-stalking_service")).to_contain_text("You have not said yet")
    assert_accessible(page)
    _shot(page, "consent")
    assert SharingConsent.objects.get().decision == "given"

    owner = new_page(browser)
    sign_in(owner, live_server, "manager")
    owner.goto(f"{live_server.url}/cases/{case.pk}/referrals/")
    owner.get_by_role("link", name="Prepare the referral summary").click()
    expect(owner.get_by_role("heading", name="Referral summary", exact=True)).to_be_visible()
    expect(owner.locator("#consent-standing")).to_contain_text("Given")
    assert_accessible(owner)

    # No consent for a stalking service: a message, and what to do in an emergency.
    owner.get_by_label("A specialist stalking service").check()
    owner.get_by_role("button", name="Show the summary").click()
    expect(owner.locator("#summary-refused")).to_contain_text("No summary has been made.")
    expect(owner.locator("#emergency")).to_contain_text(consent.EMERGENCY)
    expect(owner.locator("#summary")).to_have_count(0)
    assert_accessible(owner)
    _shot(owner, "refused")

    owner.get_by_label("The police").check()
    owner.get_by_role("button", name="Show the summary").click()
    expect(owner.locator("#summary")).to_contain_text("PC Dana Holt")
    expect(owner.locator("#screening-answers")).to_contain_text("Does the person keep turning up")
    expect(owner.locator("#chronology-table")).to_contain_text("Seeking the employee out without reason")
    expect(owner.locator("#summary-choices")).to_contain_text("1 incident is left out at their request")
    expect(owner.locator("#summary")).to_contain_text(orders.CONDITIONS)
    expect(owner.locator("main")).not_to_contain_text(records.KEPT_BACK)
    expect(owner.locator("main")).not_to_contain_text(records.DIARY_SECRET)
    assert_accessible(owner)
    _shot(owner, "page")

    with owner.expect_download() as download:
        owner.get_by_role("link", name="Download the summary (PDF)").click()
    saved = SHOTS / "referral-summary.pdf"
    download.value.save_as(saved)
    text = " ".join(
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages).split()
    )
    assert "Referral summary" in text and "For The police" in text
    assert "PC Dana Holt" in text and "Somewhat frightened" in text
    assert "Orders and police warnings" in text and orders.REFERENCE in text
    for secret in (records.KEPT_BACK, records.DIARY_SECRET, "Unwanted gifts or cards", records.HOME_SIGNAL):
        assert secret not in text
    event = AuditEvent.objects.get(action="referral.summary_downloaded")
    assert event.actor_id == world.manager.user_id and event.detail == {"recipient": "police"}

    # The PDF as it looks: Chromium's own viewer, photographed (every page) for a person to look at.
    viewer = browser.new_context(viewport={"width": 1000, "height": 2900}).new_page()
    viewer.goto(saved.resolve().as_uri())
    assert _drawn(viewer, "pdf"), "Chromium did not draw the PDF"
    viewer.context.close()
    owner.context.close()
