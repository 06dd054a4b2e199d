import pytest
from django.db import transaction
from django.test import Client

from harbour.api import services as api_services
from harbour.api.models import ApiToken
from harbour.audit.models import AuditEvent
from harbour.audit.services import Origin
from harbour.cases.models import Incident


def _client_for(staff):
    with transaction.atomic():
        _, raw = api_services.issue_token(origin=Origin(user=staff.user), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), raw


def test_tokens_are_stored_hashed(world):
    _, raw = _client_for(world.manager)
    token = ApiToken.objects.get(user=world.manager.user)
    assert raw not in (token.token_hash, token.hint) and len(token.token_hash) == 64


def test_revoked_and_wrong_tokens_are_refused(world):
    client, raw = _client_for(world.manager)
    assert client.get("/api/v1/cases").status_code == 200
    with transaction.atomic():
        api_services.revoke_token(origin=Origin(user=world.manager.user), token=ApiToken.objects.get())
    assert client.get("/api/v1/cases").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer hbr_nonsense").get("/api/v1/cases").status_code == 401


def test_record_list_read_and_amend_an_incident(world):
    client, _ = _client_for(world.manager)
    response = client.post(
        f"/api/v1/cases/{world.case.pk}/incidents",
        {
            "occurred_on": "2026-11-01",
            "occurred_time": "10:15",
            "location": "online",
            "channel": "email",
            "behaviours": ["unwanted_messages"],
            "account": "Five e-mails overnight.",
            "impacts": ["distress"],
            "person_id": world.person.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["current"]["account"] == "Five e-mails overnight."
    assert created["current"]["occurred_time"] == "10:15"
    listed = client.get(f"/api/v1/cases/{world.case.pk}/incidents").json()
    assert {item["id"] for item in listed["items"]} == {world.incident.pk, created["id"]}
    assert listed["count"] == 2
    amended = client.post(
        f"/api/v1/cases/{world.case.pk}/incidents/{created['id']}/amendments",
        {"reason": "It was four.", "changes": {"account": "Four e-mails overnight."}},
        content_type="application/json",
    ).json()
    assert amended["current"]["account"] == "Four e-mails overnight."
    assert amended["original"]["account"] == "Five e-mails overnight."
    assert amended["amendments"][0]["changes"]["account"]["from"] == "Five e-mails overnight."
    conduct = client.get(f"/api/v1/cases/{world.case.pk}/conduct").json()
    assert conduct["met"] is True and sorted(conduct["courses"][0]["incident_ids"]) == sorted(
        [world.incident.pk, created["id"]]
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {
            "occurred_on": "not a date",
            "location": "online",
            "channel": "email",
            "behaviours": ["threats"],
            "account": "x",
        },
        {
            "occurred_on": "2026-11-01",
            "location": "mars",
            "channel": "email",
            "behaviours": ["threats"],
            "account": "x",
        },
        {
            "occurred_on": "2026-11-01",
            "location": "online",
            "channel": "email",
            "behaviours": [],
            "account": "x",
        },
        {
            "occurred_on": "2026-11-01",
            "location": "online",
            "channel": "email",
            "behaviours": "threats",
            "account": "x",
        },
    ],
)
def test_bad_input_is_a_json_422_and_saves_nothing(world, body):
    client, _ = _client_for(world.manager)
    response = client.post(f"/api/v1/cases/{world.case.pk}/incidents", body, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json") and response.json()["errors"]
    assert Incident.objects.count() == 1


def test_malformed_json_is_a_4xx_not_a_500(world):
    client, _ = _client_for(world.manager)
    response = client.post(
        f"/api/v1/cases/{world.case.pk}/incidents", "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500


def test_amending_a_field_that_cannot_change_is_refused(world):
    client, _ = _client_for(world.manager)
    response = client.post(
        f"/api/v1/cases/{world.case.pk}/incidents/{world.incident.pk}/amendments",
        {"reason": "x", "changes": {"recorded_at": "2020-01-01T00:00:00Z"}},
        content_type="application/json",
    )
    assert response.status_code == 422 and "changes.recorded_at" in response.json()["errors"]


def test_api_reads_are_audited_as_api(world):
    client, _ = _client_for(world.head)
    client.get(f"/api/v1/cases/{world.case.pk}")
    event = AuditEvent.objects.filter(action="case.viewed").latest("at")
    assert event.via == "api" and event.actor == world.head.user


def test_outsider_gets_the_same_404_as_for_a_missing_case(world):
    client, _ = _client_for(world.colleague)
    hidden = client.get(f"/api/v1/cases/{world.case.pk}")
    missing = client.get("/api/v1/cases/999999")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert client.get("/api/v1/cases?status=any").json() == {"items": [], "count": 0}


def test_openapi_document_lists_the_endpoints(world):
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    for path in (
        "/api/v1/cases",
        "/api/v1/cases/{case_id}/incidents",
        "/api/v1/behaviours",
        "/api/v1/cases/{case_id}/conduct",
        "/api/v1/people",
    ):
        assert path in paths


def test_taxonomy_has_groups_and_severities(world):
    client, _ = _client_for(world.employee)
    behaviours = client.get("/api/v1/behaviours").json()
    groups = {b["group"] for b in behaviours}
    assert groups == {"stalking", "cyberstalking", "sexual_harassment", "threats_violence"}
    touching = next(b for b in behaviours if b["code"] == "touching")
    assert touching["min_risk"] == "medium" and touching["severity"] == 3
