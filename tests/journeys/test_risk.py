"""Issue 4 journey (b): a manager answers an escalation signal with a risk
review, and the screening raises the level to high. axe checks every page."""

import pytest
from playwright.sync_api import expect

from harbour.risk import services
from tests import factories
from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_b_signal_answered_with_a_risk_review_raised_to_high(live_server, page, world):
    services.decide_level(
        origin=factories.origin(world.manager), case=world.case, level="medium", reason="Sexual comments."
    )
    factories.record(
        world.case,
        world.manager,
        world.employee,
        world.person,
        behaviours=["threats"],
        days_ago=0,
        account="Said he would be waiting for her after school.",
    )
    sign_in(page, live_server, "manager")
    expect(page.locator("#work-signals")).to_contain_text("Threats, violence or damage to property")
    assert_accessible(page)
    page.locator("#work-signals").get_by_role("link", name="Threats, violence or damage to property").click()
    expect(page.locator("#signal-incidents")).to_contain_text("Said he would be waiting for her")
    assert_accessible(page)

    page.get_by_role("link", name="Complete the risk screening first").click()
    assert_accessible(page)
    page.get_by_label("Very frightened").check()
    for question in (
        "Has the person harassed this employee or anyone else before?",
        "Has the person damaged property?",
        "Does the person keep turning up at work or at the employee's home?",
        "Does the person hang around near the employee?",
        "Has the person harassed people around the employee?",
        "Has there been any violence during this episode?",
        "Has the person drawn other people in to help them?",
        "Is the person known to misuse drugs or alcohol?",
        "Is the person known to have been violent before?",
    ):
        page.get_by_role("group", name=question).get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Has the person threatened physical or sexual violence?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_label("Anything else that matters").fill("He knows which car she drives.")
    page.get_by_role("button", name="Save the screening").click()
    expect(page.get_by_text("It suggests high risk")).to_be_visible()
    expect(page.locator("#risk-proposed")).to_contain_text("At least high")
    assert_accessible(page)

    page.locator("#open-signals").get_by_role("link", name="Threats, violence or damage to property").click()
    page.get_by_label("I have reviewed the risk level").check()
    page.get_by_label("High", exact=True).check()
    page.get_by_label("Why").fill("Threat to wait for her, and the screening points to high risk.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Signal answered.")).to_be_visible()
    expect(page.locator("#risk-level")).to_contain_text("High")
    expect(page.locator("#risk-history")).to_contain_text("the screening points to high risk")
    assert_accessible(page)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    expect(page.locator("#case-risk")).to_contain_text("High")
    expect(page.locator("#incident-chart svg")).to_be_visible()
    assert_accessible(page)


def test_the_risk_page_says_why_it_proposes_medium_from_the_whole_record(live_server, page, world):
    """Low behaviour codes, but online first, then at the employee's home, and she
    fears violence: Harbour proposes medium, says why, and links each incident."""
    online = factories.record(
        world.case, world.manager, world.employee, world.person, days_ago=9, location="online",
        channel="social_media", behaviours=["unwanted_messages"], account="Messages about her street.",
    )  # fmt: skip
    home = factories.record(
        world.case, world.manager, world.employee, world.person, days_ago=2, location="home",
        channel="in_person", impacts=["fear_of_violence"], account="Waited outside her house.",
    )  # fmt: skip
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/cases/{world.case.pk}/risk/")
    expect(page.locator("#risk-proposed")).to_contain_text("At least medium")
    reasons = page.locator("#risk-reasons")
    expect(reasons).to_contain_text("reached the employee's home")
    expect(reasons).to_contain_text("turned up or made contact in person after contact online")
    expect(reasons).to_contain_text("The employee fears violence")
    page.locator("#how-proposed summary").click()
    expect(page.locator("#how-proposed")).to_contain_text("Recording more never makes Harbour propose less")
    assert_accessible(page)
    page.screenshot(path="/tmp/riskrule_risk_page.png", full_page=True)
    in_person = reasons.locator('[data-reason="online_to_in_person"]')
    # The first message online, then both visits in person (the world's own one at school too).
    assert in_person.locator("a").count() == 3
    in_person.get_by_role("link", name=f"(incident {online.pk})").click()
    expect(page.get_by_text("Messages about her street.")).to_be_visible()
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    expect(page.locator("#case-risk")).to_contain_text("Decision needed: at least medium")
    expect(
        page.locator("#risk-reasons").get_by_role("link", name=f"(incident {home.pk})").first
    ).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/riskrule_case_page.png", full_page=True)
