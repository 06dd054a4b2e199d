"""Issue 11 journeys: the employee downloads their subject access export from
Your support; an administrator places and lifts a legal hold and changes the
retention schedule. axe checks each page; screenshots in /tmp/shots."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harbour.audit.models import AuditEvent
from harbour.retention.models import LegalHold, RetentionPeriod
from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"lifecycle-{name}.png"), full_page=True)


def test_the_employee_downloads_their_subject_access_export(live_server, page, world, tmp_path):
    sign_in(page, live_server, "employee")
    page.get_by_role("link", name="Your support").click()
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()
    assert_accessible(page)
    _shot(page, "your-data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (ZIP)").click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    archive = zipfile.ZipFile(io.BytesIO(saved.read_bytes()))
    export = json.loads(archive.read("subject-access.json"))
    assert export["subject"] == "Erin Employee"
    assert "Pat Concern" not in json.dumps(export)
    assert archive.read("subject-access.pdf").startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="subject_access.exported", actor=world.employee.user).exists()


def test_an_administrator_places_and_lifts_a_legal_hold(live_server, page, world):
    sign_in(page, live_server, "admin")
    page.get_by_role("link", name="Retention and holds").click()
    expect(page.get_by_role("heading", name="Legal holds")).to_be_visible()
    assert_accessible(page)
    _shot(page, "holds")
    page.get_by_role("link", name=world.case.reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Place a legal hold").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the case is being held.")
    assert_accessible(page)
    _shot(page, "hold-error")
    page.get_by_label("Why is this case being held?").fill("Employment tribunal claim ET/0412")
    page.get_by_role("button", name="Place a legal hold").click()
    expect(page.locator("#hold-state")).to_contain_text("In place")
    assert_accessible(page)
    _shot(page, "hold-placed")
    page.get_by_label("Why can the hold be lifted?").fill("Claim withdrawn")
    page.get_by_role("button", name="Lift the legal hold").click()
    expect(page.locator("#hold-state")).to_have_text("None")
    expect(page.locator("#hold-history")).to_contain_text("Claim withdrawn")
    assert_accessible(page)
    _shot(page, "hold-lifted")
    hold = LegalHold.objects.get(case=world.case)
    assert hold.lifted_at is not None and hold.lift_reason == "Claim withdrawn"
    actions = set(AuditEvent.objects.filter(case=world.case).values_list("action", flat=True))
    assert {"retention.hold_placed", "retention.hold_lifted"} <= actions
    # The case's content is never shown on these pages.
    assert "Pat Concern" not in page.content()


def test_an_administrator_changes_the_retention_schedule(live_server, page, world):
    sign_in(page, live_server, "admin")
    page.get_by_role("link", name="Retention and holds").click()
    page.get_by_role("link", name="Retention schedule").click()
    assert_accessible(page)
    field = page.get_by_label("Closed cases, with everything in them")
    field.fill("seven years")
    page.get_by_role("button", name="Save schedule").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a whole number of months")
    assert_accessible(page)
    page.get_by_label("Closed cases, with everything in them").fill("84")
    page.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_text("Retention schedule saved.")).to_be_visible()
    assert_accessible(page)
    _shot(page, "schedule")
    assert RetentionPeriod.objects.get(school=world.school, kind="closed_case").months == 84
