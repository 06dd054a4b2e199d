"""Long lists, a page at a time: a headteacher filters the cases, follows the
pages and finds a case by reference; each list page with its filters and
pagination is checked by axe (a label on every input), without JavaScript needed."""

import pytest
from playwright.sync_api import expect

from harbour.cases import services as case_services
from tests import factories
from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _many_cases(world, how_many):
    made = []
    for n in range(how_many):
        employee = factories.make_staff(world.school, with_user=False, full_name=f"Bulk {n}")
        person = factories.make_person(world.school, world.manager, name=f"Bulk person {n}")
        made.append(factories.make_case(world.manager, employee, people=[person]))
    return made


def test_head_filters_and_pages_through_the_cases(live_server, page, world):
    made = _many_cases(world, 27)
    case_services.change_case_status(origin=factories.origin(world.manager), case=made[0], status="closed")
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("#case-count")).to_have_text("Showing 1 to 25 of 27 cases")
    assert_accessible(page)
    page.get_by_role("link", name="Next page").click()
    expect(page.locator("#case-count")).to_have_text("Showing 26 to 27 of 27 cases")
    page.get_by_label("Status").select_option(label="Closed")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name=made[0].reference)).to_be_visible()
    expect(page.locator("#case-count")).to_have_text("Showing 1 to 1 of 1 cases")
    page.get_by_label("Case reference").fill("not one")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#reference-error")).to_contain_text("Enter a case reference like HB-00012")
    assert_accessible(page)


@pytest.mark.parametrize(
    "persona, path",
    [
        ("head", "/people/?q=bulk"),
        ("head", "/check-ins/"),
        ("admin", "/staff/"),
        ("head", "/work/signals/"),
        ("front_office", "/front-desk/"),
        ("front_office", "/notices/"),
        ("employee", "/diary/"),
        ("employee", "/cases/{case}/access-log/"),
    ],
)
def test_list_pages_are_accessible(live_server, page, world, persona, path):
    _many_cases(world, 26)
    sign_in(page, live_server, persona)
    page.goto(f"{live_server.url}{path.format(case=world.case.pk)}")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
