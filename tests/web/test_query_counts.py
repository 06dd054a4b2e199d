"""List pages cost the same number of queries for 3 rows as for 300."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


@pytest.mark.parametrize("path", ["/", "/cases/", "/cases/?status=open", "/people/", "/staff/"])
def test_list_pages_do_not_grow_with_the_data(world, path):
    client = world.client("manager")
    _fill(world, 2)  # 3 cases with the world's own
    small = _queries(client, path)
    _fill(world, 297)  # 300
    large = _queries(client, path)
    assert small == large, f"{path}: {small} queries for 3 rows, {large} for 300"


def test_case_list_shows_every_row(world):
    _fill(world, 4)
    body = world.client("manager").get("/cases/").content.decode()
    assert body.count('href="/cases/') >= 5
    assert "Bulk person 3" in body


def test_access_log_does_not_grow_with_the_trail(world):
    client = world.client("employee")
    path = f"/cases/{world.case.pk}/access-log/"
    small = _queries(client, path)
    head = world.client("head")
    for _ in range(120):
        head.get(f"/cases/{world.case.pk}/")
    assert _queries(client, path) == small
