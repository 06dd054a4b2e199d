import datetime

from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.plans.areas import AREAS
from harbour.plans.models import Meeting


def _form(held="3", next_day="17", **extra):
    data = {
        "held_on_0": held,
        "held_on_1": "11",
        "held_on_2": "2026",
        "next_meeting_on_0": next_day,
        "next_meeting_on_1": "11",
        "next_meeting_on_2": "2026",
        "explore_covered": "on",
        "explore_notes": "She described the playground encounters.",
        "not_at_fault_covered": "on",
        "police_covered": "on",
        "police_notes": "Will report; wants me with her.",
    }
    data.update(extra)
    return data


def test_manager_records_a_guided_meeting(world):
    response = world.client("manager").post(f"/cases/{world.case.pk}/meetings/new/", _form(), follow=True)
    body = response.content.decode()
    meeting = Meeting.objects.get()
    assert meeting.areas["explore"] == {"covered": True, "notes": "She described the playground encounters."}
    assert meeting.areas["champion"] == {"covered": False, "notes": ""}
    assert set(meeting.areas) == {area.code for area in AREAS}
    assert meeting.next_meeting_on == datetime.date(2026, 11, 17)
    assert "Will report; wants me with her." in body and body.count("Not covered") == len(AREAS) - 3
    event = AuditEvent.objects.get(action="meeting.recorded")
    assert event.detail["covered"] == ["explore", "not_at_fault", "police"]
    assert "playground" not in str(event.detail)


def test_the_form_names_the_schools_workplace_champion(world):
    world.school.workplace_champion = world.champion
    world.school.save()
    body = world.client("manager").get(f"/cases/{world.case.pk}/meetings/new/").content.decode()
    assert "Your school&#x27;s Workplace Champion is Cam Champion." in body
    for area in AREAS:
        assert area.title in body


def test_next_meeting_must_follow_and_nothing_typed_is_lost(world):
    response = world.client("manager").post(
        f"/cases/{world.case.pk}/meetings/new/", _form(held="10", next_day="4")
    )
    body = response.content.decode()
    assert "The next meeting must be after this one." in body
    assert "She described the playground encounters." in body
    assert not Meeting.objects.exists()


def test_meeting_in_the_future_and_missing_next_date_are_refused(world):
    future = timezone.localdate() + datetime.timedelta(days=5)
    response = world.client("manager").post(
        f"/cases/{world.case.pk}/meetings/new/",
        _form(
            held_on_0=str(future.day),
            held_on_1=str(future.month),
            held_on_2=str(future.year),
            next_meeting_on_0="",
            next_meeting_on_1="",
            next_meeting_on_2="",
        ),
    )
    assert "Agree when you will meet again." in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_employee_can_read_the_meeting_and_reading_is_audited(world):
    world.client("manager").post(f"/cases/{world.case.pk}/meetings/new/", _form())
    meeting = Meeting.objects.get()
    response = world.client("employee").get(f"/cases/{world.case.pk}/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="meeting.viewed", actor=world.employee.user).exists()
    # The meeting belongs to its case: another case's URL does not reach it.
    assert world.client("head").get(f"/cases/999999/meetings/{meeting.pk}/").status_code == 404


def test_next_meeting_downloads_as_a_calendar_invitation_without_case_details(world):
    from icalendar import Calendar

    world.client("manager").post(f"/cases/{world.case.pk}/meetings/new/", _form())
    meeting = Meeting.objects.get()
    response = world.client("employee").get(f"/cases/{world.case.pk}/meetings/{meeting.pk}/next-meeting.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2026, 11, 17)
    assert str(event["uid"]).startswith(f"harbour-meeting-{meeting.pk}-next@")
    assert f"/cases/{world.case.pk}/" in str(event["url"])
    for private in ("Erin", "Pat Concern", "playground", world.case.reference):
        assert private not in body
    assert "BEGIN:VCALENDAR" in body and "VERSION:2.0" in body and "PRODID:" in body
    assert AuditEvent.objects.filter(
        action="meeting.invitation_downloaded", actor=world.employee.user
    ).exists()
