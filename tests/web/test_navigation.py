"""The navigation on every page: its shortcuts must say what the rules say."""

import pytest

from harbour import access
from tests.conftest import PERSONAS


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_people_link_is_shown_exactly_to_those_who_see_people(world, persona):
    user = getattr(world, persona).user
    expected = access.can_open_case(user) or access.visible_people(user).exists()
    assert access.sees_people(user) is expected
    body = world.client(persona).get("/").content.decode()
    assert ('href="/people/"' in body) is expected


def test_people_link_for_an_employee_follows_their_case_links(world):
    # The employee reads their own case, which names a person of concern.
    assert access.sees_people(world.employee.user)
    # A colleague outside every case, holding no managing role, sees no one.
    assert not access.sees_people(world.colleague.user)
    assert 'href="/people/"' not in world.client("colleague").get("/").content.decode()
