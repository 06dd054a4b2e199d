"""The staff import pages and service against the database: preview before
anything is saved, nothing saved on any error, idempotent, leavers marked and
never deleted, a confirm refused when the directory changed since the preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harbour.audit.models import AuditEvent
from harbour.audit.services import Origin
from harbour.onboarding.models import StaffImport
from harbour.schools import services as school_services
from harbour.schools.models import Role, StaffMember

HEADER = "Name,Email,Job title,Line manager email,Roles\n"
GOOD = (
    HEADER
    + "Nia Newton,nia@riverside.example,Deputy head,,Line manager;Headteacher\n"
    + "Omar Oduya,omar@riverside.example,Teacher,nia@riverside.example,\n"
    + "Erin Employee,erin@riverside.example,Teacher,nia@riverside.example,\n"
)
BAD = (
    HEADER
    + "Nia Newton,nia@riverside.example,Deputy head,,Line manager;Headteacher\n"
    + "Omar Oduya,omar@riverside,Teacher,nia@riverside.example,\n"
    + "Erin Employee,erin@riverside.example,Teacher,nobody@riverside.example,Wizard\n"
)


def upload(client, school, text: str, name="staff.csv"):
    file = SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, content_type="text/csv")
    return client.post(f"/staff/{school.pk}/import/", {"file": file})


def snapshot(school):
    return sorted(
        (
            s.pk,
            s.full_name,
            s.email,
            s.job_title,
            s.is_active,
            s.line_manager_id,
            tuple(sorted(s.roles.values_list("role", flat=True))),
        )
        for s in StaffMember.objects.filter(school=school)
    )


@pytest.fixture
def admin(world):
    world.employee.email = "ERIN@riverside.example"
    world.employee.save()
    return world.client("admin")


def test_bad_rows_are_listed_with_their_lines_and_nothing_is_saved(world, admin):
    before = snapshot(world.school)
    response = upload(admin, world.school, BAD)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Line 3: &#x27;omar@riverside&#x27; is not an e-mail address." in body
    assert "Line 4: &#x27;Wizard&#x27; is not a Harbour role" in body
    assert "Line 4: The line manager nobody@riverside.example is not in the file" in body
    assert 'id="line-3"' in body and body.count('id="line-4"') == 1
    assert snapshot(world.school) == before
    assert not StaffImport.objects.exists()
    assert not AuditEvent.objects.filter(action="staff.imported").exists()


def test_preview_then_import_then_the_same_file_changes_nothing(world, admin):
    before = snapshot(world.school)
    response = upload(admin, world.school, GOOD)
    assert response.status_code == 302
    staff_import = StaffImport.objects.get()
    assert snapshot(world.school) == before  # a preview saves no staff
    page = admin.get(response["Location"]).content.decode()
    assert "Nia Newton" in page and "Marked as a leaver" in page and "Import staff" in page
    assert "Morgan Manager" in page  # not in the file: a leaver, shown first
    response = admin.post(f"/staff/import/{staff_import.pk}/")
    assert response.status_code == 302
    nia = StaffMember.objects.get(school=world.school, email="nia@riverside.example")
    assert set(nia.roles.values_list("role", flat=True)) == {
        Role.EMPLOYEE,
        Role.LINE_MANAGER,
        Role.HEADTEACHER,
    }
    assert nia.user is None  # an import adds no sign-ins, as adding one by hand
    omar = StaffMember.objects.get(email="omar@riverside.example")
    assert omar.line_manager == nia
    world.employee.refresh_from_db()
    assert world.employee.email == "erin@riverside.example" and world.employee.line_manager == nia
    world.manager.refresh_from_db()
    assert world.manager.is_active is False  # a leaver: kept, never deleted
    world.admin.refresh_from_db()
    assert world.admin.is_active  # the administrator importing stays
    event = AuditEvent.objects.get(action="staff.imported")
    assert event.detail["counts"]["add"] == 2 and event.detail["added"] == sorted([nia.pk, omar.pk])
    assert "Nia" not in str(event.detail)  # ids and counts, never names
    staff_import.refresh_from_db()
    assert staff_import.applied_at and staff_import.rows == []
    # The same file again: nothing to change, and the page says so.
    after = snapshot(world.school)
    response = upload(admin, world.school, GOOD)
    assert response.status_code == 200
    assert "already matches this file" in response.content.decode()
    assert snapshot(world.school) == after
    assert AuditEvent.objects.filter(action="staff.imported").count() == 1
    # A used preview can't be confirmed again.
    response = admin.post(f"/staff/import/{staff_import.pk}/")
    assert "has been used or has expired" in response.content.decode()
    assert snapshot(world.school) == after


def test_a_confirm_is_refused_if_the_directory_changed_since_the_preview(world, admin):
    upload(admin, world.school, GOOD)
    staff_import = StaffImport.objects.get()
    from django.db import transaction

    with transaction.atomic():
        school_services.save_staff(
            origin=Origin(user=world.admin.user),
            school=world.school,
            staff=world.colleague,
            values={"full_name": "Col League", "job_title": "Caretaker", "email": "", "is_active": True},
        )
    before = snapshot(world.school)
    page = admin.get(f"/staff/import/{staff_import.pk}/").content.decode()
    assert "has changed since this file was uploaded" in page and "Import staff</button>" not in page
    response = admin.post(f"/staff/import/{staff_import.pk}/")
    assert "has changed since this preview" in response.content.decode()
    assert snapshot(world.school) == before


def test_another_schools_administrator_cannot_see_or_confirm_a_preview(world, admin):
    from tests import factories

    upload(admin, world.school, GOOD)
    staff_import = StaffImport.objects.get()
    other_admin = factories.make_staff(world.other_school, Role.ADMINISTRATOR, username="other_admin")
    other = world.client("admin")
    other.force_login(other_admin.user)
    assert other.get(f"/staff/import/{staff_import.pk}/").status_code == 404
    assert other.post(f"/staff/import/{staff_import.pk}/").status_code == 404
    assert upload(other, world.school, GOOD).status_code == 404
    assert StaffImport.objects.get().applied_at is None


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (b"Name,Phone\nA,1\n", "no Email column"),
        ("Name,Email\nJosé,j@x.example\n".encode("latin-1"), "not UTF-8"),
        (b"PK\x03\x04\x00\x00", "not a CSV file"),
    ],
)
def test_a_file_harbour_cannot_read_is_refused_beside_the_field(world, admin, content, message):
    response = upload(admin, world.school, content)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "govuk-error-summary" in body and 'id="id_file-error"' in body


def test_the_template_downloads(world, admin):
    response = admin.get("/staff/import/template.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("Name,Email,Job title,Line manager email,Roles")


def _big_file(count: int) -> str:
    lines = [HEADER, "Boss Person,boss@riverside.example,Head,,Headteacher\n"]
    lines += [f"Person {i},p{i}@riverside.example,Teacher,boss@riverside.example,\n" for i in range(count)]
    return "".join(lines)


def _queries(client, school, text) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, school, text)
    assert response.status_code == 302
    return len(queries)


def test_the_preview_costs_the_same_queries_for_ten_rows_as_for_a_thousand(world, admin):
    small = _queries(admin, world.school, _big_file(10))
    # A directory that already holds the thousand, so most rows are matched too.
    StaffMember.objects.bulk_create(
        [
            StaffMember(school=world.school, full_name=f"Person {i}", email=f"p{i}@riverside.example")
            for i in range(500)
        ]
    )
    large = _queries(admin, world.school, _big_file(1000))
    assert large == small
    import_id = StaffImport.objects.get().pk
    with CaptureQueriesContext(connection) as queries:
        assert admin.get(f"/staff/import/{import_id}/").status_code == 200
    assert len(queries) <= 15


def test_the_demo_schools_sample_file_previews_cleanly(db):
    import inspect
    from pathlib import Path

    from harbour import demo
    from harbour.onboarding import rows, services
    from harbour.schools.models import School

    # Riverside alone: the trust's other schools (where demo.load offers to leave them out) aren't needed.
    demo.load(**({"schools": False} if "schools" in inspect.signature(demo.load).parameters else {}))
    school = School.objects.get(name=demo.SCHOOL_NAME)
    chris = StaffMember.objects.get(school=school, user__username="chris")
    sample = Path(__file__).resolve().parents[2] / "docs" / "staff-import-riverside-sample.csv"
    staff_list = rows.parse_csv(sample.read_bytes())
    plan, _ = services.preview(school=school, user=chris.user, staff_list=staff_list)
    assert staff_list.errors == () and plan.errors == ()
    by_name = {entry.name: entry.action for entry in plan.entries}
    assert [name for name, action in by_name.items() if action == "add"] == ["Priya Shah", "Leo Grant"]
    assert by_name["Owen Hughes"] == "leaver" and by_name["Tom Bennett"] == "update"
    assert by_name["Chris Morgan"] == by_name["Mark Ellis"] == "kept"
