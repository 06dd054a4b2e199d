"""Issue 12 journey: the statistics are prepared off the request path. The trust
lead first finds them being prepared, then (once the worker's refresh has run)
sees when they were prepared and pages through the per-school table. axe checks
each page; screenshots in /tmp/shots."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harbour.statistics import services, views
from tests.journeys.conftest import assert_accessible, sign_in
from tests.statistics.test_selectors import _year, build_trust

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"statistics-prepared-{name}.png"), full_page=True)


def test_the_trust_lead_waits_for_the_figures_then_pages_through_the_schools(
    live_server, page, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run here
    monkeypatch.setattr(views, "SCHOOLS_PAGE", 2)
    world = build_trust(incidents_per_school=(14, 3, 0, 9, 6))

    sign_in(page, live_server, world.lead.user.username)
    page.get_by_role("link", name="Statistics").click()
    expect(page.locator("#statistics-preparing")).to_contain_text("These figures are being prepared")
    expect(page.locator("#table-schools")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "waiting")

    services.prepare(scope=("trust", world.trust.pk), period=_year())  # what the worker does
    page.reload()
    expect(page.get_by_role("heading", name="Statistics: Stats Trust")).to_be_visible()
    expect(page.locator("#statistics-prepared")).to_contain_text("Figures prepared at")
    expect(page.locator("#table-schools")).to_contain_text("Stats School 0")
    expect(page.locator("#table-schools")).not_to_contain_text("Stats School 2")
    assert_accessible(page)
    _shot(page, "first")

    page.get_by_role("navigation", name="Pages of schools").get_by_role("link", name="Next").click()
    expect(page.locator("#table-schools")).to_contain_text("Stats School 2")
    expect(page.locator("#table-schools")).not_to_contain_text("Stats School 0")
    expect(page.get_by_text("Showing 3 to 4 of 5 schools")).to_be_visible()
    assert_accessible(page)
    _shot(page, "second")
