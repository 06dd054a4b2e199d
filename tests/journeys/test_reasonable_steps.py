"""Issue 12 journey: the trust lead opens the reasonable-steps report, picks an
academic year (an old link with a range of dates answered beside the field
first), and downloads the PDF. axe checks each page; screenshots and the PDF in
/tmp/shots."""

import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.reasonable_steps.forms import NOT_A_RANGE
from tests.journeys.conftest import assert_accessible, sign_in
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
    expect(page.get_by_label("Academic year")).to_have_value(f"{year}-{(year + 1) % 100:02d}")
    # The sources backed by the statistics are shown for the year.
    expect(page.locator("main")).not_to_contain_text("Not shown for this period")
    expect(page.locator("#step-6")).to_contain_text("Reviews due in the period that were held on time")
    expect(page.locator("#step-8")).to_contain_text("Incidents recorded")
    assert_accessible(page)
    trust_url = page.url.split("?")[0]

    # An old link with a range of dates is refused, beside the field and in the summary.
    page.goto(f"{trust_url}?start_0=1&start_1=9&start_2=2025&end_0=2&end_1=9&end_2=2025")
    expect(page.locator(".govuk-error-summary")).to_contain_text(NOT_A_RANGE)
    expect(page.locator("#id_year-error")).to_contain_text(NOT_A_RANGE)
    expect(page.get_by_role("heading", name="Step 1: Policy")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "error")

    page.goto(trust_url)
    page.get_by_label("Academic year").select_option("2025-26")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator("#report-facts")).to_contain_text(
        "Academic year 2025-26: 1 September 2025 to 31 August 2026"
    )
    expect(page.locator("#report-facts")).to_contain_text("Tess Trust, Trust lead")
    expect(page.locator("#step-7")).to_contain_text("Warnings given under the Unacceptable Actions policy")
    expect(page.locator("#step-4")).to_contain_text("Cases opened")
    expect(page.locator("main")).not_to_contain_text("Not shown for this period")
    assert_accessible(page)
    _shot(page, "report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    saved = SHOTS / "reasonable-steps.pdf"
    download.value.save_as(saved)
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Harbour Test Trust" in text
    assert "academic year 2025-26 (1 September 2025 to 31 August 2026)" in text
    assert "Tess Trust, Trust lead" in text
    for step in range(1, 9):
        assert f"Step {step}:" in text
    for secret in records.SECRETS:
        assert secret not in text
    event = AuditEvent.objects.get(action="reasonable_steps.downloaded")
    assert event.actor_id == lead.user_id and event.detail["year"] == "2025-26"
