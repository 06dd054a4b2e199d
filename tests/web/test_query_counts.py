"""List pages cost the same number of queries for 3 rows as for 300."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.cases import confidentiality
from harbour.cases.models import Case
from harbour.diary import services as diary
from harbour.plans import services as plans
from tests import factories


def _fill(world, how_many):
    for n in range(how_many):
        employee = factories.make_staff(world.school, with_user=False, full_name=f"Bulk {n}")
        person = factories.make_person(world.school, world.manager, name=f"Bulk person {n}")
        case = factories.make_case(world.manager, employee, people=[person])
        factories.record(case, world.manager, employee, person)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "persona, path",
    [
        ("manager", "/"),
        ("head", "/"),
        ("manager", "/cases/"),
        ("manager", "/cases/?status=open"),
        ("manager", "/people/"),
        ("manager", "/staff/"),
        ("manager", "/notices/"),
        ("front_office", "/notices/"),
    ],
)
def test_list_pages_do_not_grow_with_the_data(world, persona, path):
    client = world.client(persona)
    _fill(world, 2)  # 3 cases with the world's own
    small = _queries(client, path)
    _fill(world, 297)  # 300
    large = _queries(client, path)
    assert small == large, f"{path}: {small} queries for 3 rows, {large} for 300"


def _fill_employee_side(world, how_many):
    """Diary entries, plan actions and cases for the world's employee."""
    for n in range(how_many):
        diary.write_entry(
            origin=factories.origin(world.employee),
            author=world.employee,
            values={
                "occurred_on": timezone.localdate(),
                "location": "online",
                "behaviours": ["unwanted_messages"],
                "account": f"Message {n}",
            },
        )
        plans.add_action(
            origin=factories.origin(world.manager),
            case=world.case,
            section="other",
            values={"agreed": f"Action {n}", "owner": world.member, "next_review_on": timezone.localdate()},
        )
        case = factories.make_case(world.manager, world.employee)
        confidentiality.set_choices(
            origin=factories.origin(world.employee),
            case=case,
            colleagues_may_know="front_desk",
            champion_sees="support",
            front_desk_instruction=f"Instruction {n}",
        )


@pytest.mark.parametrize(
    "persona, path",
    [
        ("employee", "/diary/"),
        ("employee", "/your-support/"),
        ("employee", "/plan/"),
        ("manager", "/"),
        ("champion", "/cases/"),
        ("front_office", "/notices/"),
    ],
)
def test_employee_side_pages_do_not_grow_with_the_data(world, persona, path):
    if path == "/plan/":
        path = f"/cases/{world.case.pk}/plan/"
    client = world.client(persona)
    _fill_employee_side(world, 3)
    small = _queries(client, path)
    _fill_employee_side(world, 60)
    large = _queries(client, path)
    assert small == large, f"{path}: {small} queries for 3 rows, {large} for 63"


def test_case_list_shows_every_row(world):
    _fill(world, 4)
    body = world.client("manager").get("/cases/").content.decode()
    for case in Case.objects.all():
        assert f'href="/cases/{case.pk}/">{case.reference}</a>' in body
    assert Case.objects.count() == 5
    assert "Bulk person 3" in body


def test_access_log_does_not_grow_with_the_trail(world):
    client = world.client("employee")
    path = f"/cases/{world.case.pk}/access-log/"
    small = _queries(client, path)
    head = world.client("head")
    for _ in range(120):
        head.get(f"/cases/{world.case.pk}/")
    assert _queries(client, path) == small


def _fill_alerts(world, how_many):
    for n in range(how_many):
        employee = factories.make_staff(world.school, with_user=False, full_name=f"Alerted {n}")
        person = factories.make_person(world.school, world.manager, name=f"Visitor {n}")
        case = factories.make_case(world.manager, employee, people=[person])
        confidentiality.set_choices(
            origin=factories.origin(world.manager),
            case=case,
            colleagues_may_know="front_desk",
            champion_sees="nothing",
            front_desk_instruction=f"Fetch the deputy ({n}).",
        )


def test_front_desk_does_not_grow_with_the_alerts(world):
    client = world.client("front_office")
    _fill_alerts(world, 3)
    small = _queries(client, "/front-desk/")
    _fill_alerts(world, 40)
    assert _queries(client, "/front-desk/") == small
    assert _queries(client, "/front-desk/?q=visitor") == small


def _link_people_seen_elsewhere(world, how_many):
    """People linked to the world's case who are also on cases about other staff."""
    from harbour.cases import services as case_services

    for n in range(how_many):
        person = factories.make_person(world.school, world.manager, name=f"Linked {n}")
        case_services.link_person(origin=factories.origin(world.manager), case=world.case, person=person)
        other = factories.make_staff(world.school, with_user=False, full_name=f"Other staff {n}")
        factories.make_case(world.manager, other, people=[person])


def test_case_page_does_not_grow_with_its_people(world):
    client = world.client("manager")
    path = f"/cases/{world.case.pk}/"
    _link_people_seen_elsewhere(world, 1)
    small = _queries(client, path)
    _link_people_seen_elsewhere(world, 6)
    assert _queries(client, path) == small
    assert "Linked 5" in client.get(path).content.decode()
