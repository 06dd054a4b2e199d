"""My work over the API: the page's sections and items, from the same reads
(harbour.web.work), cut at the page's limit with the section operations paging
through the rest; nothing outside the caller's reach, and the cost does not grow
with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.cases.models import Case
from harbour.plans import services as plans
from harbour.plans.models import PlanAction
from harbour.web import work
from tests import factories

TODAY = timezone.localdate()


def _due(world):
    """A review due today, an overdue action, a contact measure waiting for the head,
    and a threat recorded (so a sign of escalation is open)."""
    Case.objects.filter(pk=world.case.pk).update(next_review_on=TODAY)
    action = plans.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="travel",
        values={"agreed": "Walk to the car park with Mel.", "owner": world.member},
    )
    PlanAction.objects.filter(pk=action.pk).update(next_review_on=TODAY - datetime.timedelta(days=2))
    measure = plans.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="contact",
        measure="contact_not_on_site",
        values={"agreed": "Colleagues do not say whether Erin is in."},
    )
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["threats"])
    return action, measure


def test_my_work_answers_what_the_page_shows(world):
    action, measure = _due(world)
    body = factories.api_client(world.manager).get("/api/v1/my-work").json()
    assert body["has_staff_record"] is True
    assert body["counts"] == {"open": 1, "monitoring": 0, "closed": 0}
    assert [c["id"] for c in body["cases"]] == [world.case.pk]
    assert body["reviews"] == [
        {"case_id": world.case.pk, "reference": world.case.reference, "due_on": str(TODAY), "overdue": False}
    ]
    assert [(a["action_id"], a["overdue"], a["section"]) for a in body["actions"]] == [
        (action.pk, True, "travel")
    ]
    (signalled,) = body["signals"]
    assert signalled["case_id"] == world.case.pk
    assert "threats_or_damage" in {s["code"] for s in signalled["signals"]}
    # Decisions are the headteacher's, never the owner's.
    assert body["decisions"] == []
    assert not any(body[f"more_{name}"] for name in ("cases", "signals", "reviews", "actions", "decisions"))
    head = factories.api_client(world.head).get("/api/v1/my-work").json()
    assert [(d["action_id"], d["measure"]) for d in head["decisions"]] == [
        (measure.pk, "contact_not_on_site")
    ]
    # The page says the same, from the same reads.
    page = world.client("manager").get("/").content.decode()
    assert "Review of" in page and "Look again at an action" in page and "needs your decision" not in page


def test_nothing_outside_the_callers_reach(world):
    _due(world)
    for persona in ("colleague", "other_head", "member", "front_office", "champion"):
        body = factories.api_client(getattr(world, persona)).get("/api/v1/my-work").json()
        text = str(body)
        assert body["signals"] == body["reviews"] == body["decisions"] == [], persona
        if persona != "member":  # in the circle: the case is theirs to see, nothing due is theirs
            assert world.case.reference not in text, persona
        for section in work.SECTIONS:
            answer = factories.api_client(getattr(world, persona)).get(f"/api/v1/my-work/{section}").json()
            assert answer == {"items": [], "count": 0}, (persona, section)
    admin = factories.api_client(world.admin).get("/api/v1/my-work").json()
    assert admin["cases"] == [] and world.case.reference not in str(admin)


def test_a_possible_breach_of_a_court_order_is_on_my_work_for_whoever_runs_the_case(world):
    from tests.orders import helpers as orders

    breach = orders.breach_of(world)
    body = factories.api_client(world.manager).get("/api/v1/my-work").json()
    assert [(b["id"], b["case_id"], b["reference"]) for b in body["breaches"]] == [
        (breach.pk, world.case.pk, world.case.reference)
    ]
    assert body["more_breaches"] is False
    # The conditions, the court and the reference stay on the order's own page.
    assert orders.CONDITIONS not in str(body) and orders.REFERENCE not in str(body)
    assert "Give the police reference" in world.client("manager").get("/").content.decode()
    for persona in ("member", "colleague", "front_office", "other_head"):
        assert factories.api_client(getattr(world, persona)).get("/api/v1/my-work").json()["breaches"] == []


def test_a_member_of_the_circle_sees_the_case_but_owns_nothing_due(world):
    _due(world)
    body = factories.api_client(world.member).get("/api/v1/my-work").json()
    assert [c["id"] for c in body["cases"]] == [world.case.pk]
    assert body["actions"] == []


def test_sections_page_through_the_rest_like_the_page(world):
    for n in range(26):
        plans.add_action(
            origin=factories.origin(world.manager),
            case=world.case,
            section="other",
            values={"agreed": f"Action {n}", "owner": world.member, "next_review_on": TODAY},
        )
    api = factories.api_client(world.manager)
    body = api.get("/api/v1/my-work").json()
    assert len(body["actions"]) == work.SECTION_LIMIT and body["more_actions"] is True
    first = api.get("/api/v1/my-work/actions").json()
    second = api.get("/api/v1/my-work/actions?page=2").json()
    assert first["count"] == second["count"] == 26
    assert len(first["items"]) == 25 and len(second["items"]) == 1
    ids = [a["action_id"] for a in first["items"] + second["items"]]
    assert len(set(ids)) == 26
    # The page shows the same first 25 and the same last one.
    assert world.client("manager").get("/work/actions/?page=2").content.decode().count("Look again") == 1
    assert [a["action_id"] for a in body["actions"]] == ids[: work.SECTION_LIMIT]


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "page=abc"])
def test_a_bad_page_is_a_422(world, query):
    response = factories.api_client(world.manager).get(f"/api/v1/my-work/reviews?{query}")
    assert response.status_code == 422


def test_an_unknown_section_is_not_found(world):
    assert factories.api_client(world.manager).get("/api/v1/my-work/everything").status_code == 404


def test_the_list_view_audit_names_the_cases_returned(world):
    factories.api_client(world.manager).get("/api/v1/my-work")
    event = AuditEvent.objects.filter(action="case.listed").latest("id")
    assert event.detail["case_ids"] == [world.case.pk]
    assert event.via == "api"


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _fill(world, how_many):
    for n in range(how_many):
        employee = factories.make_staff(world.school, with_user=False, full_name=f"Bulk {n}")
        person = factories.make_person(world.school, world.manager, name=f"Bulk person {n}")
        case = factories.make_case(world.manager, employee, people=[person])
        Case.objects.filter(pk=case.pk).update(next_review_on=TODAY)
        factories.record(case, world.manager, employee, person, behaviours=["threats"])
        plans.add_action(
            origin=factories.origin(world.manager),
            case=case,
            section="contact",
            measure="contact_not_on_site",
            values={"agreed": f"Measure {n}", "next_review_on": TODAY},
        )


@pytest.mark.parametrize(
    "persona, path",
    [("manager", "/api/v1/my-work"), ("head", "/api/v1/my-work")]
    + [("head", f"/api/v1/my-work/{section}") for section in work.SECTIONS],
)
def test_my_work_does_not_grow_with_the_data(world, persona, path):
    client = factories.api_client(getattr(world, persona))
    _fill(world, 2)
    small = _queries(client, path)
    _fill(world, 30)
    large = _queries(client, path)
    assert small == large, f"{path}: {small} queries for 3 cases, {large} for 33"
