"""List pages show a page at a time, with filters that narrow and keep across
pages, defaults that start with the work in hand, and nothing outside the user's
reach on any page."""

import re

import pytest
from django.utils import timezone

from harbour.audit import selectors as audit_selectors
from harbour.audit.models import AuditEvent
from harbour.cases import services as case_services
from harbour.plans import services as plans
from harbour.prevention import services as prevention
from harbour.schools.models import Role
from tests import factories


def _cases(world, how_many, owner=None, prefix="Bulk"):
    owner = owner or world.manager
    made = []
    for n in range(how_many):
        employee = factories.make_staff(owner.school, with_user=False, full_name=f"{prefix} {n}")
        made.append(factories.make_case(owner, employee))
    return made


def _refs(body) -> list[str]:
    return re.findall(r'href="/cases/\d+/">(HB-\d+)</a>', body)


def _close(world, case):
    case_services.change_case_status(origin=factories.origin(world.manager), case=case, status="closed")


def test_case_list_pages_newest_first_without_repeats(world):
    made = _cases(world, 30)  # 31 with the world's case
    client = world.client("manager")
    first = _refs(client.get("/cases/").content.decode())
    second = _refs(client.get("/cases/?page=2").content.decode())
    assert len(first) == 25 and len(second) == 6
    assert not set(first) & set(second)
    assert first[0] == made[-1].reference  # newest first
    assert second[-1] == world.case.reference
    assert "Showing 1 to 25 of 31 cases" in client.get("/cases/").content.decode()


def test_case_list_default_is_open_and_monitored_cases_only(world):
    closed, monitored = _cases(world, 2)
    _close(world, closed)
    case_services.change_case_status(
        origin=factories.origin(world.manager), case=monitored, status="monitoring"
    )
    client = world.client("manager")
    default = _refs(client.get("/cases/").content.decode())
    assert closed.reference not in default
    assert {monitored.reference, world.case.reference} <= set(default)
    assert _refs(client.get("/cases/?status=closed").content.decode()) == [closed.reference]
    assert _refs(client.get("/cases/?status=monitoring").content.decode()) == [monitored.reference]
    assert closed.reference in _refs(client.get("/cases/?status=any").content.decode())
    # A made-up status is the default, not an error.
    response = client.get("/cases/?status=nonsense&school=abc&whose=x")
    assert response.status_code == 200 and _refs(response.content.decode()) == default


def test_filters_are_kept_in_the_page_links(world):
    _cases(world, 30)
    body = world.client("manager").get("/cases/?status=any&whose=mine").content.decode()
    assert 'href="?status=any&amp;whose=mine&amp;page=2"' in body
    assert '<option value="any" selected>' in body
    assert '<option value="mine" selected>' in body


def test_mine_keeps_the_users_own_cases(world):
    (others,) = _cases(world, 1, owner=world.other_manager)
    head = world.client("head")
    assert others.reference in _refs(head.get("/cases/").content.decode())
    assert others.reference not in _refs(head.get("/cases/?whose=mine").content.decode())
    manager = world.client("manager")
    assert _refs(manager.get("/cases/?whose=mine").content.decode()) == [world.case.reference]


def test_reference_search_and_its_message(world):
    (other,) = _cases(world, 1)
    client = world.client("manager")
    assert _refs(client.get(f"/cases/?reference={other.reference}").content.decode()) == [other.reference]
    assert _refs(client.get(f"/cases/?reference={other.pk}").content.decode()) == [other.reference]
    response = client.get("/cases/?reference=not-a-reference")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a case reference like HB-00012" in body and 'id="reference-error"' in body
    assert _refs(body) == []
    # Someone else's case by reference is no more visible than in the list.
    (hidden,) = _cases(world, 1, owner=world.other_head)
    assert _refs(world.client("manager").get(f"/cases/?reference={hidden.reference}").content.decode()) == []


def _head_of_both(world):
    """A headteacher of both schools: one user, a staff record in each."""
    from harbour.schools.models import RoleAssignment, StaffMember

    here = factories.make_staff(world.school, Role.HEADTEACHER, username="both")
    there = StaffMember.objects.create(school=world.other_school, user=here.user, full_name=here.full_name)
    RoleAssignment.objects.create(staff=there, role=Role.HEADTEACHER)
    client = world.client("anonymous")
    client.force_login(here.user)
    return client


def test_school_filter_for_someone_in_two_schools(world):
    (there,) = _cases(world, 1, owner=world.other_head)
    client = _head_of_both(world)
    everything = _refs(client.get("/cases/").content.decode())
    assert {there.reference, world.case.reference} <= set(everything)
    assert 'id="school"' in client.get("/cases/").content.decode()
    assert _refs(client.get(f"/cases/?school={world.other_school.pk}").content.decode()) == [there.reference]
    assert there.reference not in _refs(client.get(f"/cases/?school={world.school.pk}").content.decode())
    # A school the user is not in is no filter at all, never a way in.
    outsider = factories.make_school("Elsewhere")
    assert set(_refs(client.get(f"/cases/?school={outsider.pk}").content.decode())) == set(everything)
    # One school: no school filter to choose.
    assert 'id="school"' not in world.client("head").get("/cases/").content.decode()


def test_another_schools_cases_are_on_no_page(world):
    hidden = _cases(world, 3, owner=world.other_head)
    _cases(world, 30)
    client = world.client("head")
    seen = set()
    for page in (1, 2, 3):
        seen |= set(_refs(client.get(f"/cases/?status=any&page={page}").content.decode()))
    assert len(seen) == 31
    assert not seen & {case.reference for case in hidden}


def test_the_list_view_audit_names_only_the_cases_on_the_page(world):
    made = _cases(world, 30)
    world.client("manager").get("/cases/?page=2")
    event = AuditEvent.objects.filter(action="case.listed").latest("id")
    shown = {case.pk for case in [world.case, *made[:5]]}
    assert set(event.detail["case_ids"]) == shown


def test_my_work_links_each_section_in_full(world):
    today = timezone.localdate()
    for n in range(26):
        plans.add_action(
            origin=factories.origin(world.manager),
            case=world.case,
            section="other",
            values={"agreed": f"Action {n}", "owner": world.member, "next_review_on": today},
        )
    _cases(world, 25)
    body = world.client("manager").get("/").content.decode()
    assert 'href="/work/actions/"' in body
    assert 'href="/cases/?whose=mine"' in body
    assert 'href="/work/decisions/"' not in body  # there are not more decisions
    section = world.client("manager").get("/work/actions/")
    assert "Showing 1 to 25 of 26 results" in section.content.decode()
    assert world.client("manager").get("/work/actions/?page=2").content.decode().count("Look again") == 1
    # The member of the circle owns none of it: nothing for them here.
    assert "Look again" not in world.client("member").get("/work/actions/").content.decode()


def test_my_work_sections_signals_and_decisions(world):
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["threats"])
    plans.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="contact",
        values={"agreed": "Meet only at reception", "owner": world.member},
    )
    head = world.client("head")
    assert f"on case {world.case.reference}" in head.get("/work/signals/").content.decode()
    assert (
        f"case {world.case.reference}</a> needs your decision"
        in head.get("/work/decisions/").content.decode()
    )
    # Decisions are the headteacher's; signals are for whoever answers for the case.
    assert "needs your decision" not in world.client("manager").get("/work/decisions/").content.decode()
    assert world.case.reference not in world.client("other_head").get("/work/signals/").content.decode()
    assert world.case.reference not in world.client("colleague").get("/work/reviews/").content.decode()
    assert head.get("/work/nothing-like-this/").status_code == 404


@pytest.mark.parametrize("path", ["/people/?q=Bulk", "/people/?q=bulk&page=2"])
def test_people_search_pages(world, path):
    for n in range(27):
        factories.make_person(world.school, world.manager, name=f"Bulk person {n:02d}")
    body = world.client("head").get(path).content.decode()
    names = re.findall(r"Bulk person \d\d", body)
    assert "Pat Concern" not in body  # the search narrows
    assert len(names) == (25 if "page=2" not in path else 2)
    assert "Showing" in body


def test_people_from_another_school_are_not_listed(world):
    factories.make_person(world.other_school, world.other_head, name="Elsewhere Person")
    assert "Elsewhere Person" not in world.client("head").get("/people/?q=Elsewhere").content.decode()
    assert "Elsewhere Person" in world.client("other_head").get("/people/?q=Elsewhere").content.decode()


def test_check_ins_page_and_filter_by_concern(world):
    today = timezone.localdate()
    for _ in range(26):
        prevention.record_check_in(
            origin=factories.origin(world.manager), employee=world.colleague, held_on=today, concern="no"
        )
    prevention.record_check_in(
        origin=factories.origin(world.manager), employee=world.member, held_on=today, concern="yes"
    )
    client = world.client("head")
    assert "Showing 1 to 25 of 27 check-ins" in client.get("/check-ins/").content.decode()
    raised = client.get("/check-ins/?concern=raised").content.decode()
    assert "Mel Member" in raised and "Col League" not in raised
    assert "Mel Member" not in client.get("/check-ins/?concern=none").content.decode()
    assert client.get("/check-ins/?concern=bogus&school=x&page=zz").status_code == 200
    # Another school's head sees none of them.
    assert "Col League" not in world.client("other_head").get("/check-ins/").content.decode()


def test_access_log_pages(world):
    head = world.client("head")
    for _ in range(audit_selectors.PAGE_SIZE + 10):
        head.get(f"/cases/{world.case.pk}/")
    client = world.client("employee")
    first = client.get(f"/cases/{world.case.pk}/access-log/").content.decode()
    assert 'href="?page=2"' in first and f"Showing 1 to {audit_selectors.PAGE_SIZE} of" in first
    second = client.get(f"/cases/{world.case.pk}/access-log/?page=2").content.decode()
    assert f"Showing {audit_selectors.PAGE_SIZE + 1} to" in second


def test_staff_directory_search_and_pages(world):
    for n in range(55):
        factories.make_staff(world.school, with_user=False, full_name=f"Directory {n:02d}")
    client = world.client("admin")
    body = client.get("/staff/").content.decode()
    assert "Showing 1 to 50 of" in body and 'href="?page=2"' in body
    found = client.get("/staff/?q=Directory 0").content.decode()
    assert (
        len(re.findall(r'<td class="govuk-table__cell">Directory 0\d', found)) == 10
        and "Erin Employee" not in found
    )
    assert "Olive Head" not in client.get("/staff/?q=Olive").content.decode()  # another school


def test_diary_pages(world):
    from harbour.diary import services as diary

    for n in range(26):
        diary.write_entry(
            origin=factories.origin(world.employee),
            author=world.employee,
            values={
                "occurred_on": timezone.localdate(),
                "location": "online",
                "behaviours": ["unwanted_messages"],
                "account": f"Message number {n:02d}",
            },
        )
    client = world.client("employee")
    assert client.get("/diary/").content.decode().count('href="/diary/') >= 25
    assert "Showing 26 to 26 of 26 entries" in client.get("/diary/?page=2").content.decode()


def test_front_desk_pages_and_keeps_the_search(world):
    from tests.web.test_query_counts import _fill_alerts

    _fill_alerts(world, 25)
    client = world.client("front_office")
    body = client.get("/front-desk/?q=visitor").content.decode()
    assert body.count('class="govuk-summary-card alert"') == 20
    assert 'href="?q=visitor&amp;page=2"' in body
    second = client.get("/front-desk/?q=visitor&page=2").content.decode()
    assert second.count('class="govuk-summary-card alert"') == 5
    # The other school's reception sees none of them.
    other_desk = factories.make_staff(world.other_school, Role.FRONT_OFFICE)
    client = world.client("anonymous")
    client.force_login(other_desk.user)
    assert "Visitor" not in client.get("/front-desk/?q=visitor").content.decode()
