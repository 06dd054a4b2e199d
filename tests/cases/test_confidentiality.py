"""The employee's confidentiality choices hold in every output: pages, the API,
the printed plan, notices and e-mail. Each change is audited and shown to them."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.cases import confidentiality, services
from harbour.plans import services as plans
from tests import factories


def _choose(world, colleagues="nothing", champion="nothing", instruction="", by=None):
    return confidentiality.set_choices(
        origin=factories.origin(by or world.employee),
        case=world.case,
        colleagues_may_know=colleagues,
        champion_sees=champion,
        front_desk_instruction=instruction,
    )


def _with_plan(world):
    plans.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="travel",
        measure="travel_with_others",
        values={"agreed": "Walk to the station with Sam."},
    )


def _pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


CASE = "/cases/{pk}/"
RECORD_PAGES = (
    "/cases/{pk}/incidents/{incident}/",
    "/cases/{pk}/referrals/",
    "/cases/{pk}/confidentiality/",
    "/cases/{pk}/meetings/new/",
)
RECORD_API = ("/api/v1/cases/{pk}", "/api/v1/cases/{pk}/incidents", "/api/v1/cases/{pk}/conduct")


def _paths(paths, world):
    return [p.format(pk=world.case.pk, incident=world.incident.pk) for p in paths]


def test_by_default_the_champion_sees_nothing_anywhere(world):
    _with_plan(world)
    client = world.client("champion")
    api = factories.api_client(world.champion)
    for path in [
        CASE.format(pk=world.case.pk),
        f"/cases/{world.case.pk}/plan/",
        f"/cases/{world.case.pk}/plan.pdf",
    ]:
        assert client.get(path).status_code == 404, path
    for path in [*_paths(RECORD_API, world), f"/api/v1/cases/{world.case.pk}/plan"]:
        assert api.get(path).status_code == 404, path
    assert world.case.reference not in client.get("/cases/").content.decode()
    assert api.get("/api/v1/cases?status=any").json() == {"items": [], "count": 0}


def test_support_shows_the_champion_the_summary_and_plan_but_not_the_record(world):
    _with_plan(world)
    _choose(world, champion="support")
    client = world.client("champion")
    api = factories.api_client(world.champion)
    page = client.get(CASE.format(pk=world.case.pk)).content.decode()
    assert "Erin Employee" in page and "Morgan Manager" in page
    assert world.incident.account not in page and "Pat Concern" not in page
    plan_page = client.get(f"/cases/{world.case.pk}/plan/").content.decode()
    assert "Walk to the station with Sam." in plan_page
    pdf = client.get(f"/cases/{world.case.pk}/plan.pdf")
    assert pdf.status_code == 200 and "Walk to the station with Sam." in _pdf_text(pdf)
    assert world.incident.account not in _pdf_text(pdf)
    for path in _paths(RECORD_PAGES, world):
        assert client.get(path).status_code == 404, path
    for path in _paths(RECORD_API, world):
        assert api.get(path).status_code == 404, path
    assert api.get(f"/api/v1/cases/{world.case.pk}/plan").status_code == 200
    listing = client.get("/cases/").content.decode()
    assert world.case.reference in listing and "Pat Concern" not in listing
    assert client.get("/people/").content.decode().count("Pat Concern") == 0


def test_everything_lets_the_champion_read_but_not_write(world):
    _choose(world, champion="everything")
    client = world.client("champion")
    assert (
        world.incident.account
        in client.get(f"/cases/{world.case.pk}/incidents/{world.incident.pk}/").content.decode()
    )
    assert client.get(f"/cases/{world.case.pk}/incidents/new/").status_code == 403
    api = factories.api_client(world.champion)
    assert api.get(f"/api/v1/cases/{world.case.pk}/incidents").status_code == 200
    # A complete entry, so only the permission check can refuse it (an empty one would fail validation).
    before = world.case.incidents.count()
    refused = api.post(
        f"/api/v1/cases/{world.case.pk}/incidents",
        {
            "occurred_on": "2026-01-05",
            "location": "online",
            "channel": "email",
            "behaviours": ["unwanted_messages"],
            "account": "Three e-mails overnight.",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403 and world.case.incidents.count() == before
    # and taking it back closes the door again
    _choose(world, champion="nothing")
    assert client.get(f"/cases/{world.case.pk}/").status_code == 404


def test_champion_referral_needs_something_shared_and_e_mails_a_link_only(
    world, django_capture_on_commit_callbacks
):
    world.school.workplace_champion = world.champion
    world.school.save()
    world.champion.user.email = "cam@example.test"
    world.champion.user.save()
    client = world.client("employee")
    response = client.post(f"/cases/{world.case.pk}/referrals/champion/", follow=True)
    assert "sees nothing of this case" in response.content.decode()
    assert not world.case.champion_referrals.exists() and not mail.outbox
    _choose(world, champion="support")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cases/{world.case.pk}/referrals/champion/")
    assert world.case.champion_referrals.get().emailed
    (message,) = mail.outbox
    assert f"/cases/{world.case.pk}/" in message.body
    for secret in ("Erin", "Employee", "Pat Concern", world.incident.account, world.case.reference):
        assert secret not in message.body and secret not in message.subject


def test_colleagues_are_told_only_what_the_employee_chose(world):
    colleague, reception = world.client("colleague"), world.client("front_office")
    assert "Erin Employee" not in colleague.get("/notices/").content.decode()
    _choose(world, colleagues="not_on_site")
    notice = colleague.get("/notices/").content.decode()
    assert "Erin Employee" in notice and "on site" in notice
    assert world.incident.account not in notice and world.case.reference not in notice and "Pat" not in notice
    _choose(world, colleagues="front_desk", instruction="Pass them to Mr Khan in reception.")
    assert "Pass them to Mr Khan" in reception.get("/notices/").content.decode()
    assert "Pass them to Mr Khan" not in colleague.get("/notices/").content.decode()
    api = factories.api_client(world.front_office).get("/api/v1/notices").json()
    assert api["items"] == [
        {
            "employees": ["Erin Employee"],
            "school": world.school.name,
            "front_desk_instruction": "Pass them to Mr Khan in reception.",
        }
    ]
    assert api["count"] == 1
    (colleagues_notice,) = factories.api_client(world.colleague).get("/api/v1/notices").json()["items"]
    assert colleagues_notice["front_desk_instruction"] == ""
    assert (
        "Erin Employee" not in factories.api_client(world.other_head).get("/api/v1/notices").content.decode()
    )
    # Back to nothing: the instruction is gone, not just hidden.
    _choose(world, colleagues="nothing")
    world.case.refresh_from_db()
    assert world.case.front_desk_instruction == ""
    assert "Erin Employee" not in reception.get("/notices/").content.decode()


def test_a_closed_case_puts_up_no_notice(world):
    _choose(world, colleagues="not_on_site")
    services.change_case_status(origin=factories.origin(world.manager), case=world.case, status="closed")
    assert "Erin Employee" not in world.client("colleague").get("/notices/").content.decode()


def test_front_desk_choice_needs_an_instruction(world):
    with pytest.raises(ValidationError) as error:
        _choose(world, colleagues="front_desk")
    assert "front_desk_instruction" in error.value.message_dict
    response = world.client("employee").post(
        f"/cases/{world.case.pk}/confidentiality/",
        {"colleagues_may_know": "front_desk", "champion_sees": "support", "front_desk_instruction": ""},
    )
    assert "Write what the front desk should do" in response.content.decode()
    world.case.refresh_from_db()
    assert world.case.champion_sees == "nothing"


def test_every_change_is_audited_and_shown_to_the_employee(world):
    _choose(world, colleagues="not_on_site", by=world.employee)
    _choose(world, colleagues="not_on_site", champion="support", by=world.manager)
    events = AuditEvent.objects.filter(action="confidentiality.changed", case=world.case)
    assert events.count() == 2
    page = world.client("employee").get(f"/cases/{world.case.pk}/confidentiality/").content.decode()
    assert "Morgan Manager" in page and "Erin Employee" in page
    log = world.client("employee").get(f"/cases/{world.case.pk}/access-log/").content.decode()
    assert "confidentiality" in log.lower()
    # A member of the circle can read the choices but not change them.
    member = world.client("member")
    assert member.get(f"/cases/{world.case.pk}/confidentiality/").status_code == 200
    assert (
        member.post(
            f"/cases/{world.case.pk}/confidentiality/",
            {"colleagues_may_know": "nothing", "champion_sees": "nothing"},
        ).status_code
        == 403
    )


def test_the_employee_chooses_who_is_in_the_circle(world):
    client = world.client("employee")
    member = world.case.members.get(staff=world.member)
    assert client.post(f"/cases/{world.case.pk}/circle/{member.pk}/remove/").status_code == 302
    assert world.client("member").get(f"/cases/{world.case.pk}/").status_code == 404
    assert (
        client.post(
            f"/cases/{world.case.pk}/circle/", {"staff": world.colleague.pk, "role": "member"}
        ).status_code
        == 302
    )
    assert world.client("colleague").get(f"/cases/{world.case.pk}/").status_code == 200
