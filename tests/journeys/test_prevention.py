"""A manager's check-in turns up a concern and offers the next step; the employee
completes their online-safety checklist. axe checks each page."""

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_check_in_with_a_concern_leads_to_recording_it(live_server, page, world):
    sign_in(page, live_server, "manager")
    page.get_by_role("link", name="Check-ins").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a check-in").click()
    assert_accessible(page)
    page.get_by_label("Who was the check-in with?").select_option(label="Erin Employee")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save the check-in").click()
    expect(page.locator("#concern-next-steps")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Record an incident on case {world.case.reference}").click()
    expect(page.get_by_role("heading", name="Record an incident")).to_be_visible()


def test_employee_completes_the_online_safety_checklist(live_server, page, world):
    sign_in(page, live_server, "employee")
    expect(page.locator("#online-check-due")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Check them now").click()
    assert_accessible(page)
    page.get_by_label("My social media accounts are set to private or friends only").check()
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_text("Checklist saved.")).to_be_visible()
    expect(page.locator("#latest-check")).to_contain_text("Done")
    assert_accessible(page)
