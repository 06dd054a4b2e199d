"""The API's side of pages that had none: the case's status, circle, access log,
meetings and calendar files, check-ins, the online-safety checklist and the staff
directory. Each does what its page does, through the same rules, and no more."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.cases.models import CaseMember, CaseStatus
from harbour.plans import services as plan_services
from harbour.prevention import services as prevention
from harbour.prevention.models import CheckIn, OnlineSafetyCheck
from harbour.schools.models import Role, StaffMember
from tests import factories

JSON = "application/json"


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _events(action: str):
    return AuditEvent.objects.filter(action=action)


# --- status ------------------------------------------------------------------------


def test_status_changes_with_its_note_and_is_audited_as_api(world):
    client = factories.api_client(world.manager)
    url = f"/api/v1/cases/{world.case.pk}/status-changes"
    response = client.post(url, {"status": "monitoring", "note": "Quiet for six weeks."}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "monitoring"
    assert body["history"][-1]["status"] == "monitoring"
    assert body["history"][-1]["note"] == "Quiet for six weeks."
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.MONITORING
    assert client.get(url).json()["history"] == body["history"]
    event = _events("case.status_changed").latest("at")
    assert event.via == "api" and event.case_id == world.case.pk


@pytest.mark.parametrize(
    "body",
    [
        {"status": "open"},  # already open
        {"status": "paused"},
        {"status": "closed", "note": "x" * 5000},
        {"status": "closed", "why": "done"},
        {},
    ],
)
def test_a_bad_status_change_is_a_422_and_changes_nothing(world, body):
    client = factories.api_client(world.manager)
    response = client.post(f"/api/v1/cases/{world.case.pk}/status-changes", body, content_type=JSON)
    assert response.status_code == 422, response.content
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.OPEN


def test_a_circle_member_may_read_the_case_but_not_change_its_status(world):
    client = factories.api_client(world.member)
    url = f"/api/v1/cases/{world.case.pk}/status-changes"
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "closed"}, content_type=JSON).status_code == 403
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.OPEN


def test_outsiders_get_the_same_404_as_for_a_missing_case(world):
    client = factories.api_client(world.colleague)
    for suffix in ("status-changes", "circle", "access-log", "meetings", "review/invitation"):
        hidden = client.get(f"/api/v1/cases/{world.case.pk}/{suffix}")
        missing = client.get(f"/api/v1/cases/999999/{suffix}")
        assert hidden.status_code == missing.status_code == 404, suffix
        assert hidden.json() == missing.json()


# --- circle -------------------------------------------------------------------------


def test_the_employee_adds_and_removes_a_colleague(world):
    client = factories.api_client(world.employee)
    url = f"/api/v1/cases/{world.case.pk}/circle"
    added = client.post(url, {"staff_id": world.colleague.pk}, content_type=JSON)
    assert added.status_code == 201, added.content
    assert added.json()["name"] == "Col League" and added.json()["role"] == "member"
    assert world.colleague.pk in {m["staff_id"] for m in client.get(url).json()["members"]}
    assert _events("case.circle_added").latest("at").via == "api"
    removed = client.delete(f"{url}/{added.json()['id']}")
    assert removed.status_code == 204
    assert not CaseMember.objects.filter(case=world.case, staff=world.colleague).exists()
    assert _events("case.circle_removed").latest("at").via == "api"


def test_the_circle_takes_only_this_schools_active_staff(world):
    client = factories.api_client(world.manager)
    url = f"/api/v1/cases/{world.case.pk}/circle"
    elsewhere = factories.make_staff(world.other_school, full_name="Far Away")
    left = factories.make_staff(world.school, full_name="Gone Now")
    StaffMember.objects.filter(pk=left.pk).update(is_active=False)
    for staff_id in (elsewhere.pk, left.pk, 999999):
        response = client.post(url, {"staff_id": staff_id}, content_type=JSON)
        assert response.status_code == 422, staff_id
        assert "staff_id" in response.json()["errors"]
    assert client.post(url, {"staff_id": world.member.pk}, content_type=JSON).status_code == 422  # already in
    assert (
        client.post(url, {"staff_id": world.colleague.pk, "role": "boss"}, content_type=JSON).status_code
        == 422
    )
    assert not CaseMember.objects.filter(staff__in=[elsewhere, left, world.colleague]).exists()


def test_the_last_employee_affected_cannot_be_removed(world):
    client = factories.api_client(world.manager)
    employee_member = world.case.members.get(staff=world.employee)
    response = client.delete(f"/api/v1/cases/{world.case.pk}/circle/{employee_member.pk}")
    assert response.status_code == 422
    assert world.case.members.filter(pk=employee_member.pk).exists()


def test_a_member_of_another_case_is_not_found(world):
    other_case = factories.make_case(world.manager, world.colleague, members=[world.champion])
    foreign = other_case.members.get(staff=world.champion)
    client = factories.api_client(world.manager)
    assert client.delete(f"/api/v1/cases/{world.case.pk}/circle/{foreign.pk}").status_code == 404
    assert other_case.members.filter(pk=foreign.pk).exists()


def test_a_circle_member_cannot_change_the_circle(world):
    client = factories.api_client(world.member)
    url = f"/api/v1/cases/{world.case.pk}/circle"
    assert client.get(url).status_code == 403
    assert client.post(url, {"staff_id": world.colleague.pk}, content_type=JSON).status_code == 403
    assert not CaseMember.objects.filter(staff=world.colleague).exists()


# --- access log ---------------------------------------------------------------------


def test_the_access_log_is_paged_and_its_reading_recorded(world):
    url = f"/api/v1/cases/{world.case.pk}/access-log"
    factories.api_client(world.head).get(f"/api/v1/cases/{world.case.pk}")
    client = factories.api_client(world.employee)
    first = client.get(url, {"page_size": 2}).json()
    assert len(first["items"]) == 2 and first["count"] > 2
    assert any(
        item["who"] == "Hadley Head" and item["via"] == "api" for item in client.get(url).json()["items"]
    )
    assert _events("access_log.viewed").filter(actor=world.employee.user, via="api").count() == 2
    assert client.get(url, {"page_size": 101}).status_code == 422


def test_a_circle_member_does_not_see_the_access_log(world):
    response = factories.api_client(world.member).get(f"/api/v1/cases/{world.case.pk}/access-log")
    assert response.status_code == 403
    assert not _events("access_log.viewed").exists()


# --- meetings -----------------------------------------------------------------------


def _meeting_body(**overrides):
    body = {
        "held_on": _day(-1),
        "next_meeting_on": _day(14),
        "areas": {"explore": {"covered": True, "notes": "Talked it through."}, "feelings": {"covered": True}},
        "measures": ["contact_not_on_site"],
    }
    body.update(overrides)
    return body


def test_record_a_meeting_and_read_it_back(world):
    client = factories.api_client(world.manager)
    url = f"/api/v1/cases/{world.case.pk}/meetings"
    response = client.post(url, _meeting_body(), content_type=JSON)
    assert response.status_code == 201, response.content
    meeting = response.json()
    areas = {area["code"]: area for area in meeting["areas"]}
    assert areas["explore"] == {
        "code": "explore",
        "title": "Explore what happened",
        "covered": True,
        "notes": "Talked it through.",
    }
    assert areas["not_at_fault"]["covered"] is False
    assert _events("meeting.recorded").get().via == "api"
    # The proposed measure starts the plan, as from the page.
    assert world.case.plan_actions.filter(measure="contact_not_on_site", status="proposed").exists()
    world.case.refresh_from_db()
    assert world.case.next_review_on.isoformat() == _day(14)
    listed = client.get(url).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == meeting["id"]
    read = factories.api_client(world.member).get(f"{url}/{meeting['id']}")
    assert read.status_code == 200 and read.json() == meeting
    assert _events("meeting.viewed").filter(actor=world.member.user).exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"held_on": _day(1)},  # in the future
        {"next_meeting_on": _day(-2)},  # before the meeting
        {"areas": {"gossip": {"covered": True}}},
        {"areas": {"explore": {"covered": "yes"}}},
        {"areas": {"explore": {"covered": True, "mood": "ok"}}},
        {"measures": ["move_house"]},
        {"held_on": "yesterday"},
        {"agenda": "x"},
    ],
)
def test_a_bad_meeting_is_a_422_and_saves_nothing(world, overrides):
    client = factories.api_client(world.manager)
    response = client.post(
        f"/api/v1/cases/{world.case.pk}/meetings", _meeting_body(**overrides), content_type=JSON
    )
    assert response.status_code == 422, response.content
    assert not world.case.meetings.exists()
    assert not _events("meeting.recorded").exists()


def test_only_the_owner_or_head_records_a_meeting(world):
    for staff in (world.member, world.employee):
        response = factories.api_client(staff).post(
            f"/api/v1/cases/{world.case.pk}/meetings", _meeting_body(), content_type=JSON
        )
        assert response.status_code == 403
    assert not world.case.meetings.exists()


def _meeting(world):
    with transaction.atomic():
        return plan_services.record_meeting(
            origin=factories.origin(world.manager),
            case=world.case,
            held_on=timezone.localdate() - datetime.timedelta(days=1),
            areas={},
            next_meeting_on=timezone.localdate() + datetime.timedelta(days=10),
        )


def _without_stamp(body: bytes) -> bytes:
    return b"\n".join(line for line in body.splitlines() if not line.startswith(b"DTSTAMP"))


def test_the_calendar_files_are_the_pages_files(world):
    meeting = _meeting(world)
    api = factories.api_client(world.employee)
    page = world.client("employee")
    for api_path, page_path in (
        (f"/api/v1/cases/{world.case.pk}/meetings/{meeting.pk}/invitation", meeting_page(world, meeting)),
        (f"/api/v1/cases/{world.case.pk}/review/invitation", f"/cases/{world.case.pk}/review.ics"),
    ):
        from_api, from_page = api.get(api_path), page.get(page_path)
        assert from_api.status_code == from_page.status_code == 200
        assert from_api["Content-Type"] == from_page["Content-Type"] == "text/calendar; charset=utf-8"
        assert from_api["Content-Disposition"] == from_page["Content-Disposition"]
        assert _without_stamp(from_api.content) == _without_stamp(from_page.content)
        assert b"BEGIN:VCALENDAR" in from_api.content
    assert _events("meeting.invitation_downloaded").filter(via="api").count() == 1
    assert _events("review.invitation_downloaded").filter(via="api").count() == 1


def meeting_page(world, meeting) -> str:
    return f"/cases/{world.case.pk}/meetings/{meeting.pk}/next-meeting.ics"


def test_no_review_booked_is_not_found(world):
    world.case.next_review_on = None
    world.case.save(update_fields=["next_review_on"])
    response = factories.api_client(world.manager).get(f"/api/v1/cases/{world.case.pk}/review/invitation")
    assert response.status_code == 404


def test_a_meeting_of_another_case_is_not_found(world):
    meeting = _meeting(world)
    other_case = factories.make_case(world.manager, world.colleague)
    client = factories.api_client(world.manager)
    assert client.get(f"/api/v1/cases/{other_case.pk}/meetings/{meeting.pk}").status_code == 404
    assert client.get(f"/api/v1/cases/{other_case.pk}/meetings/{meeting.pk}/invitation").status_code == 404


# --- check-ins ----------------------------------------------------------------------


def test_record_and_read_a_check_in(world):
    client = factories.api_client(world.manager)
    staff = client.get("/api/v1/check-ins/staff", {"page_size": 100}).json()
    assert world.employee.pk in {s["id"] for s in staff["items"]}
    assert world.other_head.pk not in {s["id"] for s in staff["items"]}
    assert staff["count"] == len(staff["items"])
    body = {
        "employee_id": world.employee.pk,
        "held_on": _day(-1),
        "concern": "yes",
        "notes": "Seen at the gate.",
    }
    response = client.post("/api/v1/check-ins", body, content_type=JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    # A concern: the open case about the employee, which the manager already sees.
    assert created["case_ids"] == [world.case.pk] and created["can_open_case"] is True
    assert _events("check_in.recorded").get().via == "api"
    assert factories.api_client(world.employee).get(f"/api/v1/check-ins/{created['id']}").status_code == 200
    listed = client.get("/api/v1/check-ins", {"concern": "raised"}).json()
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    assert client.get("/api/v1/check-ins", {"concern": "none"}).json()["count"] == 0


def test_the_check_in_staff_come_a_page_at_a_time_by_name(world):
    """A school's whole staff is one list only for a small school: the API pages
    it by name, narrows it by a part of a name, and never reaches another school."""
    client = factories.api_client(world.manager)
    every = client.get("/api/v1/check-ins/staff", {"page_size": 100}).json()
    names = [s["name"] for s in every["items"]]
    assert names == sorted(names) and every["count"] >= 3
    first = client.get("/api/v1/check-ins/staff", {"page_size": 2}).json()
    second = client.get("/api/v1/check-ins/staff", {"page_size": 2, "page": 2}).json()
    assert first["count"] == every["count"] and len(first["items"]) == 2
    assert [s["id"] for s in first["items"] + second["items"]] == [s["id"] for s in every["items"][:4]]
    part = world.employee.full_name.split()[-1][1:4].upper()  # the middle of a surname, in capitals
    found = client.get("/api/v1/check-ins/staff", {"q": part}).json()
    assert world.employee.pk in {s["id"] for s in found["items"]}
    assert all(part.lower() in s["name"].lower() for s in found["items"])
    other_name = world.other_head.full_name
    assert client.get("/api/v1/check-ins/staff", {"q": other_name}).json()["count"] == 0
    assert client.get("/api/v1/check-ins/staff", {"q": "x" * 101}).status_code == 422
    assert client.get("/api/v1/check-ins/staff", {"page_size": 101}).status_code == 422


def test_the_check_in_detail_names_no_case_the_caller_cannot_see(world):
    with transaction.atomic():
        check_in = prevention.record_check_in(
            origin=factories.origin(world.other_manager),
            employee=world.employee,
            held_on=timezone.localdate(),
            concern="yes",
        )
    body = factories.api_client(world.other_manager).get(f"/api/v1/check-ins/{check_in.pk}").json()
    assert body["case_ids"] == []  # the case exists, but Otto is not in it


def test_check_ins_are_not_for_everyone(world):
    with transaction.atomic():
        check_in = prevention.record_check_in(
            origin=factories.origin(world.manager),
            employee=world.employee,
            held_on=timezone.localdate(),
            concern="no",
        )
    for staff in (world.colleague, world.member, world.other_head):
        client = factories.api_client(staff)
        assert client.get(f"/api/v1/check-ins/{check_in.pk}").status_code == 404
        assert client.get("/api/v1/check-ins").json()["count"] == 0
    client = factories.api_client(world.colleague)
    assert client.get("/api/v1/check-ins/staff").status_code == 404
    body = {"employee_id": world.employee.pk, "held_on": _day(-1), "concern": "no"}
    assert client.post("/api/v1/check-ins", body, content_type=JSON).status_code == 404
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"held_on": _day(1)},
        {"concern": "maybe"},
        {"notes": "x" * 20000},
        {"mood": "fine"},
        {"employee_id": 0},
    ],
)
def test_a_bad_check_in_is_a_422(world, overrides):
    body = {"employee_id": world.employee.pk, "held_on": _day(-1), "concern": "no", **overrides}
    response = factories.api_client(world.manager).post("/api/v1/check-ins", body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert not CheckIn.objects.exists()


def test_a_check_in_with_another_schools_staff_is_refused(world):
    body = {"employee_id": world.employee.pk, "held_on": _day(-1), "concern": "no"}
    response = factories.api_client(world.other_head).post("/api/v1/check-ins", body, content_type=JSON)
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


# --- online safety ------------------------------------------------------------------


def test_the_checklist_is_the_callers_own(world):
    client = factories.api_client(world.employee)
    empty = client.get("/api/v1/online-safety").json()
    assert empty["completed_on"] is None and not any(item["done"] for item in empty["items"])
    body = {"completed_on": _day(-1), "items": ["social_media_private", "photos_reviewed"]}
    response = client.post("/api/v1/online-safety", body, content_type=JSON)
    assert response.status_code == 201, response.content
    done = {item["code"] for item in response.json()["items"] if item["done"]}
    assert done == {"social_media_private", "photos_reviewed"}
    assert client.get("/api/v1/online-safety").json() == response.json()
    assert _events("online_check.completed").get().via == "api"
    # Nobody else's checklist changes, and nobody else sees Erin's.
    other = factories.api_client(world.head).get("/api/v1/online-safety").json()
    assert other["completed_on"] is None
    assert OnlineSafetyCheck.objects.get().employee == world.employee


@pytest.mark.parametrize(
    "body",
    [
        {"completed_on": _day(2), "items": []},
        {"completed_on": _day(-1), "items": ["told_the_neighbours"]},
        {"completed_on": _day(-1), "items": "social_media_private"},
        {"completed_on": _day(-1), "employee_id": 1},
        {"items": []},
    ],
)
def test_a_bad_checklist_is_a_422(world, body):
    response = factories.api_client(world.employee).post("/api/v1/online-safety", body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert not OnlineSafetyCheck.objects.exists()


# --- staff directory ----------------------------------------------------------------


def test_an_administrator_adds_and_changes_staff(world):
    client = factories.api_client(world.admin)
    body = {"school_id": world.school.pk, "full_name": "Nia Newton", "email": "nia@riverside.example"}
    response = client.post("/api/v1/staff", {**body, "roles": ["line_manager"]}, content_type=JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["roles"] == ["employee", "line_manager"] and created["is_active"] is True
    assert _events("staff.created").get().via == "api"
    changed = client.patch(
        f"/api/v1/staff/{created['id']}", {"job_title": "Head of maths"}, content_type=JSON
    )
    assert changed.status_code == 200, changed.content
    # What was not sent stays as it was.
    assert changed.json() == {**created, "job_title": "Head of maths"}
    assert client.get(f"/api/v1/staff/{created['id']}").json() == changed.json()
    left = client.patch(
        f"/api/v1/staff/{created['id']}", {"is_active": False, "roles": []}, content_type=JSON
    )
    assert left.json()["is_active"] is False and left.json()["roles"] == ["employee"]
    assert _events("staff.updated").count() == 2


def test_managers_read_the_directory_but_do_not_change_it(world):
    client = factories.api_client(world.manager)
    listed = client.get("/api/v1/staff", {"q": "Erin"}).json()
    assert [item["full_name"] for item in listed["items"]] == ["Erin Employee"]
    body = {"school_id": world.school.pk, "full_name": "Nia Newton"}
    assert client.post("/api/v1/staff", body, content_type=JSON).status_code == 403
    assert client.get(f"/api/v1/staff/{world.colleague.pk}").status_code == 404
    assert (
        client.patch(f"/api/v1/staff/{world.colleague.pk}", {"job_title": "x"}, content_type=JSON).status_code
        == 404
    )
    assert not StaffMember.objects.filter(full_name="Nia Newton").exists()
    world.colleague.refresh_from_db()
    assert world.colleague.job_title == ""


def test_the_directory_is_not_for_employees_or_other_schools(world):
    assert factories.api_client(world.colleague).get("/api/v1/staff").status_code == 404
    # The other school's head sees their own school's staff only.
    names = {
        item["full_name"]
        for item in factories.api_client(world.other_head).get("/api/v1/staff").json()["items"]
    }
    assert names == {"Olive Head"}
    other_admin = factories.make_staff(world.other_school, Role.ADMINISTRATOR)
    client = factories.api_client(other_admin)
    assert client.get(f"/api/v1/staff/{world.colleague.pk}").status_code == 404
    body = {"school_id": world.school.pk, "full_name": "Sneaky Add"}
    assert client.post("/api/v1/staff", body, content_type=JSON).status_code == 404


@pytest.mark.parametrize(
    "overrides",
    [
        {"full_name": ""},
        {"full_name": "x" * 201},
        {"email": "not-an-address"},
        {"roles": ["superuser"]},
        {"is_active": "yes"},
        {"password": "hunter2"},
    ],
)
def test_a_bad_staff_entry_is_a_422(world, overrides):
    body = {"school_id": world.school.pk, "full_name": "Nia Newton", **overrides}
    response = factories.api_client(world.admin).post("/api/v1/staff", body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert not StaffMember.objects.filter(full_name__in=["Nia Newton", "", "x" * 201]).exists()


# --- letters ------------------------------------------------------------------------


def _warning(world):
    from harbour.frontdesk import services as frontdesk

    today = timezone.localdate()
    with transaction.atomic():
        return frontdesk.warn(
            origin=factories.origin(world.head),
            case=world.case,
            person=world.person,
            values={
                "kind": "site_ban",
                "reason": "Waited at the gate for a member of staff.",
                "warned_on": today - datetime.timedelta(days=20),
                "representations_by": today - datetime.timedelta(days=6),
            },
        )


def test_the_letter_is_the_pages_pdf(world):
    restriction = _warning(world)
    path = f"/cases/{world.case.pk}/restrictions/{restriction.pk}/letters/warning"
    from_api = factories.api_client(world.manager).get(f"/api/v1{path}")
    from_page = world.client("manager").get(f"{path}.pdf")
    assert from_api.status_code == from_page.status_code == 200
    assert from_api["Content-Type"] == "application/pdf" and from_api.content.startswith(b"%PDF")
    assert from_api["Content-Disposition"] == from_page["Content-Disposition"]
    assert _events("restriction.letter_downloaded").filter(via="api").count() == 1


def test_no_restriction_letter_before_the_decision_and_none_for_the_circle(world):
    restriction = _warning(world)
    base = f"/api/v1/cases/{world.case.pk}/restrictions/{restriction.pk}/letters"
    assert factories.api_client(world.manager).get(f"{base}/decision").status_code == 404
    assert factories.api_client(world.manager).get(f"{base}/apology").status_code == 422
    assert factories.api_client(world.member).get(f"{base}/warning").status_code == 403
    assert factories.api_client(world.colleague).get(f"{base}/warning").status_code == 404
    assert not _events("restriction.letter_downloaded").exists()


def test_the_school_saves_its_own_wording(world):
    client = factories.api_client(world.head)
    url = f"/api/v1/schools/{world.school.pk}/letters/warning"
    default = client.get(url).json()
    assert default["own"] is False and "person_name" in default["placeholders"]
    saved = client.put(url, {"body": "Dear {person_name}, a warning."}, content_type=JSON)
    assert saved.status_code == 200, saved.content
    assert saved.json()["own"] is True and saved.json()["body"] == "Dear {person_name}, a warning."
    assert _events("letters.template_saved").get().via == "api"
    for body in ({"body": "   "}, {"body": ""}, {"body": "x" * 10001}, {"text": "Hi"}):
        assert client.put(url, body, content_type=JSON).status_code == 422, body
    assert client.get(url).json()["body"] == "Dear {person_name}, a warning."


def test_letter_templates_are_for_the_schools_settings_holders_only(world):
    url = f"/api/v1/schools/{world.school.pk}/letters/warning"
    for staff in (world.manager, world.other_head, world.employee):
        client = factories.api_client(staff)
        assert client.get(url).status_code == 404
        assert client.put(url, {"body": "Hi"}, content_type=JSON).status_code == 404
    assert not _events("letters.template_saved").exists()


# --- school settings ----------------------------------------------------------------


def test_the_head_changes_the_schools_settings(world):
    client = factories.api_client(world.head)
    assert [s["id"] for s in client.get("/api/v1/schools/settings").json()] == [world.school.pk]
    url = f"/api/v1/schools/{world.school.pk}/settings"
    before = client.get(url).json()
    body = {"workplace_champion_id": world.champion.pk, "conduct_gap_days": 60}
    response = client.patch(url, body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json() == {**before, **body}
    event = _events("school.settings_changed").get()
    assert event.via == "api" and set(event.detail["fields"]) == {"workplace_champion", "conduct_gap_days"}
    cleared = client.patch(url, {"workplace_champion_id": None}, content_type=JSON).json()
    assert cleared["workplace_champion_id"] is None and cleared["conduct_gap_days"] == 60


@pytest.mark.parametrize(
    "body",
    [
        {"conduct_gap_days": 0},
        {"conduct_gap_days": -1},
        {"conduct_gap_days": "many"},
        {"name": ""},
        {"cctv_policy_url": "not a web address"},
        {"workplace_champion_id": 999999},
        {"colour": "blue"},
    ],
)
def test_bad_school_settings_are_a_422_and_change_nothing(world, body):
    url = f"/api/v1/schools/{world.school.pk}/settings"
    response = factories.api_client(world.admin).patch(url, body, content_type=JSON)
    assert response.status_code == 422, response.content
    world.school.refresh_from_db()
    assert world.school.name == "Riverside Test School" and world.school.workplace_champion_id is None
    assert not _events("school.settings_changed").exists()


def test_a_champion_from_another_school_is_refused(world):
    elsewhere = factories.make_staff(world.other_school, Role.WORKPLACE_CHAMPION)
    url = f"/api/v1/schools/{world.school.pk}/settings"
    response = factories.api_client(world.head).patch(
        url, {"workplace_champion_id": elsewhere.pk}, content_type=JSON
    )
    assert response.status_code == 422 and "workplace_champion_id" in response.json()["errors"]


def test_school_settings_are_not_for_others(world):
    url = f"/api/v1/schools/{world.school.pk}/settings"
    for staff in (world.manager, world.other_head, world.employee):
        client = factories.api_client(staff)
        assert client.get(url).status_code == 404
        assert client.patch(url, {"conduct_gap_days": 5}, content_type=JSON).status_code == 404
    assert factories.api_client(world.manager).get("/api/v1/schools/settings").json() == []
    assert not _events("school.settings_changed").exists()
