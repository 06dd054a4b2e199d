"""Issue 13: the owner records a Stalking Protection Order; reception sees that an
order is in place (not its details) and logs a call from the person; the owner
sees the possible breach on My work and the case page and gives the police
reference. axe checks every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from harbour.orders.models import BreachReport
from tests.journeys.conftest import assert_accessible, fill_date, new_page, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def test_reception_logs_contact_under_an_order_and_the_owner_gives_the_police_reference(
    live_server, browser, world
):
    owner = new_page(browser)
    sign_in(owner, live_server, "manager")
    owner.goto(f"{live_server.url}/cases/{world.case.pk}/")
    owner.get_by_role("link", name="Record a court order or police warning").click()
    assert_accessible(owner)
    owner.get_by_role("button", name="Record the order").click()  # nothing filled in: errors beside fields
    expect(owner.locator(".govuk-error-summary")).to_contain_text("Choose the kind of order or warning.")
    assert_accessible(owner)
    owner.get_by_label("Who is the order or warning against?").select_option(label="Pat Concern")
    owner.get_by_label("Stalking Protection Order", exact=True).check()
    owner.get_by_label("Conditions").fill("Must not go within 200 metres of the school or contact Erin.")
    fill_date(owner, "Made on", TODAY - datetime.timedelta(days=7))
    fill_date(owner, "Expires on", TODAY + datetime.timedelta(days=730))
    owner.get_by_label("Court or police force").fill("Riverside Magistrates' Court")
    owner.get_by_label("Reference").fill("SPO-44-2026")
    owner.get_by_role("button", name="Record the order").click()
    expect(owner.locator("#order-summary")).to_contain_text("In force")
    assert_accessible(owner)

    reception = new_page(browser)
    sign_in(reception, live_server, "front_office")
    reception.get_by_role("link", name="Front desk").click()
    alert = reception.locator(f"#alert-{world.person.pk}")
    expect(alert).to_contain_text("Stalking Protection Order in place")
    expect(alert).to_contain_text("call 999")
    for secret in ("200 metres", "Riverside Magistrates", "SPO-44-2026"):
        expect(alert).not_to_contain_text(secret)
    assert_accessible(reception)
    reception.screenshot(path="/tmp/orders-front-desk.png", full_page=True)
    alert.get_by_role("link", name="Log a contact attempt").click()
    expect(reception.locator(".order-notice")).to_be_visible()
    assert_accessible(reception)
    reception.get_by_label("Phoned").check()
    reception.get_by_role("button", name="Log it now").click()
    expect(reception.get_by_text("Contact attempt logged.")).to_be_visible()

    owner.goto(f"{live_server.url}/")
    expect(owner.locator("#work-breaches")).to_contain_text("Give the police reference")
    assert_accessible(owner)
    owner.goto(f"{live_server.url}/cases/{world.case.pk}/")
    expect(owner.locator(".possible-breach")).to_contain_text("Possible breach")
    assert_accessible(owner)
    owner.screenshot(path="/tmp/orders-case-page.png", full_page=True)
    owner.locator(".possible-breach").get_by_role("link", name="Give the police reference").click()
    expect(owner.locator("#breaches")).to_be_visible()
    assert_accessible(owner)
    owner.locator(".breach").get_by_role("link", name="Give the police reference").click()
    assert_accessible(owner)
    owner.get_by_label("Police reference").fill("CAD 2291 01/12")
    owner.get_by_role("button", name="Save the police reference").click()
    expect(owner.get_by_text("Police reference saved.")).to_be_visible()
    expect(owner.locator(".breach")).to_contain_text("CAD 2291 01/12")
    assert_accessible(owner)
    owner.screenshot(path="/tmp/orders-breaches.png", full_page=True)
    assert BreachReport.objects.get().police_reference == "CAD 2291 01/12"
    owner.goto(f"{live_server.url}/")
    expect(owner.locator("#work-breaches")).to_have_count(0)
