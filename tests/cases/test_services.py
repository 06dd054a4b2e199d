import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.cases import records, selectors, services
from harbour.cases.models import Incident, IncidentAmendment
from tests import factories


def test_recording_writes_the_server_time_and_an_audit_event(world):
    before = timezone.now()
    incident = factories.record(world.case, world.employee, world.employee, world.person)
    assert before <= incident.recorded_at <= timezone.now()
    event = AuditEvent.objects.get(action="incident.recorded", object_id=str(incident.pk))
    assert event.actor == world.employee.user and event.case == world.case
    assert "Waited by the gate" not in str(event.detail)  # logs carry ids, never narratives


def test_amendment_keeps_the_original_and_records_who_when_why(world):
    incident = world.incident
    services.amend_incident(
        origin=factories.origin(world.manager),
        incident=incident,
        values={"account": "Waited by the gate for twenty minutes.", "location": "near_site"},
        reason="The employee remembered more detail.",
    )
    incident.refresh_from_db()
    assert incident.account == "Waited by the gate and asked for the employee by name."
    assert incident.location == "on_site"
    current = records.current(incident)
    assert current.account == "Waited by the gate for twenty minutes."
    assert current.location == "near_site"
    assert current.amended_fields == {"account", "location"}
    amendment = IncidentAmendment.objects.get(incident=incident)
    assert amendment.by == world.manager.user and amendment.reason == "The employee remembered more detail."
    assert amendment.changes["location"] == {"from": "on_site", "to": "near_site"}
    assert AuditEvent.objects.filter(action="incident.amended", object_id=str(incident.pk)).count() == 1


def test_amendments_apply_in_order(world):
    for text in ("First correction.", "Second correction."):
        services.amend_incident(
            origin=factories.origin(world.manager),
            incident=world.incident,
            values={"account": text},
            reason="Fix",
        )
    assert records.current(world.incident).account == "Second correction."
    changes = [a.changes["account"] for a in world.incident.amendments.all()]
    assert changes[1]["from"] == "First correction."


def test_amendment_needs_a_reason_and_a_change(world):
    with pytest.raises(ValidationError) as error:
        services.amend_incident(
            origin=factories.origin(world.manager),
            incident=world.incident,
            values={"account": world.incident.account},
            reason="  ",
        )
    assert set(error.value.message_dict) == {"reason", "__all__"}
    assert not IncidentAmendment.objects.exists()


def test_amendment_is_checked_like_a_new_record(world):
    with pytest.raises(ValidationError) as error:
        services.amend_incident(
            origin=factories.origin(world.manager),
            incident=world.incident,
            values={"behaviours": ["not-a-behaviour"]},
            reason="Oops",
        )
    assert "behaviours" in error.value.message_dict


@pytest.mark.parametrize(
    "override, field",
    [
        ({"occurred_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "occurred_on"),
        ({"occurred_on": "2026-02-31"}, "occurred_on"),
        ({"behaviours": []}, "behaviours"),
        ({"location": "moon"}, "location"),
        ({"channel": ""}, "channel"),
        ({"account": "   "}, "account"),
        ({"impacts": ["boredom"]}, "impacts"),
        ({"occurred_time": "25:99"}, "occurred_time"),
        ({"crime_reference": "x" * 101}, "crime_reference"),
    ],
)
def test_bad_incident_values_are_refused_with_a_field_message(world, override, field):
    with pytest.raises(ValidationError) as error:
        factories.record(world.case, world.manager, world.employee, world.person, **override)
    assert field in error.value.message_dict
    assert Incident.objects.count() == 1  # only the world's own


def test_incident_must_name_an_employee_and_person_of_this_case(world):
    outsider = factories.make_person(world.school, world.manager, name="Someone Else")
    with pytest.raises(ValidationError) as error:
        factories.record(world.case, world.manager, world.colleague, outsider)
    assert {"employee", "person"} <= set(error.value.message_dict)


def test_closed_case_takes_no_new_incidents(world):
    services.change_case_status(origin=factories.origin(world.manager), case=world.case, status="closed")
    with pytest.raises(ValidationError):
        factories.record(world.case, world.manager, world.employee, world.person)


def test_status_changes_keep_their_history(world):
    services.change_case_status(
        origin=factories.origin(world.manager), case=world.case, status="monitoring", note="Quiet"
    )
    services.change_case_status(origin=factories.origin(world.head), case=world.case, status="open")
    history = list(world.case.status_changes.values_list("status", flat=True))
    assert history == ["open", "monitoring", "open"]
    with pytest.raises(ValidationError):
        services.change_case_status(origin=factories.origin(world.head), case=world.case, status="open")


def test_a_failed_write_leaves_no_audit_event(world):
    """The audit event is in the change's transaction: if the change fails, neither lands."""
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.amend_incident(
            origin=factories.origin(world.manager),
            incident=world.incident,
            values={"location": "nowhere"},
            reason="x",
        )
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_audit_events_cannot_be_written_outside_a_transaction():
    from harbour.audit.services import Origin, record_event

    with pytest.raises(RuntimeError):
        record_event(origin=Origin(user=None), action="case.viewed")
    assert not AuditEvent.objects.exists()


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_case_needs_an_employee_from_its_school(world):
    stranger = factories.make_staff(world.other_school)
    with pytest.raises(ValidationError) as error:
        services.open_case(
            origin=factories.origin(world.manager),
            school=world.school,
            owner=world.manager,
            employees=[stranger],
        )
    assert "employees" in error.value.message_dict


def test_the_case_shows_its_course_of_conduct(world):
    assert not selectors.conduct_for(world.case).met
    factories.record(world.case, world.manager, world.employee, world.person, days_ago=3, impacts=[])
    result = selectors.conduct_for(world.case)
    assert result.met and len(result.meeting[0].incident_ids) == 2


def test_an_amendment_can_change_the_course_of_conduct(world):
    second = factories.record(world.case, world.manager, world.employee, world.person, days_ago=3)
    assert selectors.conduct_for(world.case).met
    services.amend_incident(
        origin=factories.origin(world.manager),
        incident=second,
        values={"person": None},
        reason="It was not the same person.",
    )
    assert not selectors.conduct_for(world.case).met


def test_school_gap_setting_is_used(world):
    world.school.conduct_gap_days = 1
    world.school.save()
    factories.record(world.case, world.manager, world.employee, world.person, days_ago=10)
    world.case.refresh_from_db()
    assert selectors.conduct_for(world.case).meeting[0].long_gaps


def test_opening_a_case_for_someone_else_keeps_the_opener_in_the_circle(world):
    with transaction.atomic():
        case = services.open_case(
            origin=factories.origin(world.head),
            school=world.school,
            owner=world.manager,
            employees=[world.colleague],
        )
    assert case.members.filter(staff=world.head, role="member").exists()
