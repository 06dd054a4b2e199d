"""Reads of the case record, shaped for pages and the API. Every function takes
what harbour.access has already allowed; none widens it."""

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from harbour.cases import conduct, records
from harbour.cases.models import Case, CaseMember, CircleRole, Incident, IncidentAmendment, PersonOfConcern
from harbour.schools.models import StaffMember


def case_list(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with what a list row shows, in a fixed number of queries. The counts
    are aggregated over every case given: pass a page (see case_rows), not a trust."""
    employees = CaseMember.objects.filter(role=CircleRole.EMPLOYEE).select_related("staff")
    return (
        cases.select_related("school", "owner")
        .annotate(
            incident_count=Count("incidents", distinct=True), last_incident_on=Max("incidents__occurred_on")
        )
        .prefetch_related(
            Prefetch("members", queryset=employees, to_attr="employee_members"),
            Prefetch("people", queryset=PersonOfConcern.objects.order_by("name", "id")),
        )
        .order_by("-opened_at", "-id")
    )


def case_rows(page) -> list[Case]:
    """The rows of one page of cases (a sliced queryset or a list), in the page's
    order, with their counts and names: the aggregates run over these cases'
    incidents only, so a page costs the same in a small school as in a trust."""
    ids = [case.pk for case in page]
    found = {case.pk: case for case in case_list(Case.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def people_list(people: QuerySet[PersonOfConcern], *, query: str = "", school_id: int | None = None):
    """People of concern (already narrowed by harbour.access) matching a name or other
    name, by name with the id as tie-breaker."""
    if school_id:
        people = people.filter(school_id=school_id)
    query = query.strip()
    if query:
        people = people.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
    return people.select_related("school").order_by("name", "id")


def incidents_with_amendments(case: Case) -> QuerySet[Incident]:
    amendments = IncidentAmendment.objects.select_related("by").order_by("at", "id")
    return case.incidents.select_related("recorded_by").prefetch_related(
        Prefetch("amendments", queryset=amendments)
    )


def chronology(case: Case) -> list[records.IncidentRecord]:
    """The incidents as they stand now, in the order they happened."""
    return records.current_all(incidents_with_amendments(case))


def occasions(incident_records) -> list[conduct.Occasion]:
    return [
        conduct.Occasion(
            incident_id=record.pk,
            occurred_on=record.occurred_on,
            person_id=record.person,
            employee_id=record.employee,
            behaviours=frozenset(record.behaviours),
            impacts=frozenset(record.impacts),
        )
        for record in incident_records
    ]


def conduct_for(case: Case, incident_records=None) -> conduct.ConductResult:
    incident_records = chronology(case) if incident_records is None else incident_records
    return conduct.assess(occasions(incident_records), gap_days=case.school.conduct_gap_days)


@dataclass
class Names:
    """Names for the staff and people an incident's ids point at, including anyone
    since unlinked from the case, so the record still reads as it was written."""

    staff_by_id: dict
    people_by_id: dict


def names_for(case: Case, incident_records, members=None, people=None, amendments=()) -> Names:
    members = list(case.members.select_related("staff")) if members is None else members
    people = list(case.people.all()) if people is None else people
    staff_by_id = {m.staff_id: m.staff for m in members}
    staff_by_id[case.owner_id] = case.owner
    staff_ids = {r.employee for r in incident_records}
    person_ids = {r.person for r in incident_records if r.person}
    for amendment in amendments:
        for name, ids in (("employee", staff_ids), ("person", person_ids)):
            change = amendment.changes.get(name)
            if change:
                ids.update(value for value in (change["from"], change["to"]) if value)
    missing_staff = staff_ids - set(staff_by_id)
    if missing_staff:
        staff_by_id.update({s.pk: s for s in StaffMember.objects.filter(pk__in=missing_staff)})
    people_by_id = {p.pk: p for p in people}
    missing_people = person_ids - set(people_by_id)
    if missing_people:
        people_by_id.update({p.pk: p for p in PersonOfConcern.objects.filter(pk__in=missing_people)})
    return Names(staff_by_id=staff_by_id, people_by_id=people_by_id)


@dataclass
class CaseView:
    case: Case
    employees: list
    members: list
    people: list
    incidents: list
    conduct: conduct.ConductResult
    names: Names


def case_view(case: Case) -> CaseView:
    members = list(case.members.select_related("staff").order_by("role", "staff__full_name"))
    people = list(case.people.order_by("name", "id"))
    incident_records = chronology(case)
    return CaseView(
        case=case,
        employees=[m.staff for m in members if m.role == CircleRole.EMPLOYEE],
        members=members,
        people=people,
        incidents=incident_records,
        conduct=conduct_for(case, incident_records),
        names=names_for(case, incident_records, members, people),
    )


def employees_of(case: Case) -> list[StaffMember]:
    return [
        m.staff
        for m in case.members.filter(role=CircleRole.EMPLOYEE)
        .select_related("staff")
        .order_by("staff__full_name")
    ]


@dataclass
class CasePage:
    """What the case page shows of the record: every count and rule result from the
    case's kept digest (risk.state), and the full account only of the incidents on
    the page of the chronology asked for, so a case of 200 incidents costs what one
    of 20 does. `incidents` are the digest's facts for every incident."""

    case: Case
    employees: list
    members: list
    people: list
    incidents: list
    conduct: conduct.ConductResult
    names: Names
    shown: list  # IncidentRecords of the chronology page, newest first


def case_page(case: Case, facts, shown_ids) -> CasePage:
    members = list(case.members.select_related("staff").order_by("role", "staff__full_name"))
    # With their school: the "one person, several staff" check reads the trust from it.
    people = list(case.people.select_related("school").order_by("name", "id"))
    shown = records.current_all(incidents_with_amendments(case).filter(pk__in=list(shown_ids)))
    return CasePage(
        case=case,
        employees=[m.staff for m in members if m.role == CircleRole.EMPLOYEE],
        members=members,
        people=people,
        incidents=list(facts),
        conduct=conduct.assess([f.as_occasion() for f in facts], gap_days=case.school.conduct_gap_days),
        names=names_for(case, [*facts, *shown], members, people),
        shown=list(reversed(shown)),
    )
