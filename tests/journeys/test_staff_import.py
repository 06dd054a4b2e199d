"""Issue 12 journey: an administrator imports the school's staff from a CSV file.
The first file has two bad rows: both are listed with their line numbers and
nothing is saved; the corrected file is previewed and imported, and the staff
directory shows the new staff. axe checks every page; screenshots in /tmp/shots."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harbour.audit.models import AuditEvent
from harbour.schools.models import StaffMember
from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")

HEADER = "Name,Email,Job title,Line manager email,Roles\n"
FIXED = (
    HEADER
    + "Nia Newton,nia@riverside.example,Deputy head,,Line manager;Headteacher\n"
    + "Omar Oduya,omar@riverside.example,Year 5 teacher,nia@riverside.example,\n"
    + "Pia Park,pia@riverside.example,Receptionist,nia@riverside.example,Front office\n"
)
BROKEN = FIXED.replace("omar@riverside.example", "omar.riverside.example").replace(
    "Front office", "Reception desk"
)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"staff-import-{name}.png"), full_page=True)


def _upload(page, text: str) -> None:
    page.get_by_label("Staff list (CSV file)").set_input_files(
        {"name": "staff.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Upload and preview").click()


def test_an_administrator_fixes_two_bad_rows_and_imports_the_staff(live_server, page, world):
    before = StaffMember.objects.count()
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/staff/")
    assert_accessible(page)
    page.get_by_role("link", name="Import staff from a file").click()
    expect(page.get_by_role("heading", name="Import staff from a file")).to_be_visible()
    assert_accessible(page)
    _shot(page, "upload")

    _upload(page, BROKEN)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Line 3: 'omar.riverside.example' is not an e-mail address.")
    expect(summary).to_contain_text("Line 4: 'Reception desk' is not a Harbour role")
    expect(page.get_by_role("heading", name="2 problems in the file")).to_be_visible()
    assert_accessible(page)
    _shot(page, "errors")
    # The summary's links go to the lines' problems.
    summary.get_by_role("link", name="Line 3", exact=False).click()
    expect(page.locator("#line-3")).to_be_in_viewport()
    assert StaffMember.objects.count() == before  # nothing saved

    _upload(page, FIXED)
    expect(page.get_by_role("heading", name="Check the staff import")).to_be_visible()
    rows = page.locator("#import-rows")
    expect(rows).to_contain_text("Nia Newton")
    expect(rows).to_contain_text(
        "Marked as a leaver"
    )  # staff not in the file, shown before anything is saved
    expect(page.locator("#import-counts")).to_contain_text("Added")
    assert_accessible(page)
    _shot(page, "preview")
    assert StaffMember.objects.count() == before

    page.get_by_role("button", name="Import staff").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Staff list imported: 3 added")
    table = page.locator("table.govuk-table")
    for name in ("Nia Newton", "Omar Oduya", "Pia Park"):
        expect(table).to_contain_text(name)
    assert_accessible(page)
    _shot(page, "directory")
    assert StaffMember.objects.count() == before + 3
    assert AuditEvent.objects.filter(action="staff.imported", actor=world.admin.user).count() == 1

    # The same file again: nothing to change, and the page says so.
    page.get_by_role("link", name="Import staff from a file").click()
    _upload(page, FIXED)
    expect(page.locator("#nothing-to-change")).to_be_visible()
    expect(page.get_by_role("button", name="Import staff")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "unchanged")


def test_an_administrator_adds_a_school_to_the_trust(live_server, page, world):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Add a school to your trust").click()
    expect(page.get_by_role("heading", name="Add a school")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add the school").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the school's name.")
    assert_accessible(page)
    page.get_by_label("School name").fill("Lakeside Academy")
    page.get_by_role("button", name="Add the school").click()
    expect(page.get_by_role("heading", name="Import staff from a file")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_have_text("Lakeside Academy")
    assert_accessible(page)
    _shot(page, "school-added")
