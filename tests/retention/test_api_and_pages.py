"""The retention API and pages: typed input refused with a 422 naming the field,
holds placed once and lifted once, and an erased case gone from every page."""

import pytest

from harbour.audit.models import AuditEvent
from harbour.retention import sweep
from harbour.retention.models import LegalHold, RetentionPeriod
from tests import factories
from tests.retention.helpers import close, years_ago


@pytest.fixture
def admin_api(world):
    return factories.api_client(world.admin)


def test_the_schedule_reads_defaults_and_saves_a_schools_own(world, admin_api):
    url = f"/api/v1/retention/schools/{world.school.pk}/schedule"
    rows = {row["kind"]: row for row in admin_api.get(url).json()}
    assert rows["closed_case"]["months"] == rows["closed_case"]["default_months"] == 72
    response = admin_api.put(url, {"closed_case": 96, "check_in": 12}, content_type="application/json")
    assert response.status_code == 200
    assert {r["kind"]: r["months"] for r in response.json()}["closed_case"] == 96
    assert RetentionPeriod.objects.get(school=world.school, kind="check_in").months == 12
    event = AuditEvent.objects.get(action="retention.schedule_changed")
    assert event.detail["changes"]["closed_case"] == {"from": 72, "to": 96}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"closed_case": 0}, "closed_case"),
        ({"closed_case": 1201}, "closed_case"),
        ({"closed_case": "six years"}, "closed_case"),
        ({"audit_events": 12}, "audit_events"),
    ],
)
def test_bad_periods_are_a_422_naming_the_field(world, admin_api, body, field):
    response = admin_api.put(
        f"/api/v1/retention/schools/{world.school.pk}/schedule", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not RetentionPeriod.objects.exists()


def test_a_hold_is_placed_once_and_lifted_once(world, admin_api):
    url = f"/api/v1/retention/holds/{world.case.pk}"
    placed = admin_api.post(url, {"reason": "Tribunal claim"}, content_type="application/json")
    assert placed.status_code == 201 and placed.json()["held"] is True
    again = admin_api.post(url, {"reason": "Tribunal claim"}, content_type="application/json")
    assert again.status_code == 422
    assert LegalHold.objects.filter(case=world.case).count() == 1
    lifted = admin_api.post(f"{url}/lift", {"reason": "Settled"}, content_type="application/json")
    assert lifted.status_code == 200 and lifted.json()["held"] is False
    assert (
        admin_api.post(f"{url}/lift", {"reason": "Settled"}, content_type="application/json").status_code
        == 422
    )
    assert [h["lift_reason"] for h in admin_api.get(url).json()["history"]] == ["Settled"]


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "x" * 501}, {"reason": "ok", "by": "me"}])
def test_a_hold_needs_a_reason_and_nothing_else(world, admin_api, body):
    response = admin_api.post(
        f"/api/v1/retention/holds/{world.case.pk}", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert not LegalHold.objects.exists()


def test_the_hold_page_answers_a_missing_reason_beside_the_field(world):
    client = world.client("admin")
    response = client.post(f"/legal-holds/{world.case.pk}/", {"reason": ""})
    assert response.status_code == 200
    assert "Say why the case is being held." in response.content.decode()
    assert not LegalHold.objects.exists()


def test_the_schedule_page_answers_a_bad_number_beside_the_field(world):
    client = world.client("admin")
    data = {
        kind: 24 for kind in ("private_diary", "check_in", "online_check", "contact_attempt", "api_token")
    }
    response = client.post(f"/school-settings/{world.school.pk}/retention/", {**data, "closed_case": "0"})
    assert "Enter at least 1 month." in response.content.decode()
    assert not RetentionPeriod.objects.exists()


def test_an_erased_case_is_gone_from_every_page(world, django_capture_on_commit_callbacks):
    close(world.case, world.manager, years_ago(7))
    assert world.case.reference in world.client("manager").get("/cases/?status=closed").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sweep.apply()
    for persona in ("manager", "head", "employee"):
        client = world.client(persona)
        assert client.get(f"/cases/{world.case.pk}/").status_code == 404
        assert world.case.reference not in client.get("/cases/?status=closed").content.decode()
        assert world.case.reference not in client.get("/your-support/").content.decode()
    assert world.client("admin").get(f"/legal-holds/{world.case.pk}/").status_code == 404


def test_the_holds_list_costs_the_same_for_few_cases_as_for_many(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("admin")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/legal-holds/").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(12):
        employee = factories.make_staff(world.school)
        case = factories.make_case(world.manager, employee)
        close(case, world.manager, years_ago(1))
    assert queries() == few
