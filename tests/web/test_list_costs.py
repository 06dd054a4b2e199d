"""Every paginated list, page and API, costs the same number of queries with 3
rows as with 40, on its first page and on a later one, with its filters on."""

import pytest
from django.utils import timezone

from harbour.cases import services as case_services
from harbour.diary import services as diary
from harbour.plans import services as plans
from harbour.prevention import services as prevention
from tests import factories
from tests.web.test_query_counts import _fill_alerts, _queries


def _fill(world, how_many):
    """Rows for every list: cases (with a person, an incident that raises a signal,
    a contact measure and an action due), people, staff, check-ins, diary entries,
    notices, the trail of the world's case."""
    today = timezone.localdate()
    for n in range(how_many):
        employee = factories.make_staff(world.school, with_user=False, full_name=f"Bulk {n}")
        person = factories.make_person(world.school, world.manager, name=f"Bulk person {n}")
        case = factories.make_case(world.manager, employee, people=[person], members=[world.member])
        factories.record(case, world.manager, employee, person, behaviours=["threats"])
        for section in ("contact", "other"):
            plans.add_action(
                origin=factories.origin(world.manager),
                case=case,
                section=section,
                values={"agreed": f"Action {n}", "owner": world.member, "next_review_on": today},
            )
        prevention.record_check_in(
            origin=factories.origin(world.manager), employee=employee, held_on=today, concern="yes"
        )
        diary.write_entry(
            origin=factories.origin(world.employee),
            author=world.employee,
            values={
                "occurred_on": today,
                "location": "online",
                "behaviours": ["unwanted_messages"],
                "account": f"Entry {n}",
            },
        )
        case_services.record_view(origin=factories.origin(world.head), case=world.case)  # the trail grows
    _fill_alerts(world, how_many)


PAGES = [
    ("head", "/cases/"),
    ("head", "/cases/?status=any&whose=mine&reference=&page=2"),
    ("head", "/cases/?status=closed"),
    ("champion", "/cases/?page=2&shared_page=2"),
    ("head", "/work/signals/"),
    ("head", "/work/reviews/"),
    ("manager", "/work/actions/?page=2"),
    ("head", "/work/decisions/"),
    ("head", "/people/?q=bulk&page=2"),
    ("head", "/check-ins/?concern=raised&page=2"),
    ("admin", "/staff/?q=bulk&page=2"),
    ("employee", "/diary/?page=2"),
    ("front_office", "/notices/?page=2"),
    ("front_office", "/front-desk/?q=visitor&page=2"),
    ("employee", "/cases/{case}/access-log/?page=2"),
]

API = [
    ("head", "/api/v1/cases?page=2&page_size=2"),
    ("head", "/api/v1/cases?status=any&whose=mine"),
    ("manager", "/api/v1/cases/{case}/incidents?page_size=5"),
    ("head", "/api/v1/people?q=bulk&page=2&page_size=2"),
    ("employee", "/api/v1/diary?page=2&page_size=2"),
    ("front_office", "/api/v1/notices?page_size=2"),
    ("front_office", "/api/v1/front-desk/alerts?q=visitor&page=2&page_size=2"),
    ("trust_lead", "/api/v1/trust/patterns"),
    ("head", "/api/v1/cases/{case}/restrictions"),
    ("head", "/api/v1/cases/{case}/evidence/packs"),
]


def _costs(world, clients, paths) -> dict:
    return {path: _queries(clients[persona], path.format(case=world.case.pk)) for persona, path in paths}


@pytest.mark.parametrize(
    "paths, client_for",
    [
        (PAGES, lambda world, persona: world.client(persona)),
        (API, lambda world, persona: factories.api_client(getattr(world, persona))),
    ],
    ids=["pages", "api"],
)
def test_lists_cost_the_same_for_3_rows_as_for_40(world, paths, client_for):
    # One fill for every list (filling is the slow part); each list is measured
    # on its own and every one that grew is named.
    clients = {persona: client_for(world, persona) for persona, _ in paths}
    _fill(world, 3)
    small = _costs(world, clients, paths)
    _fill(world, 37)
    large = _costs(world, clients, paths)
    grew = {path: (small[path], large[path]) for path in small if small[path] != large[path]}
    assert grew == {}, f"queries for 3 rows vs 40: {grew}"
