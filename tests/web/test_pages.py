"""The pages as people use them: bad input keeps what was typed, with the message
beside the field; the chronology and banner show what the record holds."""

from harbour.audit.models import AuditEvent
from harbour.cases.models import Incident, IncidentAmendment


def _incident_form(world, **overrides):
    data = {
        "employee": world.employee.pk,
        "person": world.person.pk,
        "occurred_on_0": "3",
        "occurred_on_1": "11",
        "occurred_on_2": "2026",
        "occurred_time": "08:45",
        "location": "near_site",
        "location_detail": "Bus stop",
        "channel": "in_person",
        "behaviours": ["following_outside_work"],
        "account": "Followed the employee from the gate to the bus stop.",
        "impacts": ["fear_of_violence"],
        "reported_to_police": "no",
    }
    data.update(overrides)
    return data


def test_recording_an_incident_shows_it_and_the_banner(world):
    client = world.client("manager")
    response = client.post(f"/cases/{world.case.pk}/incidents/new/", _incident_form(world), follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Followed the employee from the gate" in body
    assert 'id="conduct-banner"' in body
    assert "The record meets the course-of-conduct test for Pat Concern towards Erin Employee" in body


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(world):
    client = world.client("manager")
    response = client.post(
        f"/cases/{world.case.pk}/incidents/new/",
        _incident_form(world, occurred_on_0="31", occurred_on_1="2", behaviours=[], occurred_time="7pm"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a real date" in body and "Choose at least one behaviour." in body
    assert "Enter a time like 15:40" in body
    assert 'href="#id_occurred_on-day"' in body  # the summary links to the field
    assert "Followed the employee from the gate to the bus stop." in body  # nothing typed is lost
    assert Incident.objects.count() == 1


def test_future_date_is_refused_beside_the_field(world):
    client = world.client("manager")
    response = client.post(
        f"/cases/{world.case.pk}/incidents/new/", _incident_form(world, occurred_on_2="2099")
    )
    assert "must be today or in the past" in response.content.decode()
    assert Incident.objects.count() == 1


def test_amending_through_the_page_keeps_the_original_visible(world):
    client = world.client("manager")
    url = f"/cases/{world.case.pk}/incidents/{world.incident.pk}/amend/"
    form = _incident_form(world, account="Corrected account.", reason="Employee clarified")
    response = client.post(url, form, follow=True)
    body = response.content.decode()
    assert IncidentAmendment.objects.count() == 1
    assert "Corrected account." in body
    assert "Waited by the gate and asked for the employee by name." in body  # as first recorded
    assert "Employee clarified" in body


def test_amending_without_a_reason_is_refused(world):
    client = world.client("manager")
    url = f"/cases/{world.case.pk}/incidents/{world.incident.pk}/amend/"
    response = client.post(url, _incident_form(world, account="Changed"))
    assert "Say why this is being corrected." in response.content.decode()
    assert not IncidentAmendment.objects.exists()


def test_viewing_a_case_is_audited_with_where_from(world):
    world.client("head").get(f"/cases/{world.case.pk}/")
    event = AuditEvent.objects.filter(action="case.viewed", case=world.case).latest("at")
    assert event.actor == world.head.user and event.ip_address == "127.0.0.1"


def test_open_a_case_page(world):
    client = world.client("manager")
    response = client.post(
        "/cases/new/", {"employee": world.colleague.pk, "owner": world.manager.pk, "person": ""}
    )
    assert response.status_code == 302
    response = client.post("/cases/new/", {"employee": "", "owner": world.manager.pk})
    assert "Choose the employee affected." in response.content.decode()


def test_circle_member_added_then_removed_loses_sight(world):
    manager = world.client("manager")
    manager.post(f"/cases/{world.case.pk}/circle/", {"staff": world.colleague.pk, "role": "member"})
    colleague = world.client("colleague")
    assert colleague.get(f"/cases/{world.case.pk}/").status_code == 200
    member = world.case.members.get(staff=world.colleague)
    manager.post(f"/cases/{world.case.pk}/circle/{member.pk}/remove/")
    assert colleague.get(f"/cases/{world.case.pk}/").status_code == 404


def test_person_needs_something_to_recognise_them_by(world):
    response = world.client("manager").post("/people/new/", {"relationship": "unknown"})
    assert "Give a name, an alias or a description" in response.content.decode()


def test_school_settings_bad_input(world):
    response = world.client("head").post(
        f"/school-settings/{world.school.pk}/",
        {"name": "", "conduct_gap_days": "abc", "cctv_policy_url": "not a url"},
    )
    body = response.content.decode()
    assert "Enter the school&#x27;s name." in body and "Enter a whole number of days." in body
    assert "Enter a full web address" in body
    world.school.refresh_from_db()
    assert world.school.name == "Riverside Test School"


def test_staff_added_by_the_administrator(world):
    response = world.client("admin").post(
        f"/staff/{world.school.pk}/new/",
        {"full_name": "New Person", "roles": ["front_office"], "is_active": "on"},
    )
    assert response.status_code == 302
    from harbour.schools.models import StaffMember

    staff = StaffMember.objects.get(full_name="New Person")
    assert set(staff.roles.values_list("role", flat=True)) == {"employee", "front_office"}


def test_sign_in_with_wrong_password_says_so(world):
    from django.test import Client

    response = Client().post("/sign-in/", {"username": "manager", "password": "wrong"})
    assert "Enter a correct username and password" in response.content.decode()


def test_every_read_of_case_content_is_audited(world):
    client = world.client("head")
    before = AuditEvent.objects.count()
    for path in (
        f"/cases/{world.case.pk}/",
        f"/cases/{world.case.pk}/incidents/{world.incident.pk}/",
        f"/cases/{world.case.pk}/incidents/{world.incident.pk}/amend/",
        "/cases/",
        "/",
        f"/people/{world.person.pk}/",
    ):
        client.get(path)
    actions = list(AuditEvent.objects.order_by("id")[before:].values_list("action", flat=True))
    assert actions == [
        "case.viewed",
        "incident.viewed",
        "incident.viewed",
        "case.listed",
        "case.listed",
        "person.viewed",
    ]
    case_list, my_work = AuditEvent.objects.filter(action="case.listed").order_by("id")
    assert case_list.detail["case_ids"] == [world.case.pk]  # the head sees the school's case
    assert my_work.detail["case_ids"] == []  # but neither owns it nor is in its circle


def test_employee_sees_who_opened_their_case(world):
    world.client("head").get(f"/cases/{world.case.pk}/")
    world.client("member").get(f"/cases/{world.case.pk}/incidents/{world.incident.pk}/")
    body = world.client("employee").get(f"/cases/{world.case.pk}/access-log/").content.decode()
    assert "Hadley Head" in body and "Mel Member" in body
    assert "Ada Admin" not in body  # nobody else looked
    assert "Looked at the case" in body and "Looked at an incident" in body
