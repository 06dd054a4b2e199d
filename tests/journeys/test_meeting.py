"""The line manager holds the first meeting, guided through each area. axe checks each page."""

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_manager_records_the_first_meeting(live_server, page, world):
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    page.get_by_role("link", name="Record a meeting").click()
    assert_accessible(page)
    page.get_by_role("group", name="When did you meet?").get_by_label("Day").fill("3")
    page.get_by_role("group", name="When did you meet?").get_by_label("Month").fill("11")
    page.get_by_role("group", name="When did you meet?").get_by_label("Year").fill("2026")
    page.get_by_label("Covered: Explore what happened").check()
    page.get_by_label("Notes on explore what happened").fill("Talked through the three occasions.")
    page.get_by_label("Covered: What stays confidential").check()
    page.get_by_role("group", name="When will you meet again?").get_by_label("Day").fill("17")
    page.get_by_role("group", name="When will you meet again?").get_by_label("Month").fill("11")
    page.get_by_role("group", name="When will you meet again?").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("Meeting recorded.")).to_be_visible()
    expect(page.get_by_text("Talked through the three occasions.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the case").click()
    expect(page.locator("#meetings")).to_contain_text("next meeting 17 November 2026")
