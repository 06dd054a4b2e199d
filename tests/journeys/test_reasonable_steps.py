"""Issue 12 journey: the trust lead opens the reasonable-steps report, picks a
period (a mistyped date answered beside the field first), and downloads the PDF.
axe checks each page; screenshots and the PDF in /tmp/shots."""

import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from tests.journeys.conftest import assert_accessible, fill_date, sign_in
from tests.reasonable_steps import records

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"reasonable-steps-{name}.png"), full_page=True)


def test_the_trust_lead_downloads_the_reasonable_steps_report(live_server, page):
    estate = records.estate()
    lead = estate.a.trust_lead
    sign_in(page, live_server, lead.user.username)
    page.get_by_role("link", name="Reasonable steps").click()
    expect(page.get_by_role("heading", name="Reasonable steps", exact=True)).to_be_visible()
    assert_accessible(page)
    _shot(page, "list")

    page.get_by_role("link", name="Harbour Test Trust: the whole trust").click()
    expect(page.get_by_role("heading", name="Step 1: Policy")).to_be_visible()
    today = datetime.date.today()
    year = today.year if today.month >= 9 else today.year - 1
    expect(page.locator("#report-facts")).to_contain_text(f"1 September {year} to 31 August {year + 1}")
    assert_accessible(page)

    # A mistyped month, answered beside the field and in the summary.
    fill_date(page, "From", datetime.date(2025, 9, 1))
    page.get_by_role("group", name="From").get_by_label("Month").fill("13")
    fill_date(page, "To", datetime.date(2026, 8, 31))
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date")
    expect(page.locator("#id_start-error")).to_contain_text("Enter a real date")
    assert_accessible(page)
    _shot(page, "error")

    page.get_by_role("group", name="From").get_by_label("Month").fill("9")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator("#report-facts")).to_contain_text("1 September 2025 to 31 August 2026")
    expect(page.locator("#report-facts")).to_contain_text("Tess Trust, Trust lead")
    expect(page.locator("#step-7")).to_contain_text("Warnings given under the Unacceptable Actions policy")
    assert_accessible(page)
    _shot(page, "report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    saved = SHOTS / "reasonable-steps.pdf"
    download.value.save_as(saved)
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Harbour Test Trust" in text and "1 September 2025 to 31 August 2026" in text
    assert "Tess Trust, Trust lead" in text
    for step in range(1, 9):
        assert f"Step {step}:" in text
    for secret in records.SECRETS:
        assert secret not in text
    event = AuditEvent.objects.get(action="reasonable_steps.downloaded")
    assert event.actor_id == lead.user_id and event.detail["start"] == "2025-09-01"
