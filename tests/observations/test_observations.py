"""Observations: filed by any colleague, seen by the restricted group (the
headteacher, the owner of the employee's case) and the employee, who decides
whether it joins their record. Nobody else, not the whole staff, ever sees one."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.cases.models import Case, CircleRole, Incident
from harbour.evidence import pack
from harbour.observations import services
from harbour.observations.models import Observation, Source, Status
from harbour.retention import subject_access
from harbour.risk import state as risk_state
from harbour.schools.models import Role
from harbour.statistics import periods
from harbour.statistics import selectors as statistics
from tests import factories
from tests.conftest import PERSONAS

SECRET = "asked which classroom Erin teaches in on Thursdays"


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def file(world, by=None, about=None, kind="asked_about", **values) -> Observation:
    by = by or world.colleague
    with transaction.atomic():
        return services.file_observation(
            origin=factories.origin(by),
            filer=by,
            about=about or world.employee,
            kind=kind,
            **{
                "description": f"A man at the gate {SECRET}.",
                "seen_on": _yesterday(),
                "location": "near_site",
                "person_description": "Tall man in a red coat",
                **values,
            },
        )


def _page(client, path):
    response = client.get(path)
    return response.status_code, response.content.decode()


# --- who sees it ---------------------------------------------------------------------------------


def test_any_colleague_files_from_the_page(world):
    client = world.client("colleague")
    assert client.get("/observations/new/").status_code == 200
    response = client.post(
        "/observations/new/",
        {
            "about": world.employee.pk,
            "kind": "asked_about",
            "description": f"A parent {SECRET}.",
            "seen_on_0": "2",
            "seen_on_1": "11",
            "seen_on_2": "2026",
            "seen_time": "15:40",
            "location": "on_site",
            "person_description": "Woman with a pushchair",
        },
    )
    observation = Observation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/observations/{observation.pk}/"
    assert observation.filed_by == world.colleague and observation.status == Status.AWAITING
    assert observation.seen_time == datetime.time(15, 40)
    assert AuditEvent.objects.filter(action="observation.filed", object_id=str(observation.pk)).exists()


def test_bad_input_is_shown_beside_the_field(world):
    client = world.client("colleague")
    response = client.post("/observations/new/", {"about": world.colleague.pk, "seen_on_0": "31"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    for field in ("about", "kind", "description", "seen_on", "location", "person_description"):
        assert f'href="#id_{field}' in body, field
    assert not Observation.objects.exists()


def test_nobody_can_file_about_themselves(world):
    with pytest.raises(ValidationError) as error:
        file(world, by=world.employee, about=world.employee)
    assert "about" in error.value.message_dict


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_restricted_group_the_employee_and_the_filer_see_it(world, persona):
    observation = file(world)
    path = f"/observations/{observation.pk}/"
    if persona == "anonymous":
        assert world.client(persona).get(path).status_code == 302
        return
    client = world.client(persona)
    status, body = _page(client, path)
    api = factories.api_client(getattr(world, persona)).get(f"/api/v1/observations/{observation.pk}")
    if persona in {"head", "manager"}:  # the headteacher; the owner of the employee's case
        assert status == 200 and SECRET in body and "Waiting for the employee" in body
        assert api.status_code == 200 and api.json()["status"] == "awaiting"
    elif persona == "employee":
        assert status == 302 and client.get(path, follow=True).status_code == 200
        assert api.status_code == 200 and api.json()["status"] == "awaiting"
    elif persona == "colleague":  # the filer: what they wrote, not what happened next
        assert status == 200 and SECRET in body and "Waiting for the employee" not in body
        assert api.status_code == 200 and api.json()["status"] is None
    else:  # everyone else on the staff, the circle included
        assert status == 404 and SECRET not in body
        assert api.status_code == 404 and SECRET not in api.content.decode()
        listed = factories.api_client(getattr(world, persona)).get("/api/v1/observations")
        assert listed.status_code == 200 and listed.json()["count"] == 0
        assert SECRET not in listed.content.decode()
        # Their own pages answer (an error page would hide nothing): the observation is not on them.
        for own in ("/observations/", "/", "/work/signals/"):
            response = client.get(own)
            assert response.status_code == 200, own
            assert SECRET not in response.content.decode(), own
            assert f"/observations/{observation.pk}/" not in response.content.decode(), own


def test_reading_it_is_recorded(world):
    observation = file(world)
    world.client("head").get(f"/observations/{observation.pk}/")
    factories.api_client(world.manager).get(f"/api/v1/observations/{observation.pk}")
    world.client("member").get(f"/observations/{observation.pk}/")  # 404: nothing to record
    viewers = AuditEvent.objects.filter(action="observation.viewed", object_id=str(observation.pk))
    assert sorted(viewers.values_list("actor__username", flat=True)) == ["head", "manager"]


def test_a_missing_and_a_hidden_observation_answer_alike(world):
    observation = file(world)
    client = world.client("member")
    assert client.get(f"/observations/{observation.pk}/").status_code == 404
    assert client.get("/observations/999999/").status_code == 404
    api = factories.api_client(world.member)
    assert (
        api.get(f"/api/v1/observations/{observation.pk}").json()
        == api.get("/api/v1/observations/999999").json()
    )


def test_the_lists_show_each_only_their_own(world):
    observation = file(world)
    assert SECRET not in world.client("colleague").get("/observations/").content.decode()  # filer: no text
    assert (
        f"/observations/{observation.pk}/" in world.client("colleague").get("/observations/").content.decode()
    )
    assert f"/observations/{observation.pk}/" in world.client("head").get("/observations/").content.decode()
    assert (
        f"/observations/{observation.pk}/"
        not in world.client("member").get("/observations/").content.decode()
    )
    mine = factories.api_client(world.employee).get("/api/v1/observations/about-me").json()
    assert [o["id"] for o in mine["items"]] == [observation.pk]
    filed = factories.api_client(world.colleague).get("/api/v1/observations/filed").json()
    assert filed["items"][0]["id"] == observation.pk and "status" not in filed["items"][0]
    assert factories.api_client(world.colleague).get("/api/v1/observations").json()["count"] == 0
    assert factories.api_client(world.other_head).get("/api/v1/observations").json()["count"] == 0


def test_the_employee_the_head_and_the_owner_are_told_with_a_link_only(
    world, settings, django_capture_on_commit_callbacks
):
    settings.HARBOUR_BASE_URL = "https://harbour.example"
    mail.outbox.clear()
    with_addresses = [world.employee, world.head, world.manager, world.member, world.colleague]
    for staff in with_addresses:
        staff.user.email = f"{staff.user.username}@school.example"
        staff.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        observation = file(world)
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == ["employee@school.example", "head@school.example", "manager@school.example"]
    for message in mail.outbox:
        assert SECRET not in message.body and "Erin" not in message.body and "red coat" not in message.body
        assert f"/observations/{observation.pk}/" in message.body
    employee_mail = next(m for m in mail.outbox if m.to == ["employee@school.example"])
    assert f"/your-support/observations/{observation.pk}/" in employee_mail.body


# --- until accepted it counts for nothing -----------------------------------------------------------


def test_an_unaccepted_observation_counts_towards_nothing(world):
    period = periods.choices(timezone.localdate())[0]
    scope = statistics.scope_of(world.school.pk, world.school.trust_id)
    before_state = risk_state.digest_of(world.case)
    before_counts = statistics.count(scope, period)
    observation = file(world, person=world.person)
    declined = file(world, person=world.person)
    with transaction.atomic():
        services.decline_observation(origin=factories.origin(world.employee), observation=declined)
    assert risk_state.digest_of(world.case) == before_state
    assert risk_state.compute(world.case) == before_state
    assert statistics.count(scope, period) == before_counts
    assert Incident.objects.filter(case=world.case).count() == 1
    outputs = json.dumps(
        [
            pack.contents(world.case, prepared_by=world.manager.user),
            subject_access.person_export(world.person),
            subject_access.employee_export([world.employee]),
        ],
        default=str,
    )
    assert SECRET not in outputs
    assert Observation.objects.get(pk=observation.pk).status == Status.AWAITING


# --- the employee decides -----------------------------------------------------------------------------


def test_accepting_makes_it_an_incident_of_the_case_in_one_go(world):
    observation = file(world, person=world.person)
    period = periods.choices(timezone.localdate())[0]
    scope = statistics.scope_of(world.school.pk, world.school.trust_id)
    counted_before = statistics.count(scope, period)
    client = world.client("employee")
    page = client.get(f"/your-support/observations/{observation.pk}/")
    assert page.status_code == 200 and "Staff portal" in page.content.decode()  # the discreet title
    assert "Exit this page" in page.content.decode()
    response = client.post(f"/your-support/observations/{observation.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    observation.refresh_from_db()
    incident = observation.incident
    assert observation.status == Status.ACCEPTED and observation.case == world.case
    assert incident.case == world.case and incident.behaviours == ["asking_colleagues"]
    assert incident.channel == "third_party" and incident.person == world.person
    assert SECRET in incident.account and incident.witnesses == world.colleague.full_name
    assert AuditEvent.objects.filter(action="observation.accepted", case=world.case).exists()
    assert AuditEvent.objects.filter(action="incident.recorded", object_id=str(incident.pk)).exists()
    assert any(f.incident_id == incident.pk for f in risk_state.digest_of(world.case).facts)
    assert risk_state.digest_of(world.case) == risk_state.compute(world.case)
    contents = json.dumps(pack.contents(world.case, prepared_by=world.manager.user), default=str)
    assert SECRET in contents
    assert statistics.count(scope, period) != counted_before  # now it counts, as an incident
    # Decided once: a second decision changes nothing.
    again = client.post(f"/your-support/observations/{observation.pk}/", {"decision": "decline"})
    assert again.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.ACCEPTED


def test_declining_keeps_it_and_adds_nothing(world):
    observation = file(world)
    api = factories.api_client(world.employee)
    response = api.post(f"/api/v1/observations/{observation.pk}/decline", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert Observation.objects.filter(pk=observation.pk, status=Status.DECLINED, incident=None).exists()
    assert Incident.objects.filter(case=world.case).count() == 1
    again = api.post(f"/api/v1/observations/{observation.pk}/acceptance", {}, content_type="application/json")
    assert again.status_code == 422


def test_only_the_employee_decides(world):
    observation = file(world)
    for persona in ("head", "manager", "colleague"):
        api = factories.api_client(getattr(world, persona))
        response = api.post(
            f"/api/v1/observations/{observation.pk}/acceptance", {}, content_type="application/json"
        )
        assert response.status_code == 404
        page = world.client(persona).post(
            f"/your-support/observations/{observation.pk}/", {"decision": "accept"}
        )
        assert page.status_code == 404
    observation.refresh_from_db()
    assert observation.status == Status.AWAITING


def test_without_a_case_accepting_opens_one_only_with_agreement(world):
    world.colleague.line_manager = world.other_manager
    world.colleague.save()
    observation = file(world, by=world.member, about=world.colleague, kind="seeking_out")
    client = world.client("colleague")
    refused = client.post(f"/your-support/observations/{observation.pk}/", {"decision": "accept"})
    assert refused.status_code == 200 and "Say whether you agree to open one" in refused.content.decode()
    assert not Case.objects.filter(members__staff=world.colleague).exists()
    response = client.post(
        f"/your-support/observations/{observation.pk}/", {"decision": "accept", "open_case": "on"}
    )
    assert response.status_code == 302
    case = Case.objects.get(members__staff=world.colleague, members__role=CircleRole.EMPLOYEE)
    assert case.owner == world.other_manager
    observation.refresh_from_db()
    assert observation.case == case and observation.incident.behaviours == ["seeking_out"]
    assert AuditEvent.objects.filter(action="case.opened", case=case).exists()


def test_something_else_needs_the_behaviour_named(world):
    observation = file(world, kind="other")
    api = factories.api_client(world.employee)
    path = f"/api/v1/observations/{observation.pk}/acceptance"
    missing = api.post(path, {}, content_type="application/json")
    assert missing.status_code == 422 and "behaviour" in missing.json()["errors"]
    unknown = api.post(path, {"behaviour": "made_up"}, content_type="application/json")
    assert unknown.status_code == 422
    ok = api.post(path, {"behaviour": "unwanted_gifts"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert Incident.objects.get(pk=ok.json()["incident_id"]).behaviours == ["unwanted_gifts"]


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_files_with_typed_limits(world):
    api = factories.api_client(world.colleague)
    body = {
        "about_id": world.employee.pk,
        "kind": "asked_about",
        "description": "Asked when she leaves.",
        "seen_on": _yesterday().isoformat(),
        "location": "on_site",
        "person_description": "Red coat",
    }
    assert (
        api.post("/api/v1/observations", {**body, "extra": 1}, content_type="application/json").status_code
        == 422
    )
    too_long = {**body, "description": "x" * 2001}
    assert api.post("/api/v1/observations", too_long, content_type="application/json").status_code == 422
    assert (
        api.post("/api/v1/observations", {**body, "kind": "x"}, content_type="application/json").status_code
        == 422
    )
    hidden = {**body, "person_id": world.person.pk}  # a person the colleague may not see
    assert api.post("/api/v1/observations", hidden, content_type="application/json").status_code == 422
    other = {**body, "about_id": world.other_head.pk}
    assert api.post("/api/v1/observations", other, content_type="application/json").status_code == 422
    created = api.post("/api/v1/observations", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] is None


def test_choices_offer_only_people_the_filer_may_see(world):
    colleague = factories.api_client(world.colleague).get("/api/v1/observations/choices").json()
    assert colleague["people"] == []
    assert world.colleague.pk not in [s["id"] for s in colleague["staff"]]
    assert world.employee.pk in [s["id"] for s in colleague["staff"]]
    assert world.other_head.pk not in [s["id"] for s in colleague["staff"]]
    head = factories.api_client(world.head).get("/api/v1/observations/choices").json()
    assert world.person.pk in [p["id"] for p in head["people"]]


def test_reception_logs_someone_asking_for_staff_by_name(world):
    client = world.client("front_office")
    assert "/observations/front-desk/" in client.get("/front-desk/").content.decode()
    response = client.post(
        "/observations/front-desk/",
        {
            "about": world.colleague.pk,
            "description": "Asked whether Mr League was in today.",
            "seen_on_0": str(_yesterday().day),
            "seen_on_1": str(_yesterday().month),
            "seen_on_2": str(_yesterday().year),
            "location": "phone",
            "person_description": "A man's voice, would not give a name",
        },
    )
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.source == Source.FRONT_DESK and observation.kind == "asked_by_name"
    assert world.client("colleague").get(f"/observations/{observation.pk}/").status_code == 302
    assert world.client("employee").get("/observations/front-desk/").status_code == 404


# --- lists do not grow with the data ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("head", "/observations/"),
        ("colleague", "/observations/"),
        ("employee", "/your-support/observations/"),
        ("head", "/api/v1/observations"),
        ("colleague", "/api/v1/observations/filed"),
        ("employee", "/api/v1/observations/about-me"),
    ],
)
def test_lists_do_not_grow_with_the_data(world, persona, path):
    client = (
        factories.api_client(getattr(world, persona)) if path.startswith("/api/") else world.client(persona)
    )
    file(world)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    small = count()
    for _ in range(6):
        filer = factories.make_staff(world.school, Role.LINE_MANAGER)
        file(world, by=filer if persona != "colleague" else world.colleague)
    assert count() == small


def test_erasing_the_case_takes_its_observations_with_it(world):
    from harbour.cases import services as case_services
    from harbour.retention import erasure

    accepted = file(world, person=world.person)
    awaiting = file(world, person=world.person)
    with transaction.atomic():
        services.accept_observation(origin=factories.origin(world.employee), observation=accepted)
        case_services.change_case_status(
            origin=factories.origin(world.manager), case=world.case, status="closed"
        )
    later = timezone.now() + datetime.timedelta(days=3650)
    assert erasure.erase_case(
        origin=factories.origin(world.admin), case_id=world.case.pk, months=1, now=later
    )
    assert not Observation.objects.filter(pk__in=[accepted.pk, awaiting.pk]).exists()


def test_the_demo_has_observations_awaiting_their_employee(db):
    from harbour import demo

    demo.load(schools=False)
    observations = list(Observation.objects.select_related("about", "filed_by"))
    assert len(observations) == 3 and {o.status for o in observations} == {Status.AWAITING}
    assert {o.source for o in observations} == {Source.COLLEAGUE, Source.FRONT_DESK}
    amira = next(o for o in observations if o.about.full_name == "Amira Hassan")
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="helen"))
    assert amira.description in client.get(f"/observations/{amira.pk}/").content.decode()
    client.force_login(get_user_model().objects.get(username="sam"))  # the champion: not the group
    assert client.get(f"/observations/{amira.pk}/").status_code == 404


def test_the_service_keeps_the_models_limits(world):
    with pytest.raises(ValidationError) as error:
        file(world, person_description="x" * 1001)
    assert "person_description" in error.value.message_dict
    assert not Observation.objects.exists()


def test_your_support_tells_only_the_employee_one_is_waiting(world):
    """The employee learns of it on Your support (page and API) until they decide;
    the filer and the head, whose own Your support it is not, see no such prompt."""
    observation = file(world)
    status, body = _page(world.client("employee"), "/your-support/")
    assert status == 200 and 'id="observations-waiting"' in body and "(1 waiting)" in body
    assert SECRET not in body
    api = factories.api_client(world.employee)
    assert api.get("/api/v1/your-support").json()["observations_waiting"] == 1
    for persona in ("colleague", "head"):
        assert 'id="observations-waiting"' not in _page(world.client(persona), "/your-support/")[1]
        api = factories.api_client(getattr(world, persona))
        assert api.get("/api/v1/your-support").json()["observations_waiting"] == 0
    api = factories.api_client(world.employee)
    api.post(f"/api/v1/observations/{observation.pk}/decline", {}, content_type="application/json")
    assert 'id="observations-waiting"' not in _page(world.client("employee"), "/your-support/")[1]
    assert api.get("/api/v1/your-support").json()["observations_waiting"] == 0
