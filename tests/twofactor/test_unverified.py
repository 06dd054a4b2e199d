"""Signed in with the password only: whoever can reach case content sees no page
but the second-factor step, on every page of the access matrix; the others get
what the matrix gives them."""

from django.test import Client

from harbour import access
from harbour.cases.models import CaseMember
from tests import twofactor
from tests.test_access_matrix import ROWS, matrix_world  # noqa: F401  (the matrix's world)

# Who must pass a second factor in the world (tests/conftest.py), and why.
REQUIRED = {
    "employee": "the employee the case is about, in its circle",
    "manager": "line manager",
    "head": "headteacher",
    "member": "in the case's circle",
    "champion": "Workplace Champion",
    "admin": "grants the roles that read cases",
    "other_manager": "line manager",
    "other_head": "headteacher",
}
OPTIONAL = {"front_office", "trust_lead", "colleague"}
# Open before the second factor: the steps themselves, signing out, the health check.
OPEN = {"logout", "healthz", "two-factor-code", "two-factor-set-up"}
PAGES = sorted(name for name in ROWS if not name.startswith("api:") and name not in OPEN)


def password_only(user) -> Client:
    client = Client()
    client.force_login_password_only(user)
    return client


def _request(client, w, name):
    method, path_for, _, body = ROWS[name]
    payload = body(w, "manager") if callable(body) else body
    path = path_for(w)
    return path, client.get(path) if method == "get" else client.post(path, data=payload or {})


def test_who_needs_a_second_factor(world):
    for persona in (*REQUIRED, *OPTIONAL):
        user = getattr(world, persona).user
        assert access.needs_second_factor(user) is (persona in REQUIRED), persona


def test_an_employee_needs_it_from_the_moment_they_join_a_case(world):
    from harbour.cases import services

    assert not access.needs_second_factor(world.colleague.user)
    client = password_only(world.colleague.user)
    assert client.get("/diary/").status_code == 200
    services.add_to_circle(origin=factories_origin(world.manager), case=world.case, staff=world.colleague)
    response = client.get("/diary/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/set-up/")


def factories_origin(staff):
    from tests.factories import origin

    return origin(staff)


def test_every_page_sends_an_unverified_case_role_to_the_second_factor(matrix_world):  # noqa: F811
    w = matrix_world
    members_before = CaseMember.objects.filter(case=w.case).count()
    clients = {persona: password_only(getattr(w, persona).user) for persona in REQUIRED}
    for name in PAGES:
        for persona, client in clients.items():
            # Without an authenticator yet: to set one up.
            path, response = _request(client, w, name)
            assert response.status_code == 302, f"{persona} {path}: {response.status_code}"
            assert response["Location"].startswith("/account/two-factor/set-up/"), (persona, path)
            assert w.case.reference.encode() not in response.content
            assert b"Pat Concern" not in response.content
    # Nothing the forms would have done was done.
    assert CaseMember.objects.filter(case=w.case).count() == members_before
    for persona in ("manager", "employee"):
        # With an authenticator: to enter its code, and back to the page afterwards.
        twofactor.authenticator_for(getattr(w, persona).user)
        client = password_only(getattr(w, persona).user)
        for name in PAGES:
            path, response = _request(client, w, name)
            assert response.status_code == 302
            assert response["Location"].startswith("/sign-in/code/"), (persona, path)
            if ROWS[name][0] == "get":
                assert "next=" in response["Location"]


def test_who_needs_none_gets_what_the_matrix_gives_them(matrix_world):  # noqa: F811
    """Every page they may open (GET rows; one world for all, so nothing is changed)."""
    w = matrix_world
    clients = {persona: password_only(getattr(w, persona).user) for persona in OPTIONAL}
    for name in PAGES:
        method, _, statuses, _ = ROWS[name]
        if method != "get":
            continue
        for persona, client in clients.items():
            path, response = _request(client, w, name)
            assert response.status_code == statuses[persona], f"{persona} {path}: {response.status_code}"
            if response.status_code == 302:
                location = response["Location"]
                assert "/two-factor/set-up/" not in location and "/sign-in/code/" not in location


def test_an_optional_user_with_an_authenticator_is_asked_for_its_code(world):
    user = world.trust_lead.user
    twofactor.authenticator_for(user)
    response = password_only(user).get("/trust/patterns/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/code/")


def test_an_unverified_user_with_an_authenticator_cannot_set_up_another(world):
    """A stolen password must not be enough to enrol the thief's own phone."""
    user = world.manager.user
    device = twofactor.authenticator_for(user)
    client = password_only(user)
    response = client.get("/account/two-factor/set-up/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/code/")
    response = client.post("/account/two-factor/set-up/", {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/code/")
    assert list(user.totpdevice_set.values_list("pk", flat=True)) == [device.pk]


def test_creating_an_api_token_needs_a_verified_session(world):
    """Optional users pass pages without a second factor, but a token outlives
    the session: making one needs the second factor too."""
    user = world.trust_lead.user
    client = password_only(user)
    page = client.get("/account/api-tokens/")
    assert page.status_code == 200
    assert b"Set up two-factor authentication" in page.content
    assert b'name="name"' not in page.content
    response = client.post("/account/api-tokens/", {"name": "Reporting", "lifetime_days": "90"})
    assert response.status_code == 403
    assert not user.api_tokens.exists()
    verified = Client()
    verified.force_login(user)
    verified.post("/account/api-tokens/", {"name": "Reporting", "lifetime_days": "90"})
    assert user.api_tokens.count() == 1
