"""API lists answer a page at a time ({"items", "count"}), with bounded page sizes,
the case list's filters, and the audit naming only the cases returned."""

import pytest
from django.test import Client

from harbour.api.pagination import MAX_PAGE_SIZE
from harbour.audit.models import AuditEvent
from harbour.cases import services as case_services
from tests import factories

LISTS = [
    "/api/v1/cases",
    "/api/v1/cases/{case_id}/incidents",
    "/api/v1/cases/{case_id}/restrictions",
    "/api/v1/cases/{case_id}/evidence/packs",
    "/api/v1/people",
    "/api/v1/diary",
    "/api/v1/notices",
    "/api/v1/front-desk/alerts",
    "/api/v1/trust/patterns",
]


def _cases(world, how_many, owner=None):
    owner = owner or world.manager
    return [
        factories.make_case(owner, factories.make_staff(owner.school, with_user=False))
        for _ in range(how_many)
    ]


def test_every_list_in_the_openapi_document_takes_page_and_page_size():
    document = Client().get("/api/v1/openapi.json").json()
    for path in LISTS:
        get = document["paths"][path]["get"]
        params = {p["name"]: p for p in get["parameters"]}
        assert {"page", "page_size"} <= set(params), path
        assert params["page_size"]["schema"]["maximum"] == MAX_PAGE_SIZE, path
        body = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert set(document["components"]["schemas"][body]["required"]) == {"items", "count"}, path


def test_pages_follow_on_newest_first_and_count_everything(world):
    made = _cases(world, 6)
    api = factories.api_client(world.manager)
    first = api.get("/api/v1/cases?page_size=4").json()
    second = api.get("/api/v1/cases?page_size=4&page=2").json()
    assert first["count"] == second["count"] == 7
    ids = [c["id"] for c in first["items"]] + [c["id"] for c in second["items"]]
    assert ids == [c.pk for c in reversed(made)] + [world.case.pk]
    assert api.get("/api/v1/cases?page=3&page_size=4").json() == {"items": [], "count": 7}


@pytest.mark.parametrize("query", ["page=0", "page_size=0", f"page_size={MAX_PAGE_SIZE + 1}", "page=abc"])
def test_a_page_outside_the_bounds_is_a_422_not_a_500(world, query):
    response = factories.api_client(world.manager).get(f"/api/v1/people?{query}")
    assert response.status_code == 422
    assert response.json()["detail"] == "The request has problems."


def test_case_filters_match_the_page(world):
    closed, monitored = _cases(world, 2)
    origin = factories.origin(world.manager)
    case_services.change_case_status(origin=origin, case=closed, status="closed")
    case_services.change_case_status(origin=origin, case=monitored, status="monitoring")
    (others,) = _cases(world, 1, owner=world.other_manager)
    api = factories.api_client(world.head)

    def ids(query):
        return {c["id"] for c in api.get(f"/api/v1/cases?{query}").json()["items"]}

    assert ids("") == {world.case.pk, monitored.pk, others.pk}  # closed is left out by default
    assert ids("status=closed") == {closed.pk}
    assert ids("status=any") == {world.case.pk, monitored.pk, closed.pk, others.pk}
    assert ids("whose=mine") == set()  # the head owns none and is in no circle
    assert ids(f"reference={others.reference}") == {others.pk}
    assert ids(f"school_id={world.other_school.pk}") == set()  # not the head's school
    for bad in ("status=nonsense", "whose=everyone", "reference=xyz"):
        response = api.get(f"/api/v1/cases?{bad}")
        assert response.status_code == 422, bad
        assert set(response.json()["errors"]) == {bad.split("=")[0]}


def test_another_schools_cases_are_never_listed(world):
    hidden = _cases(world, 3, owner=world.other_head)
    api = factories.api_client(world.head)
    listed = api.get(f"/api/v1/cases?status=any&page_size={MAX_PAGE_SIZE}").json()
    assert not {c["id"] for c in listed["items"]} & {c.pk for c in hidden}
    assert listed["count"] == 1


def test_the_list_view_audit_names_only_the_cases_returned(world):
    made = _cases(world, 5)
    factories.api_client(world.manager).get("/api/v1/cases?page_size=2&page=2")
    event = AuditEvent.objects.filter(action="case.listed", via="api").latest("id")
    assert set(event.detail["case_ids"]) == {made[2].pk, made[1].pk}


def test_incidents_page_in_the_order_they_happened(world):
    for days_ago in (5, 3):
        factories.record(world.case, world.manager, world.employee, world.person, days_ago=days_ago)
    api = factories.api_client(world.manager)
    first = api.get(f"/api/v1/cases/{world.case.pk}/incidents?page_size=2").json()
    second = api.get(f"/api/v1/cases/{world.case.pk}/incidents?page_size=2&page=2").json()
    dates = [i["current"]["occurred_on"] for i in first["items"] + second["items"]]
    assert first["count"] == 3 and dates == sorted(dates)
    assert world.incident.pk == second["items"][0]["id"]  # a day ago: the latest


def test_people_search_and_school(world):
    for n in range(3):
        factories.make_person(world.school, world.manager, name=f"Sam Search {n}")
    factories.make_person(world.other_school, world.other_head, name="Sam Search elsewhere")
    api = factories.api_client(world.head)
    found = api.get("/api/v1/people?q=sam search&page_size=2").json()
    assert found["count"] == 3 and len(found["items"]) == 2
    assert all(p["name"].startswith("Sam Search ") for p in found["items"])
    assert api.get(f"/api/v1/people?school_id={world.other_school.pk}").json()["count"] == 0
