"""One person, several staff: owners are told, and see no other case's content."""

from django.core import mail

from harbour.risk import patterns
from tests import factories


def test_one_person_two_staff_in_a_school_is_flagged_to_both_owners(
    world, django_capture_on_commit_callbacks
):
    world.manager.user.email = "morgan@example.test"
    world.manager.user.save()
    world.other_manager.user.email = "otto@example.test"
    world.other_manager.user.save()
    assert patterns.patterns_for(world.case) == []
    with django_capture_on_commit_callbacks(execute=True):
        other = factories.make_case(world.other_manager, world.colleague, people=[world.person])
    assert sorted(m.to[0] for m in mail.outbox) == ["morgan@example.test", "otto@example.test"]
    for message in mail.outbox:
        for secret in ("Pat", "Erin", "Col League", world.case.reference, other.reference):
            assert secret not in message.body and secret not in message.subject
    (found,) = patterns.patterns_for(world.case)
    assert found.other_cases == 1 and found.other_schools == 0
    page = world.client("manager").get(f"/cases/{world.case.pk}/").content.decode()
    assert "also named in 1 other open case about another member of staff" in page
    assert other.reference not in page and "Col League" not in page
    secret_incident = factories.record(
        other, world.other_manager, world.colleague, world.person, account="Other case narrative XYZ"
    )
    assert (
        secret_incident.account
        not in world.client("manager").get(f"/cases/{world.case.pk}/").content.decode()
    )


def test_the_same_employee_twice_is_not_several_staff(world):
    factories.make_case(world.other_manager, world.employee, people=[world.person])
    assert patterns.patterns_for(world.case) == []


def test_across_the_trust_by_name_for_the_trust_lead(world):
    elsewhere = factories.make_staff(world.other_school, username="hill_teacher", full_name="Hana Hill")
    hill_manager = factories.make_staff(world.other_school, "line_manager", full_name="Hal Manager")
    namesake = factories.make_person(world.other_school, hill_manager, name="pat concern ")
    factories.make_case(hill_manager, elsewhere, people=[namesake])
    (found,) = patterns.patterns_for(world.case)
    assert found.other_schools == 1
    page = world.client("trust_lead").get("/trust/patterns/").content.decode()
    assert "Pat Concern" in page and "Hillside Test School" in page and "Riverside Test School" in page
    # One cell for the schools, in name order (risk.patterns.pattern_rows joins them).
    assert '<td class="govuk-table__cell">Hillside Test School, Riverside Test School</td>' in page
    for secret in ("Erin", "Hana Hill", world.case.reference, world.incident.account):
        assert secret not in page
    assert world.client("manager").get("/trust/patterns/").status_code == 404
