"""Reception sees active alerts only, never the case; a contact attempt after a
confirmed restriction becomes a flagged incident and tells the owner at once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.cases import confidentiality
from harbour.cases.models import Incident
from harbour.frontdesk import services
from harbour.frontdesk.models import ContactAttempt, Stage
from harbour.plans import services as plans
from harbour.referrals import services as referrals
from harbour.risk import selectors as risk_selectors
from harbour.risk import services as risk_services
from tests import factories

TODAY = timezone.localdate()


def _warn(world, kind="site_ban", days_ago=20, deadline_days_ago=6, details=""):
    return services.warn(
        origin=factories.origin(world.head),
        case=world.case,
        person=world.person,
        values={
            "kind": kind,
            "details": details,
            "reason": "Waited at the gate and shouted at staff.",
            "warned_on": TODAY - datetime.timedelta(days=days_ago),
            "representations_by": TODAY - datetime.timedelta(days=deadline_days_ago),
        },
    )


def _confirm(world, restriction):
    return services.decide(
        origin=factories.origin(world.head),
        restriction=restriction,
        confirm=True,
        reason="No representations; behaviour continued.",
        review_on=TODAY + datetime.timedelta(days=90),
    )


def _everything_secret(world):
    """Put every kind of case field on the record, so the test can look for it."""
    world.manager.user.email = "morgan@example.test"
    world.manager.user.save()
    referrals.save_police(
        origin=factories.origin(world.manager),
        case=world.case,
        values={"intends_to_report": "reported", "crime_reference": "CRIME-REF-778", "officer": "PC Quill"},
    )
    risk_services.decide_level(
        origin=factories.origin(world.manager), case=world.case, level="high", reason="RISK-REASON-TEXT"
    )
    confidentiality.set_choices(
        origin=factories.origin(world.employee),
        case=world.case,
        colleagues_may_know="front_desk",
        champion_sees="nothing",
        front_desk_instruction="Ask them to wait by the door and fetch the deputy head.",
    )


CASE_FIELDS = (
    "Waited by the gate and asked for the employee",
    "CRIME-REF-778",
    "PC Quill",
    "RISK-REASON-TEXT",
    "High",
    "Erin Employee",
    "Erin",
    "HB-0",
    "Morgan Manager",
)


def test_reception_sees_how_to_recognise_and_what_to_do_and_nothing_of_the_case(world):
    _everything_secret(world)
    _confirm(world, _warn(world, kind="named_colleague", details="Speak only to Mr Khan, deputy head."))
    client = world.client("front_office")
    page = client.get("/front-desk/?q=pat").content.decode()
    assert (
        "Pat Concern" in page and "Ask them to wait by the door" in page and "Speak only to Mr Khan" in page
    )
    attempt_page = client.get(f"/front-desk/people/{world.person.pk}/attempt/").content.decode()
    api = factories.api_client(world.front_office).get("/api/v1/front-desk/alerts?q=Pat").content.decode()
    for body in (page, attempt_page, api):
        main = body.split('id="main-content"', 1)[-1]
        for secret in CASE_FIELDS:
            assert secret not in main, secret
    assert world.incident.account not in page


def test_no_alert_without_the_employees_choice_or_a_confirmed_restriction(world):
    client = world.client("front_office")
    assert "Pat Concern" not in client.get("/front-desk/").content.decode()
    assert client.get(f"/front-desk/people/{world.person.pk}/attempt/").status_code == 404
    restriction = _warn(world)
    assert (
        "Pat Concern" not in client.get("/front-desk/").content.decode()
    )  # a warning is not yet a restriction
    _confirm(world, restriction)
    assert "Pat Concern" in client.get("/front-desk/").content.decode()
    assert "Pat Concern" not in world.client("other_head").get("/front-desk/").content.decode()


def test_search_finds_by_alias_and_description(world):
    person = factories.make_person(
        world.school,
        world.manager,
        name="Lee Marsh",
        aliases="Lee M (Facebook)",
        description="Black baseball cap, silver Ford Focus",
    )
    world.case.people.add(person, through_defaults={"added_by": world.manager.user})
    confidentiality.set_choices(
        origin=factories.origin(world.employee),
        case=world.case,
        colleagues_may_know="front_desk",
        champion_sees="nothing",
        front_desk_instruction="Fetch the deputy head.",
    )
    client = factories.api_client(world.front_office)
    for query in ("marsh", "facebook", "baseball"):
        names = [a["name"] for a in client.get(f"/api/v1/front-desk/alerts?q={query}").json()["items"]]
        assert names == ["Lee Marsh"], query
    assert client.get("/api/v1/front-desk/alerts?q=nobody-like-this").json() == {"items": [], "count": 0}


def test_two_clicks_log_an_attempt_after_restriction_as_a_flagged_incident(
    world, django_capture_on_commit_callbacks
):
    _everything_secret(world)
    _confirm(world, _warn(world))
    client = world.client("front_office")
    front = client.get("/front-desk/").content.decode()
    assert f'href="/front-desk/people/{world.person.pk}/attempt/"' in front  # click one
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/front-desk/people/{world.person.pk}/attempt/", {"how": "in_person"}
        )  # click two
    assert response.status_code == 302
    incident = Incident.objects.get(contact_after_restriction=True)
    assert incident.case == world.case and incident.person == world.person and incident.location == "on_site"
    assert incident.recorded_by == world.front_office.user
    (message,) = mail.outbox
    assert message.to == ["morgan@example.test"] and f"/cases/{world.case.pk}/" in message.body
    for secret in ("Pat", "Erin", world.case.reference):
        assert secret not in message.body
    signals = [s.code for s in risk_selectors.risk_view(world.case).open_signals]
    assert "contact_after_warning" in signals
    page = world.client("manager").get(f"/cases/{world.case.pk}/").content.decode()
    assert "Contact after restriction" in page
    # Reception still cannot open the case it has just added to.
    assert client.get(f"/cases/{world.case.pk}/").status_code == 404


def test_an_attempt_without_a_restriction_is_logged_but_adds_nothing_to_the_case(world):
    confidentiality.set_choices(
        origin=factories.origin(world.employee),
        case=world.case,
        colleagues_may_know="front_desk",
        champion_sees="nothing",
        front_desk_instruction="Fetch the deputy head.",
    )
    before = world.case.incidents.count()
    response = factories.api_client(world.front_office).post(
        f"/api/v1/front-desk/people/{world.person.pk}/attempts",
        {"how": "phone_call"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert ContactAttempt.objects.get().how == "phone_call" and world.case.incidents.count() == before
    assert AuditEvent.objects.filter(action="frontdesk.attempt_logged").exists()


def test_the_restriction_follows_the_steps_the_law_expects(world):
    restriction = _warn(world, days_ago=2, deadline_days_ago=-10)  # deadline still ahead
    with pytest.raises(ValidationError) as error:
        _confirm(world, restriction)
    assert "make representations" in str(error.value)
    services.record_representations(
        origin=factories.origin(world.head),
        restriction=restriction,
        text="Says he only wanted to talk about his son.",
        received_on=TODAY,
    )
    with pytest.raises(ValidationError):
        services.decide(
            origin=factories.origin(world.head),
            restriction=restriction,
            confirm=True,
            reason="Continued.",
            review_on=None,
        )
    restriction = _confirm(world, restriction)
    assert restriction.stage == Stage.CONFIRMED and restriction.review_on > TODAY
    steps = list(restriction.steps.values_list("step", flat=True))
    assert steps == ["warned", "representations", "confirmed"]
    assert AuditEvent.objects.filter(action__startswith="restriction.", case=world.case).count() == 3
    with pytest.raises(ValidationError):
        _confirm(world, restriction)


def test_warning_needs_a_fair_deadline_and_a_linked_person(world):
    stranger = factories.make_person(world.school, world.manager, name="Not Linked")
    client = world.client("head")
    response = client.post(
        f"/cases/{world.case.pk}/restrictions/new/",
        {
            "person": stranger.pk,
            "kind": "named_colleague",
            "reason": "",
            "warned_on_0": TODAY.day,
            "warned_on_1": TODAY.month,
            "warned_on_2": TODAY.year,
            "representations_by_0": TODAY.day,
            "representations_by_1": TODAY.month,
            "representations_by_2": TODAY.year,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in body or "Choose a person linked" in body
    assert "Say what the person did" in body
    assert not world.case.restrictions.exists()


def test_letters_come_from_the_schools_own_template(world):
    restriction = _confirm(world, _warn(world))
    client = world.client("head")
    response = client.post(
        f"/school-settings/{world.school.pk}/letters/decision/",
        {
            "body": "Dear $person_name,\n\nFrom $date: $restriction. Review on $review_on. "
            "{Braces} and $unknown stay."
        },
    )
    assert response.status_code == 302
    pdf = client.get(f"/cases/{world.case.pk}/restrictions/{restriction.pk}/letters/decision.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dear Pat Concern" in text and "not to come onto the school site" in text
    assert "{Braces} and $unknown stay." in text
    warning = client.get(f"/cases/{world.case.pk}/restrictions/{restriction.pk}/letters/warning.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(warning.content)).pages)
    assert "Waited at the gate and shouted at staff." in text and "Hadley Head" in text
    assert "Erin" not in text  # the letter never names the employee


def test_the_person_page_lists_restrictions_and_contact_measures(world):
    _confirm(world, _warn(world))
    plans.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="contact",
        measure="contact_first_colleague",
        values={"agreed": "Reception passes him to Mr Khan."},
    )
    page = world.client("manager").get(f"/people/{world.person.pk}/").content.decode()
    assert "Not to come onto the school site" in page and "Reception passes him to Mr Khan." in page
    assert world.client("colleague").get(f"/people/{world.person.pk}/").status_code == 404
