"""Sessions end on the server: after the idle time, after the absolute lifetime,
and at sign-out. Each time the session's row is gone, and the old cookie, sent
again, gets the sign-in page."""

import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from tests import factories


@pytest.fixture(autouse=True)
def _saved_once_a_minute(settings, _session_saved_once_per_test):
    settings.HARBOUR_SESSION_TOUCH_SECONDS = 60  # as in production (tests/conftest.py stretches it)


def signed_in(world, persona="manager") -> tuple[Client, str]:
    client = world.client(persona)
    return client, client.cookies["sessionid"].value


def replayed(cookie: str, path: str):
    client = Client()
    client.cookies["sessionid"] = cookie
    return client.get(path)


def test_idle_for_longer_than_the_setting_signs_out_on_the_server(world, settings):
    settings.HARBOUR_SESSION_IDLE_SECONDS = 30 * 60
    start = time.time()
    with time_machine.travel(start, tick=False):
        client, cookie = signed_in(world)
    case = f"/cases/{world.case.pk}/"
    with time_machine.travel(start + 29 * 60, tick=False):
        assert client.get(case).status_code == 200  # active: the idle time starts again
    with time_machine.travel(start + 29 * 60 + 29 * 60, tick=False):
        assert client.get(case).status_code == 200
    with time_machine.travel(start + 58 * 60 + 31 * 60, tick=False):
        response = client.get(case, follow=True)
        assert response.redirect_chain[0][0].startswith(f"/sign-in/?next={case}")
        assert "without activity" in response.content.decode()
        assert not Session.objects.filter(session_key=cookie).exists()
        assert replayed(cookie, case)["Location"].startswith("/sign-in/")


def test_the_absolute_lifetime_ends_even_an_active_session(world, settings):
    settings.HARBOUR_SESSION_IDLE_SECONDS = 30 * 60
    settings.HARBOUR_SESSION_MAX_SECONDS = 8 * 60 * 60
    start = time.time()
    with time_machine.travel(start, tick=False):
        client, cookie = signed_in(world)
    minute = start
    # A request every twenty minutes for eight hours: never idle.
    while minute < start + 8 * 60 * 60 - 20 * 60:
        minute += 20 * 60
        with time_machine.travel(minute, tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + 8 * 60 * 60 + 1, tick=False):
        response = client.get("/", follow=True)
        assert response.redirect_chain[0][0].startswith("/sign-in/")
        assert "signed in a long time ago" in response.content.decode()
        assert not Session.objects.filter(session_key=cookie).exists()


def test_signing_out_deletes_the_session_and_the_old_cookie_is_worthless(world):
    client, cookie = signed_in(world)
    assert Session.objects.filter(session_key=cookie).exists()
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    client.post("/sign-out/")
    assert not Session.objects.filter(session_key=cookie).exists()
    response = replayed(cookie, f"/cases/{world.case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_signing_in_gives_a_new_session_key(world):
    client = Client()
    client.get("/sign-in/")
    client.cookies["sessionid"] = "a" * 32  # a key planted before sign-in
    client.post("/sign-in/", {"username": "trust_lead", "password": factories.PASSWORD})
    assert client.cookies["sessionid"].value != "a" * 32


def test_the_last_request_time_is_written_at_most_once_a_minute(world, django_assert_num_queries):
    """Not a database write per page: within the minute, the session is not saved."""
    start = time.time()
    with time_machine.travel(start, tick=False):
        client, cookie = signed_in(world, "trust_lead")
    before = Session.objects.get(session_key=cookie).session_data
    with time_machine.travel(start + 30, tick=False):
        client.get("/online-safety/")
    assert Session.objects.get(session_key=cookie).session_data == before
    with time_machine.travel(start + 61, tick=False):
        client.get("/online-safety/")
    assert Session.objects.get(session_key=cookie).session_data != before


def test_a_removed_authenticator_stops_vouching_for_its_sessions_within_a_minute(world):
    start = time.time()
    with time_machine.travel(start, tick=False):
        client, _ = signed_in(world)
    world.manager.user.totpdevice_set.all().delete()
    with time_machine.travel(start + 61, tick=False):
        response = client.get(f"/cases/{world.case.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/two-factor/set-up/")
