"""An administrator of a school in a trust adds a school to that trust, with its
settings, and becomes its first administrator; nobody else can."""

from harbour.audit.models import AuditEvent
from harbour.schools.models import Role, School, StaffMember
from tests import factories

VALID = {"name": "Lakeside Academy", "conduct_gap_days": "60", "escalation_window_days": "28"}


def form_data(world, **overrides):
    data = {"trust": world.school.trust_id, **VALID, "awareness_renewal_months": "12", **overrides}
    return data


def test_an_administrator_adds_a_school_to_their_trust(world):
    admin = world.client("admin")
    page = admin.get("/school-settings/new/")
    assert page.status_code == 200 and "Add a school" in page.content.decode()
    response = admin.post("/school-settings/new/", form_data(world))
    school = School.objects.get(name="Lakeside Academy")
    assert response.status_code == 302 and response["Location"] == f"/staff/{school.pk}/import/"
    assert school.trust_id == world.school.trust_id and school.conduct_gap_days == 60
    record = StaffMember.objects.get(school=school)
    assert record.user == world.admin.user and record.full_name == world.admin.full_name
    assert set(record.roles.values_list("role", flat=True)) == {Role.EMPLOYEE, Role.ADMINISTRATOR}
    event = AuditEvent.objects.get(action="school.added")
    assert event.school == school and event.detail["administrator"] == record.pk
    # Their next request reaches the new school: its import page and its settings.
    assert admin.get(response["Location"]).status_code == 200
    assert admin.get(f"/school-settings/{school.pk}/").status_code == 200


def test_bad_settings_are_shown_beside_their_fields_and_nothing_is_added(world):
    admin = world.client("admin")
    response = admin.post("/school-settings/new/", form_data(world, name="", conduct_gap_days="0"))
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Enter the school&#x27;s name." in body and "Enter at least 1 day." in body
    response = admin.post("/school-settings/new/", form_data(world, name="riverside test school"))
    assert "already has a school called" in response.content.decode()
    other_trust = factories.make_trust()
    response = admin.post("/school-settings/new/", form_data(world, trust=other_trust.pk))
    assert "Choose one of your trusts." in response.content.decode()
    assert School.objects.count() == 2 and not AuditEvent.objects.filter(action="school.added").exists()


def test_nobody_but_an_administrator_in_a_trust(world):
    for persona in ("head", "trust_lead", "manager", "employee", "other_head"):
        assert world.client(persona).get("/school-settings/new/").status_code == 404
        assert world.client(persona).post("/school-settings/new/", form_data(world)).status_code == 404
    # An administrator of a school outside any trust has no trust to add to.
    lone = factories.make_school("Lone School")
    lone_admin = factories.make_staff(lone, Role.ADMINISTRATOR, username="lone_admin")
    client = world.client("anonymous")
    client.force_login(lone_admin.user)
    assert client.get("/school-settings/new/").status_code == 404
    assert not School.objects.filter(name="Lakeside Academy").exists()
