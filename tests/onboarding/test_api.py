"""The staff import and adding a school over the API: the same rules and the same
preview and errors as the pages; 4xx on bad input, never 500."""

import json

import pytest

from harbour.audit.models import AuditEvent
from harbour.schools.models import Role, School, StaffMember
from tests import factories

CSV = (
    "Name,Email,Job title,Line manager email,Roles\n"
    "Nia Newton,nia@riverside.example,Deputy head,,Headteacher\n"
    "Omar Oduya,omar@riverside.example,Teacher,nia@riverside.example,\n"
)


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def api(world):
    return factories.api_client(world.admin)


def test_a_dry_run_then_the_import_then_again_changes_nothing(world, api):
    path = f"/api/v1/schools/{world.school.pk}/staff-import"
    preview = post(api, path, {"csv": CSV})
    assert preview.status_code == 200, preview.content
    answer = preview.json()
    assert answer["applied"] is False and answer["counts"]["add"] == 2 and answer["row_errors"] == []
    assert not StaffMember.objects.filter(email="nia@riverside.example").exists()
    applied = post(api, path, {"csv": CSV, "dry_run": False, "staff_version": answer["staff_version"]})
    assert applied.status_code == 200 and applied.json()["applied"] is True
    omar = StaffMember.objects.get(email="omar@riverside.example")
    assert omar.line_manager.email == "nia@riverside.example"
    assert AuditEvent.objects.filter(action="staff.imported", via="api").count() == 1
    again = post(api, path, {"csv": CSV, "dry_run": False})
    assert again.json()["detail"] == "Nothing to change: the directory already matches."
    assert AuditEvent.objects.filter(action="staff.imported").count() == 1


def test_typed_rows_and_their_errors_by_row(world, api):
    path = f"/api/v1/schools/{world.school.pk}/staff-import"
    rows = [
        {"name": "Nia Newton", "email": "nia@riverside.example", "roles": ["headteacher"]},
        {"name": "Omar Oduya", "email": "omar@riverside", "roles": []},
        {"name": "Pia Park", "email": "pia@riverside.example", "roles": ["administrator"]},
        {"name": "Quin Quay", "email": "quin@riverside.example"},
    ]
    response = post(api, path, {"rows": rows, "dry_run": False})
    assert response.status_code == 400
    errors = [(e["line"], e["column"]) for e in response.json()["row_errors"]]
    assert errors == [(3, "email"), (4, "roles"), (5, "roles")]
    assert not StaffMember.objects.filter(full_name="Nia Newton").exists()
    assert not AuditEvent.objects.filter(action="staff.imported").exists()


def test_a_stale_dry_run_is_refused(world, api):
    path = f"/api/v1/schools/{world.school.pk}/staff-import"
    version = post(api, path, {"csv": CSV}).json()["staff_version"]
    StaffMember.objects.filter(pk=world.colleague.pk).update(job_title="Caretaker")
    response = post(api, path, {"csv": CSV, "dry_run": False, "staff_version": version})
    assert response.status_code == 409
    assert not StaffMember.objects.filter(email="nia@riverside.example").exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"csv": CSV, "rows": [{"name": "A", "email": "a@b.example"}]},
        {"csv": CSV, "extra": 1},
        {"csv": CSV, "dry_run": "maybe"},
        {"rows": [{"name": "A", "email": "a@b.example", "age": 3}]},
        {"rows": [{"name": "A", "email": "a@b.example", "roles": ["wizard"]}]},
        {"rows": []},
        {"csv": "x" * 1024 * 1024 + "x"},
        {"csv": "Name,Email\nA\x00,a@b.example\n"},
    ],
)
def test_bad_shapes_are_422(world, api, body):
    response = post(api, f"/api/v1/schools/{world.school.pk}/staff-import", body)
    assert response.status_code == 422, response.content


def test_a_file_problem_is_400_with_the_reason(world, api):
    response = post(api, f"/api/v1/schools/{world.school.pk}/staff-import", {"csv": "Name,Phone\nA,1\n"})
    assert response.status_code == 400
    assert response.json()["row_errors"][0]["line"] == 1


def test_only_the_schools_administrator(world):
    for persona in ("head", "manager", "other_head"):
        response = post(
            factories.api_client(getattr(world, persona)),
            f"/api/v1/schools/{world.school.pk}/staff-import",
            {"csv": CSV},
        )
        assert response.status_code == 404
    assert (
        post(
            factories.api_client(world.admin), "/api/v1/schools/999999/staff-import", {"csv": CSV}
        ).status_code
        == 404
    )


def test_adding_a_school_over_the_api(world, api):
    body = {"trust_id": world.school.trust_id, "name": "Lakeside Academy", "conduct_gap_days": 60}
    response = post(api, "/api/v1/schools", body)
    assert response.status_code == 201, response.content
    school = School.objects.get(name="Lakeside Academy")
    assert school.trust_id == world.school.trust_id and school.conduct_gap_days == 60
    record = StaffMember.objects.get(school=school, user=world.admin.user)
    assert set(record.roles.values_list("role", flat=True)) == {Role.EMPLOYEE, Role.ADMINISTRATOR}
    assert post(api, "/api/v1/schools", body).status_code == 422  # the name is taken in the trust
    assert post(api, "/api/v1/schools", {**body, "name": "X", "conduct_gap_days": 0}).status_code == 422
    other_trust = factories.make_trust()
    assert post(api, "/api/v1/schools", {**body, "name": "Y", "trust_id": other_trust.pk}).status_code == 404
    assert post(factories.api_client(world.head), "/api/v1/schools", {**body, "name": "Z"}).status_code == 404
