import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.prevention.models import CheckIn, OnlineSafetyCheck
from tests import factories


def _check_in(client, employee, concern, day="2"):
    return client.post(
        "/check-ins/new/",
        {
            "employee": employee.pk,
            "held_on_0": day,
            "held_on_1": "11",
            "held_on_2": "2026",
            "concern": concern,
            "notes": "Asked at the half-termly 1:1.",
        },
        follow=True,
    )


def test_a_yes_offers_to_record_an_incident_or_open_a_case(world):
    body = _check_in(world.client("manager"), world.employee, "yes").content.decode()
    assert 'id="concern-next-steps"' in body
    assert f"/cases/{world.case.pk}/incidents/new/" in body  # the case the manager already owns
    assert f"/cases/new/?employee={world.employee.pk}" in body
    assert AuditEvent.objects.filter(action="check_in.recorded").count() == 1


def test_a_yes_for_someone_without_a_visible_case_offers_only_a_new_case(world):
    body = _check_in(world.client("other_manager"), world.employee, "yes").content.decode()
    # other_manager cannot see the employee's case, and the page must not hint at it.
    assert world.case.reference not in body and "/incidents/new/" not in body
    assert f"/cases/new/?employee={world.employee.pk}" in body


def test_a_no_offers_nothing_more(world):
    body = _check_in(world.client("manager"), world.colleague, "no").content.decode()
    assert 'id="concern-next-steps"' not in body


def test_open_case_page_is_prefilled_from_a_check_in(world):
    body = world.client("manager").get(f"/cases/new/?employee={world.colleague.pk}").content.decode()
    assert f'<option value="{world.colleague.pk}" selected>' in body


def test_check_ins_are_seen_by_the_recorder_the_employee_and_the_head_only(world):
    _check_in(world.client("manager"), world.colleague, "not_sure")
    check_in = CheckIn.objects.get()
    for persona, status in (
        ("manager", 200),
        ("colleague", 200),
        ("head", 200),
        ("employee", 404),
        ("other_manager", 404),
        ("admin", 404),
        ("other_head", 404),
    ):
        assert world.client(persona).get(f"/check-ins/{check_in.pk}/").status_code == status, persona


def test_check_in_bad_input_is_explained(world):
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = world.client("manager").post(
        "/check-ins/new/",
        {
            "employee": world.employee.pk,
            "held_on_0": str(future.day),
            "held_on_1": str(future.month),
            "held_on_2": str(future.year),
            "notes": "kept",
        },
    )
    body = response.content.decode()
    assert "Say whether any behaviour is causing concern." in body
    assert "kept" in body
    response = world.client("manager").post(
        "/check-ins/new/",
        {
            "employee": world.employee.pk,
            "held_on_0": str(future.day),
            "held_on_1": str(future.month),
            "held_on_2": str(future.year),
            "concern": "no",
        },
    )
    assert "must be today or in the past" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_online_safety_checklist_is_dated_kept_and_revisited(world):
    client = world.client("employee")
    assert 'id="online-check-due"' in client.get("/").content.decode()
    today = timezone.localdate()
    client.post(
        "/online-safety/",
        {
            "items": ["social_media_private"],
            "completed_on_0": str(today.day),
            "completed_on_1": str(today.month),
            "completed_on_2": str(today.year),
        },
    )
    client.post(
        "/online-safety/",
        {
            "items": ["social_media_private", "home_address_hidden"],
            "completed_on_0": str(today.day),
            "completed_on_1": str(today.month),
            "completed_on_2": str(today.year),
        },
    )
    checks = OnlineSafetyCheck.objects.filter(employee=world.employee)
    assert checks.count() == 2  # the earlier completion is kept
    latest = checks.first()
    assert latest.items == ["home_address_hidden", "social_media_private"]
    assert latest.revisit_on > today
    body = client.get("/online-safety/").content.decode()
    assert latest.revisit_on.strftime("%-d %B %Y") in body
    assert 'id="online-check-due"' not in client.get("/").content.decode()
    # Each person sees only their own checklist.
    assert "Look again by" not in world.client("colleague").get("/online-safety/").content.decode()


def test_overdue_checklist_is_flagged_on_my_work(world):
    from django.db import transaction

    from harbour.audit.services import Origin
    from harbour.prevention import services

    with transaction.atomic():
        services.complete_online_check(
            origin=Origin(user=world.employee.user),
            employee=world.employee,
            completed_on=timezone.localdate() - datetime.timedelta(days=400),
            items=[],
        )
    assert (
        "time to look at your online safety settings again"
        in world.client("employee").get("/").content.decode()
    )


def test_check_in_list_does_not_grow_with_the_data(world):
    client = world.client("head")
    for n in range(3):
        _check_in(world.client("manager"), world.employee, "no", day=str(n + 1))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/check-ins/").status_code == 200
        return len(captured)

    small = count()
    staff = [factories.make_staff(world.school, with_user=False) for _ in range(40)]
    for member in staff:
        CheckIn.objects.create(
            employee=member,
            school=member.school,
            held_on=timezone.localdate(),
            concern="no",
            recorded_by=world.manager.user,
        )
    assert count() == small
