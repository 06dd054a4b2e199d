"""The employee's travel arrangement: recorded by them, kept as a history, seen
by them and their case manager, and by the others they chose."""

import pytest
from django.core.exceptions import ValidationError

from harbour import access
from harbour.audit.models import AuditEvent
from harbour.audit.services import Origin
from harbour.cases import confidentiality
from harbour.cases import services as case_services
from harbour.plans import travel
from harbour.plans.models import TravelArrangement
from tests import factories

FIRST = {
    "contact_name": "Sam Partner",
    "contact_relationship": "partner",
    "contact_phone": "07700 900123",
    "check_in_with": "Sam",
    "check_in_when": "A message when I leave and when I get home.",
    "if_no_check_in": "Sam rings me, then my sister, then 999.",
}


def _record(w, **changes):
    return travel.record(origin=Origin(user=w.employee.user), case=w.case, values={**FIRST, **changes})


def _form(**changes) -> dict:
    data = {**FIRST, **changes}
    return {k: v for k, v in data.items() if v is not False}


def test_the_employee_records_their_arrangement_on_the_page(world):
    client = world.client("employee")
    page = client.get(f"/cases/{world.case.pk}/plan/travel/")
    assert page.status_code == 200 and "Nothing recorded yet." in page.content.decode()
    response = client.post(f"/cases/{world.case.pk}/plan/travel/", _form())
    assert response.status_code == 302
    saved = TravelArrangement.objects.get(case=world.case)
    assert saved.contact_phone == "07700 900123" and saved.recorded_by == world.employee.user
    assert saved.shared_with_case_team is False
    body = client.get(f"/cases/{world.case.pk}/plan/travel/").content.decode()
    assert "Sam Partner" in body and "Only the employee and the case manager" in body


def test_saving_again_keeps_the_earlier_version(world):
    first = _record(world)
    second = _record(world, contact_phone="07700 900456")
    assert TravelArrangement.objects.filter(case=world.case).count() == 2
    first.refresh_from_db()
    assert first.contact_phone == "07700 900123"  # never overwritten
    assert travel.current(world.case) == second
    assert [a.pk for a in travel.history(world.case)] == [second.pk, first.pk]
    body = world.client("employee").get(f"/cases/{world.case.pk}/plan/travel/").content.decode()
    assert 'id="travel-history"' in body and "07700 900123" in body


def test_each_save_is_audited_by_field_name_without_the_numbers(world):
    _record(world)
    arrangement = _record(world, contact_phone="07700 900456")
    event = AuditEvent.objects.filter(action="travel_arrangement.recorded").order_by("-id").first()
    assert event.object_id == str(arrangement.pk) and event.case_id == world.case.pk
    assert event.detail["fields"] == ["contact_phone"]
    assert "07700" not in str(event.detail) and "Sam" not in str(event.detail)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"contact_name": ""}, "contact_name"),
        ({"contact_phone": ""}, "contact_phone"),
        ({"contact_phone": "call Sam"}, "contact_phone"),
        ({"second_contact_name": "Jo"}, "second_contact_phone"),
        ({"second_contact_phone": "07700 900999"}, "second_contact_name"),
        ({"check_in_with": ""}, "check_in_with"),
        ({"check_in_when": "x" * 501}, "check_in_when"),
    ],
)
def test_bad_arrangements_are_refused_field_by_field(world, changes, field):
    with pytest.raises(ValidationError) as refused:
        _record(world, **changes)
    assert field in refused.value.message_dict
    assert not TravelArrangement.objects.exists()


def test_a_bad_form_shows_the_error_beside_the_field(world):
    response = world.client("employee").post(
        f"/cases/{world.case.pk}/plan/travel/", _form(contact_phone="soon")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'id="id_contact_phone-error"' in body
    assert not TravelArrangement.objects.exists()


def test_who_sees_it_when_it_is_not_shared(world):
    _record(world)
    case = world.case
    assert access.sees_travel_arrangement(world.employee.user, case, False)
    assert access.sees_travel_arrangement(world.manager.user, case, False)
    assert not access.sees_travel_arrangement(world.head.user, case, False)
    assert not access.sees_travel_arrangement(world.member.user, case, False)
    for persona, status in {
        "employee": 200,
        "manager": 200,
        "head": 403,
        "member": 403,
        "colleague": 404,
    }.items():
        response = world.client(persona).get(f"/cases/{case.pk}/plan/travel/")
        assert response.status_code == status, persona
        assert ("Sam Partner" in response.content.decode()) == (status == 200), persona


def test_shared_it_reaches_the_head_the_circle_and_a_champion_who_sees_the_plan(world):
    _record(world, shared_with_case_team=True)
    path = f"/cases/{world.case.pk}/plan/travel/"
    for persona in ("head", "member"):
        assert world.client(persona).get(path).status_code == 200, persona
    # The champion sees the case only through the employee's choice.
    assert world.client("champion").get(path).status_code == 404
    confidentiality.set_choices(
        origin=Origin(user=world.employee.user),
        case=world.case,
        colleagues_may_know="nothing",
        champion_sees="support",
        front_desk_instruction="",
    )
    assert world.client("champion").get(path).status_code == 200
    # Only the employee writes it, even those who may read it.
    for persona in ("manager", "head", "member", "champion"):
        assert world.client(persona).post(path, _form(contact_name="Someone Else")).status_code == 403, (
            persona
        )
    assert travel.current(world.case).contact_name == "Sam Partner"


def test_a_closed_case_keeps_the_arrangement_but_takes_no_changes(world):
    _record(world)
    case_services.change_case_status(
        origin=Origin(user=world.manager.user), case=world.case, status="closed", note="Resolved."
    )
    world.case.refresh_from_db()
    with pytest.raises(ValidationError):
        _record(world, contact_name="Another")
    client = world.client("employee")
    page = client.get(f"/cases/{world.case.pk}/plan/travel/")
    assert page.status_code == 200 and "Save travel arrangements" not in page.content.decode()
    assert client.post(f"/cases/{world.case.pk}/plan/travel/", _form()).status_code == 403


def test_the_travel_api(world):
    path = f"/api/v1/cases/{world.case.pk}/travel-arrangement"
    employee = factories.api_client(world.employee)
    assert employee.get(path).json() == {"current": None, "earlier": []}
    saved = employee.put(path, FIRST, content_type="application/json")
    assert saved.status_code == 200, saved.content
    employee.put(path, {**FIRST, "contact_phone": "07700 900456"}, content_type="application/json")
    read = factories.api_client(world.manager).get(path).json()
    assert read["current"]["contact_phone"] == "07700 900456"
    assert [e["contact_phone"] for e in read["earlier"]] == ["07700 900123"]
    assert factories.api_client(world.head).get(path).status_code == 403
    assert factories.api_client(world.colleague).get(path).status_code == 404
    assert (
        factories.api_client(world.manager).put(path, FIRST, content_type="application/json").status_code
        == 403
    )
    bad = employee.put(path, {**FIRST, "contact_phone": "later"}, content_type="application/json")
    assert bad.status_code == 422 and "contact_phone" in bad.json()["errors"]
    extra = employee.put(path, {**FIRST, "address": "1 High St"}, content_type="application/json")
    assert extra.status_code == 422
    flag = employee.put(path, {**FIRST, "shared_with_case_team": "yes"}, content_type="application/json")
    assert flag.status_code == 422


def test_the_plan_s_travel_section_points_to_the_arrangement_for_those_who_see_it(world):
    path = f"/cases/{world.case.pk}/plan/"
    employee = world.client("employee").get(path).content.decode()
    assert "Record your emergency contacts and check-ins" in employee
    _record(world)
    assert "See or change your emergency contacts" in world.client("employee").get(path).content.decode()
    assert "See the emergency contacts and check-ins" in world.client("manager").get(path).content.decode()
    # Not shared: the head reads the plan but is not pointed at what they may not open.
    head = world.client("head").get(path)
    assert head.status_code == 200 and 'id="travel-arrangement"' not in head.content.decode()
