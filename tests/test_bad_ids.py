"""Ids too large for the database, or not numbers at all, are "not found" (or a
JSON 4xx), never a 500 — on SQLite and PostgreSQL alike."""

import pytest
from django.db import transaction
from django.test import Client

from harbour.api import services as api_services
from harbour.audit.services import Origin

HUGE = str(2**70)


@pytest.mark.parametrize(
    "path",
    [
        f"/cases/{HUGE}/",
        f"/cases/{HUGE}/incidents/new/",
        "/cases/{case}/incidents/" + HUGE + "/",
        f"/people/{HUGE}/",
        f"/staff/member/{HUGE}/",
        f"/school-settings/{HUGE}/",
        f"/staff/{HUGE}/new/",
    ],
)
def test_huge_ids_in_pages_are_not_found(world, path):
    response = world.client("head").get(path.format(case=world.case.pk))
    assert response.status_code == 404


def test_huge_ids_in_posts_and_filters(world):
    head = world.client("head")
    assert head.post(f"/cases/{world.case.pk}/circle/{HUGE}/remove/").status_code == 404
    assert head.post(f"/account/api-tokens/{HUGE}/revoke/").status_code == 404
    assert head.get(f"/cases/?school={HUGE}").status_code == 200
    response = head.post(f"/cases/{world.case.pk}/circle/", {"staff": HUGE, "role": "member"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def _api(world):
    with transaction.atomic():
        _, raw = api_services.issue_token(origin=Origin(user=world.head.user), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", f"/api/v1/cases/{HUGE}", None),
        ("get", "/api/v1/cases/{case}/incidents/" + HUGE, None),
        ("get", f"/api/v1/people/{HUGE}", None),
        ("get", f"/api/v1/cases?school_id={HUGE}", None),
        ("post", "/api/v1/cases/{case}/people?person_id=" + HUGE, {}),
        ("post", "/api/v1/cases", {"employee_ids": [int(HUGE)], "owner_id": 1}),
        ("post", "/api/v1/people", {"relationship": "unknown", "name": "x" * 500}),
        (
            "post",
            "/api/v1/cases/{case}/incidents",
            {
                "occurred_on": "2026-01-01",
                "location": "online",
                "channel": "email",
                "behaviours": ["threats"],
                "account": "x",
                "person_id": int(HUGE),
            },
        ),
        ("get", "/api/v1/cases/not-a-number", None),
        ("post", "/api/v1/diary/share", {"entry_ids": [int(HUGE)]}),
        ("post", "/api/v1/diary/share", {"entry_ids": [1], "case_id": int(HUGE)}),
        (
            "post",
            "/api/v1/cases/{case}/incidents/1/amendments",
            {"reason": "x", "changes": {"person": int(HUGE)}},
        ),
        ("put", "/api/v1/cases/{case}/evidence/withholding", {"evidence_id": int(HUGE), "withheld": True}),
        ("post", "/api/v1/cases/{case}/restrictions", {"person_id": int(HUGE)}),
    ],
)
def test_huge_ids_in_the_api_are_4xx(world, method, path, body):
    client = _api(world)
    path = path.format(case=world.case.pk)
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")
