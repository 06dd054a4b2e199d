"""A line manager signs in, records an incident, sees it on the chronology and the
course-of-conduct banner appear. axe checks each page on the way."""

import pytest
from playwright.sync_api import expect

from harbour.cases.models import Incident
from tests import factories
from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_manager_records_an_incident_and_the_course_of_conduct_appears(live_server, page, world):
    world.manager.user.set_password(factories.PASSWORD)
    world.manager.user.save()
    page.goto(f"{live_server.url}/sign-in/")
    assert_accessible(page)
    sign_in(page, live_server, "manager")  # password, then a code from the authenticator

    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=world.case.reference).click()
    expect(page.get_by_role("heading", name=f"Case {world.case.reference}")).to_be_visible()
    expect(page.locator("#conduct-banner")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Record an incident").click()
    assert_accessible(page)
    # Submitting with gaps shows the error summary and keeps the typed account.
    page.get_by_label("What happened?").fill("Followed her from the gate to the bus stop, then waited.")
    page.get_by_role("button", name="Save the incident").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("What happened?")).to_have_value(
        "Followed her from the gate to the bus stop, then waited."
    )
    assert_accessible(page)

    page.get_by_label("Who was it?").select_option(label="Pat Concern")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Time (optional)", exact=True).fill("15:35")
    page.get_by_label("Near the school site").check()
    page.get_by_label("Where exactly (optional)").fill("Bus stop on Mill Road")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Following or approaching outside work").check()
    page.get_by_label("Fear that violence will be used").check()
    page.get_by_role("button", name="Save the incident").click()

    expect(page.get_by_text("Incident recorded.")).to_be_visible()
    banner = page.locator("#conduct-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("meets the course-of-conduct test for Pat Concern towards Erin Employee")
    expect(banner).to_contain_text("14 November 2026")
    new = Incident.objects.exclude(pk=world.incident.pk).get()
    item = page.locator(f"#incident-{new.pk}")
    expect(item).to_contain_text("Followed her from the gate to the bus stop")
    expect(item).to_contain_text("Following or approaching outside work")
    assert_accessible(page)
