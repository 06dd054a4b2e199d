"""A colleague reports being asked about an employee's timetable; the employee
reads it on their own page and adds it to their record. axe checks each page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from harbour.observations.models import Observation
from tests.journeys.conftest import assert_accessible, fill_date, new_page, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

ASKED = "A man at the gate asked me which days Erin teaches and what time she leaves."


def test_a_colleague_reports_and_the_employee_adds_it_to_their_record(live_server, browser, page, world):
    sign_in(page, live_server, "colleague")
    page.get_by_role("link", name="Observations").click()
    assert_accessible(page)
    page.get_by_role("link", name="Report something you saw or heard").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who is it about?").select_option(label="Erin Employee")
    page.get_by_label("Someone asked colleagues about them, for example their timetable").check()
    page.get_by_label("Tell us briefly what happened").fill(ASKED)
    fill_date(page, "When was it?", timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_label("Time (optional)", exact=True).fill("15:20")
    page.get_by_label("Near the school site").check()
    page.get_by_label("Who was it?").fill("Tall man in a red coat")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", name="What you reported")).to_be_visible()
    expect(page.locator("#observation-summary")).to_contain_text(ASKED)
    # The filer sees what they wrote, never what happens next.
    expect(page.locator("#observation-status")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path="/tmp/observation-filed.png", full_page=True)

    observation = Observation.objects.get()
    employee = new_page(browser)
    sign_in(employee, live_server, "employee")
    employee.goto(f"{live_server.url}/your-support/observations/")  # the notice's link leads here
    assert_accessible(employee)
    assert employee.title().endswith("Staff portal")  # discreet, with the quick exit
    expect(employee.locator("#exit-this-page")).to_be_visible()
    employee.locator("#about-me").get_by_role("link").first.click()
    expect(employee.locator("#observation-summary")).to_contain_text(ASKED)
    assert_accessible(employee)
    employee.screenshot(path="/tmp/observation-decide.png", full_page=True)
    employee.get_by_label("Yes, add it to my record").check()
    employee.get_by_role("button", name="Save your decision").click()
    expect(employee.get_by_text("Added to your record.")).to_be_visible()
    expect(employee.locator("#observation-status")).to_contain_text("Added to their record")
    assert_accessible(employee)
    employee.get_by_role("link", name=f"See it in your record ({world.case.reference})").click()
    expect(employee.get_by_text(ASKED)).to_be_visible()
    assert_accessible(employee)
    employee.screenshot(path="/tmp/observation-in-record.png", full_page=True)
    observation.refresh_from_db()
    assert observation.status == "accepted" and observation.incident.case_id == world.case.pk


def test_reception_logs_someone_asking_for_staff_by_name_and_the_head_reads_it(
    live_server, browser, page, world
):
    sign_in(page, live_server, "front_office")
    page.get_by_role("link", name="Front desk").click()
    page.get_by_role("link", name="Tell the headteacher and the colleague").click()
    assert_accessible(page)
    page.get_by_label("Who did they ask for?").select_option(label="Col League")
    page.get_by_label("What did they say?").fill("Asked whether Mr League is in on Fridays.")
    fill_date(page, "When did they ask?", timezone.localdate())
    page.get_by_label("By phone").check()
    page.get_by_label("Who was it?").fill("A man's voice; withheld number")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("heading", name="What you reported")).to_be_visible()
    assert_accessible(page)

    head = new_page(browser)
    sign_in(head, live_server, "head")
    head.get_by_role("link", name="Observations").click()
    expect(head.locator("#received")).to_contain_text("Col League")
    assert_accessible(head)
    head.locator("#received").get_by_role("link").first.click()
    expect(head.locator("#observation-status")).to_contain_text("Waiting for the employee to decide")
    expect(head.locator("#observation-summary")).to_contain_text("(front desk)")
    assert_accessible(head)
    head.screenshot(path="/tmp/observation-head.png", full_page=True)
