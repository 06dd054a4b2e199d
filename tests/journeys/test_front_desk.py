"""Issue 4 journeys (a) and (c): reception acts on an alert and logs contact;
the headteacher takes a restriction through its steps. axe checks every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from harbour.cases import confidentiality
from harbour.frontdesk import services
from tests import factories
from tests.journeys.conftest import assert_accessible, fill_date, new_page, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def test_a_reception_logs_contact_after_a_restriction(live_server, browser, world):
    confidentiality.set_choices(
        origin=factories.origin(world.employee),
        case=world.case,
        colleagues_may_know="front_desk",
        champion_sees="nothing",
        front_desk_instruction="Ask him to wait by the door and call the deputy head.",
    )
    restriction = services.warn(
        origin=factories.origin(world.head),
        case=world.case,
        person=world.person,
        values={
            "kind": "site_ban",
            "reason": "Waited at the gate.",
            "warned_on": TODAY - datetime.timedelta(days=20),
            "representations_by": TODAY - datetime.timedelta(days=6),
        },
    )
    services.decide(
        origin=factories.origin(world.head),
        restriction=restriction,
        confirm=True,
        reason="No representations.",
        review_on=TODAY + datetime.timedelta(days=90),
    )

    page = new_page(browser)
    sign_in(page, live_server, "front_office")
    page.get_by_role("link", name="Front desk").click()
    assert_accessible(page)
    page.get_by_label("Name or description").fill("pat")
    page.get_by_role("button", name="Search").click()
    alert = page.locator(f"#alert-{world.person.pk}")
    expect(alert).to_contain_text("Ask him to wait by the door and call the deputy head.")
    expect(alert).to_contain_text("Not to come onto the school site")
    assert_accessible(page)
    alert.get_by_role("link", name="Log a contact attempt").click()  # click one
    assert_accessible(page)
    page.get_by_role("button", name="Log it now").click()  # click two
    expect(page.get_by_text("Contact attempt logged.")).to_be_visible()
    assert_accessible(page)

    manager = new_page(browser)
    sign_in(manager, live_server, "manager")
    expect(manager.locator("#work-signals")).to_contain_text("Contact after a warning or restriction")
    manager.goto(f"{live_server.url}/cases/{world.case.pk}/")
    expect(manager.get_by_text("Contact after restriction").first).to_be_visible()
    expect(manager.locator("#open-signals")).to_contain_text("Contact after a warning or restriction")
    assert_accessible(manager)


def test_c_head_warns_hears_representations_and_confirms_a_restriction(live_server, page, world):
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    page.get_by_role("link", name="Warn about a restriction").click()
    assert_accessible(page)
    page.get_by_label("Who is being warned?").select_option(label="Pat Concern")
    page.get_by_label("Contact only through a named colleague").check()
    page.get_by_label("Details for reception").fill("Mr Khan, deputy head, in the main office.")
    page.get_by_label("What did the person do?").fill("Repeatedly waited at the staff car park.")
    fill_date(page, "Date of the warning", TODAY - datetime.timedelta(days=1))
    fill_date(page, "Representations by", TODAY + datetime.timedelta(days=14))
    page.get_by_role("button", name="Record the warning").click()
    expect(page.locator("#restriction-summary")).to_contain_text("Warned; waiting for representations")
    expect(page.get_by_role("link", name="Warning letter (PDF)")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("What the person said").fill("He says he wanted to ask about his son's reading.")
    fill_date(page, "Date received", TODAY)
    page.get_by_role("button", name="Save representations").click()
    expect(page.locator("#restriction-summary")).to_contain_text("wanted to ask about his son")
    assert_accessible(page)

    review_on = TODAY + datetime.timedelta(days=90)
    page.get_by_label("Confirm the restriction").check()
    page.get_by_label("Reasons").fill("The contact continued after the meeting with the class teacher.")
    fill_date(page, "Review date", review_on)
    page.get_by_role("button", name="Save the decision").click()
    summary = page.locator("#restriction-summary")
    expect(summary).to_contain_text("Restriction confirmed")
    expect(summary).to_contain_text(f"{review_on.day} {review_on:%B %Y}")
    expect(page.get_by_role("link", name="Decision letter (PDF)")).to_be_visible()
    expect(page.locator("#restriction-steps")).to_contain_text("Confirmed by Hadley Head")
    assert_accessible(page)
