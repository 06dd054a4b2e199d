"""The employee's private diary: nobody else sees it; sharing turns chosen
entries into incidents that keep the time they were written."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.cases.models import Case, Incident
from harbour.diary import services
from harbour.diary.models import DiaryEntry
from tests import factories
from tests.conftest import PERSONAS


def _write(world, account="Followed me to the bus stop.", days_ago=1, author=None):
    author = author or world.employee
    return services.write_entry(
        origin=factories.origin(author),
        author=author,
        values={
            "occurred_on": timezone.localdate() - datetime.timedelta(days=days_ago),
            "location": "near_site",
            "behaviours": ["following_outside_work"],
            "account": account,
        },
    )


def test_an_entry_is_seen_by_its_author_and_nobody_else(world):
    entry = _write(world, account="A very private note")
    assert world.client("employee").get(f"/diary/{entry.pk}/").status_code == 200
    for persona in set(PERSONAS) - {"employee", "anonymous"}:
        client = world.client(persona)
        assert client.get(f"/diary/{entry.pk}/").status_code == 404, persona
        assert "A very private note" not in client.get("/diary/").content.decode(), persona
        assert "A very private note" not in client.get(f"/cases/{world.case.pk}/").content.decode()


def test_the_phone_form_needs_only_four_answers(world):
    client = world.client("employee")
    today = timezone.localdate()
    response = client.post(
        "/diary/new/",
        {
            "occurred_on_0": today.day,
            "occurred_on_1": today.month,
            "occurred_on_2": today.year,
            "location": "on_site",
            "behaviours": ["comments_on_appearance"],
            "account": "Commented on my dress at pick-up.",
        },
    )
    assert response.status_code == 302
    entry = DiaryEntry.objects.get()
    assert entry.author == world.employee and entry.shared_at is None and entry.channel == ""
    # The audit names the diary entry, never what it says.
    event = AuditEvent.objects.get(action="diary.written")
    assert "dress" not in str(event.detail) and event.case is None


def test_bad_diary_input_is_explained_and_kept(world):
    response = world.client("employee").post(
        "/diary/new/", {"account": "Keep this text", "occurred_time": "25:99"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    for message in ("Enter the date it happened.", "Choose where it happened.", "Tick at least one thing"):
        assert message in body
    assert "Enter a time like 15:40" in body and "Keep this text" in body
    assert not DiaryEntry.objects.exists()


def test_sharing_keeps_the_time_it_was_written(world):
    entry = _write(world)
    written = entry.recorded_at
    DiaryEntry.objects.filter(pk=entry.pk).update(recorded_at=written - datetime.timedelta(days=3))
    entry.refresh_from_db()
    response = world.client("employee").post("/diary/share/", {"entries": [entry.pk], "case": world.case.pk})
    assert response.status_code == 302
    entry.refresh_from_db()
    incident = entry.incident
    assert incident.case == world.case
    assert incident.recorded_at == written - datetime.timedelta(days=3)
    assert incident.shared_at == entry.shared_at and incident.shared_at > incident.recorded_at
    assert incident.account == "Followed me to the bus stop." and incident.employee == world.employee
    page = world.client("manager").get(f"/cases/{world.case.pk}/").content.decode()
    assert "Written in the employee's diary" in page and "Followed me to the bus stop." in page


def test_only_chosen_entries_are_shared(world):
    first, second = _write(world, account="First"), _write(world, account="Second")
    services.share_entries(
        origin=factories.origin(world.employee), author=world.employee, entries=[second], case=world.case
    )
    first.refresh_from_db()
    assert first.shared_at is None and first.incident is None
    assert world.case.incidents.filter(account="Second").exists()
    assert not world.case.incidents.filter(account="First").exists()


def test_sharing_twice_is_refused(world):
    entry = _write(world)
    origin = factories.origin(world.employee)
    services.share_entries(origin=origin, author=world.employee, entries=[entry], case=world.case)
    with pytest.raises(ValidationError):
        services.share_entries(origin=origin, author=world.employee, entries=[entry], case=world.case)
    assert Incident.objects.filter(account="Followed me to the bus stop.").count() == 1


def test_first_share_opens_a_case_for_the_chosen_manager_and_tells_them_by_link_only(
    world, django_capture_on_commit_callbacks
):
    world.colleague.line_manager = world.other_manager
    world.colleague.save()
    world.other_manager.user.email = "otto@example.test"
    world.other_manager.user.save()
    entry = _write(world, author=world.colleague, account="He asked where I live.")
    client = world.client("colleague")
    page = client.get("/diary/").content.decode()
    assert f'value="{world.other_manager.pk}" selected' in page  # their line manager is offered first
    with django_capture_on_commit_callbacks(execute=True):
        with_case = client.post("/diary/share/", {"entries": [entry.pk], "manager": world.other_manager.pk})
    assert with_case.status_code == 302
    case = Case.objects.get(owner=world.other_manager)
    assert list(case.members.values_list("staff_id", "role")) == [(world.colleague.pk, "employee")]
    assert case.incidents.get().recorded_at == entry.recorded_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert f"/cases/{case.pk}/" in message.body
    for secret in ("Col League", "where I live", case.reference, world.school.name):
        assert secret not in message.body and secret not in message.subject


def test_someone_elses_entry_cannot_be_shared(world):
    entry = _write(world)
    response = world.client("colleague").post("/diary/share/", {"entries": [entry.pk]})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    entry.refresh_from_db()
    assert entry.shared_at is None


def test_diary_over_the_api(world):
    client = factories.api_client(world.employee)
    created = client.post(
        "/api/v1/diary",
        {
            "occurred_on": "2026-11-20",
            "location": "online",
            "behaviours": ["unwanted_messages"],
            "account": "DMs",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    entry_id = created.json()["id"]
    assert factories.api_client(world.head).get("/api/v1/diary").json() == {"items": [], "count": 0}
    shared = client.post(
        "/api/v1/diary/share",
        {"entry_ids": [entry_id], "case_id": world.case.pk},
        content_type="application/json",
    )
    assert shared.status_code == 200 and shared.json() == {"case_id": world.case.pk, "shared": 1}
    bad = client.post("/api/v1/diary", {"location": "moon"}, content_type="application/json")
    assert bad.status_code == 422


def test_sharing_into_someone_elses_case_is_refused(world):
    other_case = factories.make_case(world.manager, world.colleague)
    entry = _write(world)
    response = factories.api_client(world.employee).post(
        "/api/v1/diary/share",
        {"entry_ids": [entry.pk], "case_id": other_case.pk},
        content_type="application/json",
    )
    assert response.status_code == 422 and "case_id" in response.json()["errors"]
    assert not other_case.incidents.exists()
