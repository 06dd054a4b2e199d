"""Issue 12 journey: the trust lead opens the statistics, chooses another academic
year and then one school, sees small counts as "fewer than 5", and downloads the
same figures as CSV. axe checks each page; screenshots in /tmp/shots."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harbour.audit.models import AuditEvent
from harbour.statistics import periods
from tests import factories
from tests.journeys.conftest import assert_accessible, sign_in
from tests.statistics.test_selectors import _year, build_trust

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"statistics-{name}.png"), full_page=True)


def test_the_trust_lead_filters_the_statistics_and_downloads_them(live_server, page):
    world = build_trust(incidents_per_school=(14, 3, 0, 9))
    # Online messages too, in the first and the last school: enough to draw a chart.
    for case in (world.cases[0], world.cases[-1]):
        head = case.owner
        for n in range(11):
            factories.record(
                case,
                head,
                case.members.first().staff,
                days_ago=2 + n,
                location="online",
                channel="social_media",
            )
    # Last academic year too, in the first school: some incidents a year ago.
    case = world.cases[0]
    employee = case.members.first().staff
    for n in range(6):
        factories.record(case, world.heads[0], employee, days_ago=380 + n, location="near_site")
    this_year, last_year = _year(), periods.AcademicYear(_year().start_year - 1)

    sign_in(page, live_server, world.lead.user.username)
    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", name="Statistics: Stats Trust")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_have_text(this_year.label)
    expect(page.locator("#table-schools")).to_contain_text("Stats School 3")
    expect(page.locator("#chart-place")).to_be_visible()
    assert_accessible(page)
    _shot(page, "trust")

    page.get_by_label("Academic year").select_option(label=last_year.label)
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".govuk-caption-l")).to_have_text(last_year.label)
    expect(page.locator("#statistics-totals")).to_contain_text("Incidents recorded")
    assert_accessible(page)

    page.get_by_label("Academic year").select_option(label=this_year.label)
    page.get_by_label("School").select_option(label="Stats School 1")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="Statistics: Stats School 1")).to_be_visible()
    expect(page.locator("#statistics-totals")).to_contain_text("fewer than 5")
    expect(page.locator("#table-place")).to_contain_text("fewer than 5")
    expect(page.locator("#table-schools")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "school")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text())))
    assert ["scope", "for", "Stats School 1"] in rows
    assert ["totals", "incidents", "fewer than 5"] in rows
    assert AuditEvent.objects.filter(action="statistics.exported", actor=world.lead.user).count() == 1
