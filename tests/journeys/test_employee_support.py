"""The employee opens Your support, sees what the school has done on their case,
records an emergency contact and check-in arrangement, and leaves in a hurry with
Exit this page: by the button, by pressing Shift three times, and without
JavaScript. The neutral page is a stub served by Playwright, never the internet.
axe checks each page."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from harbour.audit.services import Origin
from harbour.plans import services as plans
from harbour.plans.models import TravelArrangement
from harbour.web.discreet import DEFAULT_EXIT_URL
from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

STUB = "<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather forecast (test stub)</h1></html>"
SCREENSHOT = "/tmp/harbour-your-support.png"


def _stub_the_outside(context) -> None:
    """The exit's neutral page answered locally; anything else off this machine refused."""
    context.route(
        re.compile(r"^https://www\.bbc\.co\.uk/"),
        lambda route: route.fulfill(body=STUB, content_type="text/html"),
    )
    context.route(
        re.compile(r"^https?://(?!127\.0\.0\.1|localhost|www\.bbc\.co\.uk)"), lambda route: route.abort()
    )


def _story(world):
    today = timezone.localdate()
    with transaction.atomic():
        plans.record_meeting(
            origin=Origin(user=world.manager.user),
            case=world.case,
            held_on=today - datetime.timedelta(days=1),
            areas={"explore": {"covered": True, "notes": "Talked it through."}},
            next_meeting_on=today + datetime.timedelta(days=13),
        )
    plans.add_action(
        origin=Origin(user=world.manager.user),
        case=world.case,
        section="travel",
        values={
            "agreed": "Leave with a colleague after late meetings.",
            "status": "in_place",
            "in_place_on": today,
        },
    )


def test_employee_sees_the_timeline_records_a_contact_and_exits(live_server, page, world):
    _story(world)
    _stub_the_outside(page.context)
    sign_in(page, live_server, "employee")
    page.get_by_role("link", name="Your support").first.click()
    expect(page.get_by_role("heading", name="What the school has done")).to_be_visible()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("You met your manager about your case")
    expect(timeline).to_contain_text("Put in place: travelling to and from work")
    expect(timeline).to_contain_text("Your case was opened")
    expect(page.locator("#support-heading")).to_be_visible()
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert page.title() == "Home – Staff portal"
    assert_accessible(page)
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.get_by_role(
        "link", name=f"Your emergency contacts and check-ins for case {world.case.reference}"
    ).click()
    expect(page.get_by_role("heading", name="Travel and check-ins")).to_be_visible()
    assert_accessible(page)
    # A gap first: the message is beside the field and in the summary.
    page.locator("#id_contact_name").fill("Sam Partner")
    page.get_by_role("button", name="Save travel arrangements").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_contact_phone").fill("07700 900123")
    page.get_by_label("Who do you check in with?").fill("Sam")
    page.get_by_label("When do you check in?").fill("A message when I leave work and when I get home.")
    page.get_by_label("What happens if you do not check in?").fill("Sam rings me, then my sister.")
    page.get_by_role("button", name="Save travel arrangements").click()
    expect(page.get_by_text("Your travel arrangements are saved.")).to_be_visible()
    expect(page.locator("#travel-current")).to_contain_text("Sam Partner")
    assert_accessible(page)
    assert TravelArrangement.objects.get(case=world.case).contact_phone == "07700 900123"
    page.screenshot(path="/tmp/harbour-travel.png", full_page=True)

    # The button: straight to the neutral page.
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(DEFAULT_EXIT_URL)
    expect(page.get_by_role("heading", name="Weather forecast (test stub)")).to_be_visible()

    # The keyboard: Shift three times, from the diary.
    page.goto(f"{live_server.url}/diary/new/")
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert page.title() == "New note – Staff portal"
    page.locator("body").click(position={"x": 5, "y": 400})
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(DEFAULT_EXIT_URL)
    expect(page.get_by_role("heading", name="Weather forecast (test stub)")).to_be_visible()


def test_quick_exit_works_without_javascript(live_server, browser, world):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        _stub_the_outside(context)
        page = context.new_page()
        sign_in(page, live_server, "employee")
        page.goto(f"{live_server.url}/cases/{world.case.pk}/")
        assert page.title() == "Record – Staff portal"
        page.get_by_role("button", name="Emergency Exit this page").click()
        page.wait_for_url(DEFAULT_EXIT_URL)
        expect(page.get_by_role("heading", name="Weather forecast (test stub)")).to_be_visible()
    finally:
        context.close()


def test_the_head_adds_a_local_helpline_the_employee_then_sees(live_server, page, world):
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/school-settings/{world.school.pk}/")
    page.get_by_role("link", name="Employee assistance and helplines").click()
    expect(page.get_by_role("heading", name="Support for staff")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Line 1: telephone number").fill("not a number")
    page.get_by_role("button", name="Save support for staff").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Line 1: name").fill("County stalking advocate")
    page.get_by_label("Line 1: telephone number").fill("01632 960000")
    page.get_by_role("button", name="Save support for staff").click()
    expect(page.get_by_text("Support for staff saved.")).to_be_visible()
    page.screenshot(path="/tmp/harbour-support-settings.png", full_page=True)
    world.school.refresh_from_db()
    assert world.school.local_helplines[0]["name"] == "County stalking advocate"
