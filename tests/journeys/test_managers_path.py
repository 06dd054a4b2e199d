"""Issue 3's journeys: (a) the employee writes in their diary on a phone and
shares it later; (b) the manager's first meeting proposes a plan, the
headteacher approves the contact measure, a review is booked; (c) the employee
sees their plan and who has opened their case. axe checks every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from harbour.plans import services as plans
from tests import factories
from tests.journeys.conftest import assert_accessible, fill_date, new_page, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, username, phone=False):
    page = new_page(browser, phone)
    sign_in(page, live_server, username)
    return page


def test_a_employee_writes_on_a_phone_and_shares_later(live_server, browser, world):
    page = _signed_in(browser, live_server, "employee", phone=True)
    page.goto(f"{live_server.url}/your-support/")
    assert_accessible(page)
    page.get_by_role("link", name="Write something down").click()
    assert_accessible(page)
    # The date is already today: three answers and the words are enough.
    page.get_by_label("Near the school site").check()
    page.get_by_label("Following or approaching outside work").check()
    page.get_by_label("In your own words").fill("He was at the bus stop again and walked behind me.")
    page.get_by_role("button", name="Save in my diary").click()
    expect(page.get_by_text("Saved in your private diary")).to_be_visible()
    expect(page.locator("#diary-entries")).to_contain_text("Private")
    assert_accessible(page)
    # Nobody else can see it yet.
    assert "bus stop again" not in world.client("manager").get(f"/cases/{world.case.pk}/").content.decode()

    page.get_by_label("bus stop again", exact=False).check()
    page.get_by_role("button", name="Share the chosen entries").click()
    expect(page.get_by_text("1 entry shared with Morgan Manager.")).to_be_visible()
    expect(page.locator("#diary-entries")).to_contain_text("Shared")
    assert_accessible(page)

    manager = _signed_in(browser, live_server, "manager")
    manager.goto(f"{live_server.url}/cases/{world.case.pk}/")
    expect(manager.get_by_text("He was at the bus stop again and walked behind me.")).to_be_visible()
    expect(manager.get_by_text("Written in the employee's diary")).to_be_visible()
    assert_accessible(manager)


def test_b_first_meeting_plan_head_approval_and_review(live_server, browser, world):
    today = timezone.localdate()
    review_on = today + datetime.timedelta(days=14)
    page = _signed_in(browser, live_server, "manager")
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    page.get_by_role("link", name="Record a meeting").click()
    fill_date(page, "When did you meet?", today)
    page.get_by_label("Covered: Explore what happened").check()
    page.get_by_label("Covered: Actions agreed").check()
    page.get_by_label("Walk to the car, home or transport with other people").check()
    page.get_by_label("Whoever speaks to the person first helps them").check()
    fill_date(page, "When will you meet again?", review_on)
    assert_accessible(page)
    page.get_by_role("button", name="Save the meeting").click()

    expect(page.get_by_role("heading", name="Action plan")).to_be_visible()
    expect(page.locator("#awaiting-approval")).to_contain_text("1 contact measure is waiting")
    assert_accessible(page)
    page.locator("#actions-travel").get_by_role("link", name="Change").click()
    page.get_by_label("What is agreed").fill("Mel walks Erin to the bus stop after school.")
    page.get_by_label("Who will do it").select_option(label="Mel Member")
    page.get_by_label("Agreed", exact=True).check()
    fill_date(page, "When to look at it again", review_on)
    assert_accessible(page)
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator("#actions-travel")).to_contain_text("Mel walks Erin to the bus stop after school.")
    expect(page.locator("#actions-contact")).to_contain_text("Waiting for the headteacher")
    assert_accessible(page)

    head = _signed_in(browser, live_server, "head")
    expect(head.locator("#work-due")).to_contain_text("needs your decision")
    assert_accessible(head)
    head.get_by_role("link", name=f"case {world.case.reference}").last.click()
    expect(head.get_by_role("heading", name="Decide on a contact measure")).to_be_visible()
    assert_accessible(head)
    head.get_by_label("Approve this measure").check()
    head.get_by_role("button", name="Save the decision").click()
    expect(head.get_by_text("Measure approved.")).to_be_visible()
    expect(head.locator("#actions-contact")).to_contain_text("Approved by the headteacher")
    assert_accessible(head)

    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    expect(page.locator("#next-review")).to_contain_text(f"{review_on.day} {review_on:%B %Y}")
    expect(page.get_by_role("link", name="Add to calendar (.ics)")).to_be_visible()
    assert_accessible(page)


def test_c_employee_sees_the_plan_and_who_opened_the_case(live_server, browser, world):
    plans.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="travel",
        measure="travel_check_in",
        values={"agreed": "Erin texts her sister when she leaves.", "owner": world.employee},
    )
    for persona in ("manager", "head"):
        assert world.client(persona).get(f"/cases/{world.case.pk}/").status_code == 200

    page = _signed_in(browser, live_server, "employee")
    page.goto(f"{live_server.url}/your-support/")
    page.get_by_role("link", name="Your action plan").click()
    expect(page.locator("#actions-travel")).to_contain_text("Erin texts her sister when she leaves.")
    expect(page.get_by_role("link", name="Change")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/your-support/")
    page.get_by_role("link", name="Who has opened your case").click()
    log = page.locator("main")
    expect(log).to_contain_text("Morgan Manager")
    expect(log).to_contain_text("Hadley Head")
    assert_accessible(page)
