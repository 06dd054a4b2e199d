"""The staff import under pressure: a hand edit and a confirm take the school's row
lock in turn (so the confirm's directory check, read under that lock, cannot miss
the edit), previews left unconfirmed are swept after a day, and a request body
over Django's limit gets a JSON 413 from the API, not the HTML 400 page."""

import datetime
import json
import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.audit.services import Origin
from harbour.onboarding import services
from harbour.onboarding.models import StaffImport
from harbour.onboarding.rows import parse_csv
from harbour.retention import sweep
from harbour.schools import services as school_services
from harbour.schools.models import Role, School, StaffMember
from tests import factories

CSV = (
    "Name,Email,Job title,Line manager email,Roles\n"
    "Nia Newton,nia@riverside.example,Deputy head,,Headteacher\n"
    "Omar Oduya,omar@riverside.example,Teacher,nia@riverside.example,\n"
)


def _preview(school, admin, *, hours_ago=0):
    staff_list = parse_csv(CSV.encode())
    _, version = services.preview(school=school, user=admin.user, staff_list=staff_list)
    with transaction.atomic():
        kept = services.keep_preview(
            origin=Origin(user=admin.user),
            school=school,
            staff_list=staff_list,
            content=CSV.encode(),
            staff_fingerprint=version,
        )
    StaffImport.objects.filter(pk=kept.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(hours=hours_ago)
    )
    return StaffImport.objects.get(pk=kept.pk)


# Sweeping previews left unconfirmed.


def test_apply_retention_sweeps_previews_left_unconfirmed_for_a_day(world, capsys):
    other_school = factories.make_school()
    other_admin = factories.make_staff(other_school, Role.ADMINISTRATOR)
    # An upload drops its school's earlier previews and day-old ones anywhere: the
    # others are made first, at other schools, and aged afterwards.
    fresh = _preview(other_school, other_admin, hours_ago=23)
    confirmed = _preview(factories.make_school(), world.admin, hours_ago=1)
    with transaction.atomic():
        services.confirm_import(origin=Origin(user=world.admin.user), staff_import=confirmed)
    old = _preview(world.school, world.admin, hours_ago=25)
    StaffImport.objects.filter(pk=confirmed.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=3)
    )

    call_command("apply_retention")

    out = capsys.readouterr().out
    assert f"staff_import_preview: erased 1 ({old.pk})" in out
    assert set(StaffImport.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    event = AuditEvent.objects.get(action="staff.import_previews_swept")
    assert event.school_id == world.school.pk and event.detail == {"count": 1}
    assert "Nia" not in json.dumps(event.detail)  # ids and counts, never names


def test_the_sweep_leaves_nothing_to_do_the_second_time(world):
    _preview(world.school, world.admin, hours_ago=30)
    assert len(services.sweep_previews(origin=sweep.SYSTEM)) == 1
    assert services.sweep_previews(origin=sweep.SYSTEM) == []
    assert AuditEvent.objects.filter(action="staff.import_previews_swept").count() == 1


def test_a_dry_run_of_retention_does_not_touch_previews(world):
    _preview(world.school, world.admin, hours_ago=30)
    call_command("apply_retention", "--dry-run")
    assert StaffImport.objects.count() == 1


# The request body over Django's limit, on the API.


@pytest.fixture
def api(world):
    return factories.api_client(world.admin)


def test_an_oversized_import_body_is_a_json_413_and_nothing_is_saved(world, api):
    before = StaffMember.objects.count()
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({"csv": CSV + "x" * limit, "dry_run": False})
    response = api.post(
        f"/api/v1/schools/{world.school.pk}/staff-import", data=body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": f"The request body is larger than {limit} bytes: send less at once.",
        "limit": limit,
    }
    assert StaffMember.objects.count() == before
    assert not AuditEvent.objects.filter(action="staff.imported").exists()


def test_an_oversized_body_without_a_token_is_still_401(world):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client().post(
        f"/api/v1/schools/{world.school.pk}/staff-import", data=body, content_type="application/json"
    )
    assert response.status_code == 401 and response["Content-Type"].startswith("application/json")


def test_a_body_just_under_the_limit_is_read(world, api):
    """The limit, not the handler, decides: a big but allowed body gets the usual answer."""
    body = json.dumps({"csv": CSV, "dry_run": True, "staff_version": ""})
    body = body[:-1] + " " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - len(body) - 1) + "}"
    response = api.post(
        f"/api/v1/schools/{world.school.pk}/staff-import", data=body, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["applied"] is False


# The school's row lock, for real (PostgreSQL: SQLite has no row locks, and its
# IMMEDIATE transactions already run one writer at a time).


def test_a_hand_edit_writes_only_what_the_form_edits(world):
    """The edit's StaffMember was read before the lock: writing all of it would put
    back a line manager an import changed in between."""
    stale = StaffMember.objects.get(pk=world.colleague.pk)
    assert stale.job_title != "Caretaker"  # so the edit below has something to write
    StaffMember.objects.filter(pk=world.colleague.pk).update(line_manager=world.manager)
    school_services.save_staff(
        origin=Origin(user=world.admin.user),
        school=world.school,
        staff=stale,
        values={"full_name": "Col League", "job_title": "Caretaker", "email": "", "is_active": True},
    )
    saved = StaffMember.objects.get(pk=world.colleague.pk)
    # What the form edits is written; the line manager it does not edit is left as the import put it.
    assert (saved.full_name, saved.job_title, saved.line_manager_id) == (
        "Col League",
        "Caretaker",
        world.manager.pk,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_hand_edit_waits_for_a_confirm_holding_the_school_and_a_confirm_sees_the_edit():
    school = factories.make_school()
    admin = factories.make_staff(school, Role.ADMINISTRATOR)
    colleague = factories.make_staff(school, full_name="Carl Colleague")
    staff_import = _preview(school, admin)
    finished = threading.Event()

    def hand_edit():
        try:
            school_services.save_staff(
                origin=Origin(user=admin.user),
                school=school,
                staff=StaffMember.objects.get(pk=colleague.pk),
                values={"full_name": "Carl Edited", "job_title": "", "email": "", "is_active": True},
            )
        finally:
            connections.close_all()
            finished.set()

    with transaction.atomic():
        School.objects.select_for_update().get(pk=school.pk)  # what confirm_import takes first
        thread = threading.Thread(target=hand_edit)
        thread.start()
        time.sleep(0.5)
        assert not finished.is_set(), "the hand edit must wait for the school's lock"
        assert StaffMember.objects.get(pk=colleague.pk).full_name == "Carl Colleague"
    thread.join(10)
    assert finished.is_set()
    assert StaffMember.objects.get(pk=colleague.pk).full_name == "Carl Edited"
    # The preview was made before the edit: its confirm, reading the directory under
    # the same lock, sees the edit and refuses.
    with pytest.raises(services.StaleImport), transaction.atomic():
        services.confirm_import(origin=Origin(user=admin.user), staff_import=staff_import)
    assert not StaffMember.objects.filter(email="nia@riverside.example").exists()
