"""API tokens: a name and a lifetime chosen at creation, refused once expired or
revoked (by their owner or the administrator of a school they work in), listed
without their secrets, never made through a token; every step audited."""

import datetime

import time_machine
from django.db import transaction
from django.test import Client
from django.utils import timezone

from harbour.api import services
from harbour.api.models import ApiToken
from harbour.audit.models import AuditEvent
from tests import factories


def _made_on_the_page(world, persona="manager", lifetime="30"):
    client = world.client(persona)
    page = client.post("/account/api-tokens/", {"name": "Reporting script", "lifetime_days": lifetime})
    assert page.status_code == 200
    raw = page.context["raw"]
    return client, raw, ApiToken.objects.get(user=getattr(world, persona).user, name="Reporting script")


def test_the_owner_chooses_a_bounded_lifetime_and_it_ends_then(world):
    _, raw, token = _made_on_the_page(world, lifetime="30")
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    event = AuditEvent.objects.get(action="api_token.issued")
    assert event.actor == world.manager.user and event.detail == {"lifetime_days": 30}
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    with time_machine.travel(token.expires_at - datetime.timedelta(minutes=1), tick=False):
        assert api.get("/api/v1/cases").status_code == 200
    with time_machine.travel(token.expires_at + datetime.timedelta(seconds=1), tick=False):
        assert api.get("/api/v1/cases").status_code == 401
        # (the session of thirty days ago is long over: a new one)
        page = world.client("manager").get("/account/api-tokens/").content.decode()
        assert "Expired" in page


def test_a_lifetime_outside_the_choices_is_refused_beside_the_field(world):
    client = world.client("manager")
    page = client.post("/account/api-tokens/", {"name": "Forever", "lifetime_days": "36500"})
    assert page.status_code == 200
    assert "Choose 30 days, 90 days or 1 year." in page.content.decode()
    assert not ApiToken.objects.exists()
    # Left out, it is the default 90 days.
    client.post("/account/api-tokens/", {"name": "Default", "lifetime_days": "90"})
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == datetime.timedelta(days=90)


def test_the_tokens_page_shows_name_created_last_used_and_expiry_but_never_the_secret(world):
    client, raw, token = _made_on_the_page(world)
    Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/cases")
    page = client.get("/account/api-tokens/").content.decode()
    assert raw not in page
    for shown in ("Reporting script", token.hint, "Created", "Last used", "Expires"):
        assert shown in page
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.localtime(token.expires_at).strftime("%-d %b %Y") in page


def test_the_owner_revokes_on_the_page_and_through_the_api(world):
    client, raw, token = _made_on_the_page(world)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 302
    assert api.get("/api/v1/cases").status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == world.manager.user
    # Through the API, a token can revoke itself.
    with transaction.atomic():
        other, other_raw = services.issue_token(origin=factories.origin(world.manager), name="CI")
    own = Client(HTTP_AUTHORIZATION=f"Bearer {other_raw}")
    listed = own.get("/api/v1/account/tokens").json()
    assert {row["name"]: row["status"] for row in listed["items"]} == {
        "CI": "active",
        "Reporting script": "revoked",
    }
    assert all("hash" not in key for row in listed["items"] for key in row)
    assert own.post(f"/api/v1/account/tokens/{other.pk}/revocation").json()["status"] == "revoked"
    assert own.get("/api/v1/account/tokens").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 2
    assert all(e.detail == {"by_owner": True} for e in AuditEvent.objects.filter(action="api_token.revoked"))


def test_nobody_revokes_someone_elses_token_as_its_owner(world):
    _, raw, token = _made_on_the_page(world)
    assert world.client("head").post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    head_api = factories.api_client(world.head)
    assert head_api.post(f"/api/v1/account/tokens/{token.pk}/revocation").status_code == 404
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/cases").status_code == 200


def test_the_administrator_lists_and_revokes_their_schools_tokens(world):
    _, raw, token = _made_on_the_page(world)
    admin = world.client("admin")
    page = admin.get("/staff/api-tokens/").content.decode()
    assert "Morgan Manager" in page and "Reporting script" in page and raw not in page
    assert admin.post(f"/staff/api-tokens/{token.pk}/revoke/").status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/cases").status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == world.admin.user and event.detail == {"by_owner": False}
    token.refresh_from_db()
    assert token.revoked_by == world.admin.user


def test_the_administrator_reaches_only_their_own_schools(world):
    other_admin = factories.make_staff(world.other_school, "administrator", username="other_admin")
    _, raw, token = _made_on_the_page(world)
    client = Client()
    client.force_login(other_admin.user)
    assert "Reporting script" not in client.get("/staff/api-tokens/").content.decode()
    assert client.post(f"/staff/api-tokens/{token.pk}/revoke/").status_code == 404
    api = factories.api_client(other_admin)
    assert api.get("/api/v1/admin/tokens").json()["count"] == 1  # their own API client's token only
    assert api.post(f"/api/v1/admin/tokens/{token.pk}/revocation").status_code == 404
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/cases").status_code == 200
    # Through the API, the school's own administrator can.
    admin_api = factories.api_client(world.admin)
    rows = admin_api.get("/api/v1/admin/tokens").json()["items"]
    assert {row["owner"] for row in rows} >= {"Morgan Manager"}
    assert admin_api.post(f"/api/v1/admin/tokens/{token.pk}/revocation").json()["status"] == "revoked"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/cases").status_code == 401


def test_a_token_cannot_make_another(world):
    api = factories.api_client(world.manager)
    response = api.post(
        "/api/v1/account/tokens", {"name": "Sneaky", "lifetime_days": 365}, content_type="application/json"
    )
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]
    assert ApiToken.objects.filter(name="Sneaky").count() == 0


def test_tokens_made_before_expiry_existed_last_ninety_days_from_their_creation(world):
    """The upgrade's data migration: an old token gets the default lifetime from
    when it was made, so one older than ninety days stops working."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("harbour.api.migrations.0002_token_expiry")
    with transaction.atomic():
        old, old_raw = services.issue_token(origin=factories.origin(world.manager), name="Old")
        recent, recent_raw = services.issue_token(origin=factories.origin(world.manager), name="Recent")
    made = timezone.now() - datetime.timedelta(days=200)
    ApiToken.objects.filter(pk=old.pk).update(created_at=made)
    migration.expire_from_creation(apps, None)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.expires_at == made + datetime.timedelta(days=90)
    assert recent.expires_at == recent.created_at + datetime.timedelta(days=90)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {old_raw}").get("/api/v1/cases").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {recent_raw}").get("/api/v1/cases").status_code == 200
