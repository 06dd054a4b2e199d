"""Malformed API input is a JSON 422 naming the field, and nothing is saved: never a
500, never stored as something else (the examples of issue 11 first)."""

import pytest
from django.test import Client

from harbour.cases.models import IncidentAmendment
from harbour.diary.models import DiaryEntry
from tests.api.test_api import _client_for

HUGE = 2**70


def _amend(world, changes, reason="Corrected"):
    client, _ = _client_for(world.manager)
    return client.post(
        f"/api/v1/cases/{world.case.pk}/incidents/{world.incident.pk}/amendments",
        {"reason": reason, "changes": changes},
        content_type="application/json",
    )


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"impacts": 5}, "changes.impacts"),
        ({"account": 5}, "changes.account"),
        ({"witnesses": ["x"]}, "changes.witnesses"),
        ({"behaviours": [["a"]]}, "changes.behaviours.0"),
        ({"behaviours": ["not_a_behaviour"]}, "changes.behaviours.0"),
        ({"reported_to_police": "maybe"}, "changes.reported_to_police"),
        ({"reported_to_police": 1}, "changes.reported_to_police"),
        ({"occurred_on": None}, "changes.occurred_on"),
        ({"occurred_on": "9999-01-01"}, "changes.occurred_on"),
        ({"employee": HUGE}, "changes.employee"),
        ({"account": "x" * 10_001}, "changes.account"),
        ({"account": "nul\x00byte"}, "changes.account"),
        ({"location": "mars"}, "changes.location"),
        ({"recorded_by": 1}, "changes.recorded_by"),
    ],
)
def test_a_bad_correction_is_a_422_naming_the_field_and_records_nothing(world, changes, field):
    response = _amend(world, changes)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    assert field in response.json()["errors"], response.json()
    assert not IncidentAmendment.objects.exists()


def test_a_yes_is_only_true(world):
    response = _amend(world, {"reported_to_police": True, "crime_reference": "CR/1"})
    assert response.status_code == 201, response.content
    assert response.json()["current"]["reported_to_police"] is True
    assert IncidentAmendment.objects.get().changes["reported_to_police"] == {"from": False, "to": True}


def test_a_correction_changes_only_the_fields_sent(world):
    before = (
        _client_for(world.manager)[0]
        .get(f"/api/v1/cases/{world.case.pk}/incidents/{world.incident.pk}")
        .json()["current"]
    )
    response = _amend(world, {"behaviours": ["threats"], "person": None})
    assert response.status_code == 201, response.content
    current = response.json()["current"]
    assert current["behaviours"] == ["threats"] and current["person"] is None
    assert {k: v for k, v in current.items() if k not in ("behaviours", "person")} == {
        k: v for k, v in before.items() if k not in ("behaviours", "person")
    }


def test_an_empty_reason_or_no_change_is_refused(world):
    assert "reason" in _amend(world, {"account": "New words."}, reason="  ").json()["errors"]
    assert _amend(world, {}).status_code == 422
    assert not IncidentAmendment.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"entry_ids": [HUGE]}, "entry_ids.0"),
        ({"entry_ids": [1], "case_id": HUGE}, "case_id"),
        ({"entry_ids": [1], "manager_id": HUGE}, "manager_id"),
        ({"entry_ids": []}, "entry_ids"),
        ({"entry_ids": [1], "everyone": True}, "everyone"),
    ],
)
def test_sharing_diary_entries_with_impossible_ids_is_a_422(world, body, field):
    client, _ = _client_for(world.employee)
    response = client.post("/api/v1/diary/share", body, content_type="application/json")
    assert response.status_code == 422 and field in response.json()["errors"], response.content


def test_unknown_keys_are_refused_not_dropped(world):
    client, _ = _client_for(world.employee)
    response = client.post(
        "/api/v1/diary",
        {
            "occurred_on": "2026-11-01",
            "location": "online",
            "behaviours": ["unwanted_messages"],
            "account": "A message.",
            "shared": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "shared" in response.json()["errors"]
    assert not DiaryEntry.objects.exists()


def test_the_document_lists_the_codes_and_limits(world):
    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    changes = schemas["IncidentChangesIn"]
    assert changes["additionalProperties"] is False
    assert changes["properties"]["reported_to_police"] == {"title": "Reported To Police", "type": "boolean"}
    assert "threats" in changes["properties"]["behaviours"]["items"]["enum"]
    assert changes["properties"]["crime_reference"]["maxLength"] == 100
    amend = document["paths"]["/api/v1/cases/{case_id}/incidents/{incident_id}/amendments"]["post"]
    assert {"201", "401", "403", "404", "422"} <= set(amend["responses"])


def test_a_time_with_an_offset_is_refused_not_a_database_error(world):
    # The database keeps no offset with a time of day: "10:15+05:00" would fail on save.
    client, _ = _client_for(world.manager)
    response = client.post(
        f"/api/v1/cases/{world.case.pk}/incidents",
        {
            "occurred_on": "2026-11-01",
            "occurred_time": "10:15:00+05:00",
            "location": "online",
            "channel": "email",
            "behaviours": ["unwanted_messages"],
            "account": "An e-mail.",
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "occurred_time" in response.json()["errors"]
    assert _amend(world, {"occurred_time": "10:15Z"}).status_code == 422
    assert _amend(world, {"occurred_time": "10:15"}).status_code == 201
