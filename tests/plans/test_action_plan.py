"""The action plan: the meeting proposes it and books the review; each action
keeps its history; contact measures wait for the headteacher; the PDF prints it."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.plans import services
from harbour.plans.models import ActionStatus, Approval, PlanAction
from tests import factories

TODAY = timezone.localdate()


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _meeting_form(next_on, measures=()):
    return {
        **_date("held_on", TODAY),
        **_date("next_meeting_on", next_on),
        "explore_covered": "on",
        "measures": list(measures),
    }


def test_the_meeting_proposes_the_plan_and_books_the_review(world):
    review_on = TODAY + datetime.timedelta(days=10)
    response = world.client("manager").post(
        f"/cases/{world.case.pk}/meetings/new/",
        _meeting_form(review_on, ["travel_with_others", "contact_alternative_colleagues"]),
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{world.case.pk}/plan/"
    world.case.refresh_from_db()
    assert world.case.next_review_on == review_on
    travel, contact = PlanAction.objects.order_by("section")[::-1]
    assert (travel.section, travel.status, travel.approval) == ("travel", "proposed", "not_needed")
    assert (contact.section, contact.approval) == ("contact", "pending")
    assert AuditEvent.objects.filter(action="review.booked", case=world.case).exists()


def test_a_meeting_does_not_duplicate_measures_already_in_the_plan(world):
    client = world.client("manager")
    for _ in range(2):
        client.post(
            f"/cases/{world.case.pk}/meetings/new/",
            _meeting_form(TODAY + datetime.timedelta(days=7), ["travel_check_in"]),
        )
    assert PlanAction.objects.filter(measure="travel_check_in").count() == 1


def test_every_open_case_has_a_review_date(world):
    case = factories.make_case(world.manager, world.colleague)
    assert case.next_review_on == TODAY + datetime.timedelta(days=14)
    assert world.case.next_review_on is not None


def _contact(world, status="agreed"):
    return services.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="contact",
        measure="contact_first_colleague",
        values={"agreed": "Reception passes the parent to Mr Khan.", "status": status},
    )


def test_contact_measures_wait_for_the_headteacher(world):
    action = _contact(world)
    with pytest.raises(ValidationError) as error:
        services.update_action(
            origin=factories.origin(world.manager),
            action=action,
            values={"status": "in_place", "in_place_on": TODAY},
        )
    assert "headteacher must approve" in str(error.value)
    assert (
        world.client("manager").get(f"/cases/{world.case.pk}/plan/actions/{action.pk}/decision/").status_code
        == 403
    )
    response = world.client("head").post(
        f"/cases/{world.case.pk}/plan/actions/{action.pk}/decision/", {"decision": "approve"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.approval == Approval.APPROVED and action.approval_by == world.head.user
    services.update_action(
        origin=factories.origin(world.manager),
        action=action,
        values={"status": "in_place", "in_place_on": TODAY},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PLACE


def test_declining_needs_reasons_and_stops_the_measure(world):
    action = _contact(world)
    client = world.client("head")
    response = client.post(
        f"/cases/{world.case.pk}/plan/actions/{action.pk}/decision/", {"decision": "decline"}
    )
    assert "Say why the measure is not approved." in response.content.decode()
    client.post(
        f"/cases/{world.case.pk}/plan/actions/{action.pk}/decision/",
        {"decision": "decline", "note": "Too early; review after half term."},
    )
    action.refresh_from_db()
    assert (action.approval, action.status) == (Approval.DECLINED, ActionStatus.STOPPED)
    plan = world.client("employee").get(f"/cases/{world.case.pk}/plan/").content.decode()
    assert "Not approved" in plan


def test_changes_keep_their_history(world):
    action = services.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="travel",
        values={"agreed": "Text her sister on arrival.", "owner": world.employee},
    )
    response = world.client("manager").post(
        f"/cases/{world.case.pk}/plan/actions/{action.pk}/",
        {
            "agreed": "Text her sister on arrival and on leaving.",
            "owner": world.employee.pk,
            "status": "in_place",
            **_date("in_place_on", TODAY),
            "note": "Agreed at the review.",
        },
    )
    assert response.status_code == 302
    changes = list(action.changes.order_by("at", "id"))
    assert [c.kind for c in changes] == ["created", "updated"]
    assert changes[1].changes["agreed"] == {
        "from": "Text her sister on arrival.",
        "to": "Text her sister on arrival and on leaving.",
    }
    assert (
        changes[1].changes["status"] == {"from": "agreed", "to": "in_place"}
        and changes[1].note == "Agreed at the review."
    )
    page = world.client("manager").get(f"/cases/{world.case.pk}/plan/actions/{action.pk}/").content.decode()
    assert "Agreed at the review." in page


def test_bad_action_input_is_explained_and_nothing_is_lost(world):
    response = world.client("manager").post(
        f"/cases/{world.case.pk}/plan/actions/new/?section=other",
        {
            "section": "other",
            "agreed": "",
            "status": "in_place",
            "next_review_on_0": "40",
            "next_review_on_1": "2",
            "next_review_on_2": "2026",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Say what is agreed." in body and "Enter a real date" in body
    assert not PlanAction.objects.exists()
    assert (
        world.client("manager").get(f"/cases/{world.case.pk}/plan/actions/new/?section=moon").status_code
        == 404
    )


def test_cctv_answers_are_kept_with_their_history(world):
    client = world.client("manager")
    overwritten = TODAY + datetime.timedelta(days=20)
    missing = client.post(
        f"/cases/{world.case.pk}/plan/cctv/",
        {
            "could_support_evidence": "yes",
            "policy_covers_use": "yes",
            **_date("preservation_requested_on", TODAY),
        },
    ).content.decode()
    assert "recorded over" in missing and "Say who confirmed" in missing
    for who in ("Data protection officer", "Business manager"):
        client.post(
            f"/cases/{world.case.pk}/plan/cctv/",
            {
                "could_support_evidence": "yes",
                "policy_covers_use": "yes",
                "policy_confirmed_by": who,
                "preservation_requested_from": "Site manager",
                **_date("preservation_requested_on", TODAY),
                **_date("overwritten_on", overwritten),
            },
        )
    assert world.case.cctv_checks.count() == 2
    assert world.case.cctv_checks.first().policy_confirmed_by == "Business manager"


def test_the_plan_pdf_is_a_printable_plan(world):
    services.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="travel",
        measure="travel_emergency_contacts",
        values={"agreed": "Emergency contacts checked with HR.", "owner": world.manager},
    )
    response = world.client("employee").get(f"/cases/{world.case.pk}/plan.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Action plan" in text and "Emergency contacts checked with HR." in text and "Erin Employee" in text
    assert world.incident.account not in text
    assert AuditEvent.objects.filter(action="plan.downloaded", actor=world.employee.user).exists()


def test_review_booking_and_its_calendar_invitation(world):
    review_on = TODAY + datetime.timedelta(days=21)
    client = world.client("manager")
    past = client.post(
        f"/cases/{world.case.pk}/review/", _date("review_on", TODAY - datetime.timedelta(days=1))
    )
    assert "today or in the future" in past.content.decode()
    assert client.post(f"/cases/{world.case.pk}/review/", _date("review_on", review_on)).status_code == 302
    ics = world.client("employee").get(f"/cases/{world.case.pk}/review.ics")
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert f"DTSTART;VALUE=DATE:{review_on:%Y%m%d}" in body and "BEGIN:VEVENT" in body
    for secret in ("Erin", "Morgan", world.case.reference, "Pat"):
        assert secret not in body


def test_plan_over_the_api(world):
    api = factories.api_client(world.manager)
    created = api.post(
        f"/api/v1/cases/{world.case.pk}/plan/actions",
        {"section": "contact", "measure": "contact_not_on_site", "agreed": "Nobody says if she is in."},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["approval"] == "pending"
    action_id = created.json()["id"]
    refused = api.post(
        f"/api/v1/cases/{world.case.pk}/plan/actions/{action_id}/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert refused.status_code == 403
    head = factories.api_client(world.head)
    decided = head.post(
        f"/api/v1/cases/{world.case.pk}/plan/actions/{action_id}/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert decided.json()["approval"] == "approved"
    plan = world.client("employee")
    assert "Nobody says if she is in." in plan.get(f"/cases/{world.case.pk}/plan/").content.decode()
    wrong = api.post(
        f"/api/v1/cases/{world.case.pk}/plan/actions",
        {"section": "travel", "measure": "contact_not_on_site", "agreed": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "measure" in wrong.json()["errors"]
