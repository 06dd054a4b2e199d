"""One person, several staff. When a person of concern is linked to cases about
two or more employees — in one school, or (matched by name) in other schools of
the same trust — that is a course of conduct in itself. Owners are told that it
is so, never what the other cases say."""

from dataclasses import dataclass

from django.db.models import Q

from harbour import notify
from harbour.cases.models import Case, CaseMember, CasePerson, CaseStatus, CircleRole, PersonOfConcern


@dataclass(frozen=True)
class Pattern:
    person: PersonOfConcern
    other_cases: int  # cases about other staff, not this case
    other_schools: int  # of which in other schools of the trust


def _same_person(person: PersonOfConcern) -> Q:
    """This record, and records for someone of the same name in the trust's other schools."""
    same = Q(pk=person.pk)
    trust_id = person.school.trust_id
    if trust_id and person.name.strip():
        same |= Q(school__trust_id=trust_id, name__iexact=person.name.strip())
    return same


def _is_same_person(person: PersonOfConcern, record: PersonOfConcern) -> bool:
    """_same_person as a test of one record, for sorting records fetched together."""
    if record.pk == person.pk:
        return True
    name = person.name.strip()
    return bool(
        person.school.trust_id
        and name
        and record.school.trust_id == person.school.trust_id
        and record.name.lower() == name.lower()
    )


def patterns_for(case) -> list[Pattern]:
    """In a fixed number of queries, however many people the case links."""
    people = list(case.people.select_related("school"))
    if not people:
        return []
    employees = set(case.members.filter(role=CircleRole.EMPLOYEE).values_list("staff_id", flat=True))
    same = Q()
    for person in people:
        same |= _same_person(person)
    records = list(PersonOfConcern.objects.filter(same).select_related("school"))
    links = list(
        CasePerson.objects.filter(person__in=records)
        .exclude(case=case)
        .exclude(case__status=CaseStatus.CLOSED)
        .values_list("person_id", "case_id", "case__school_id")
    )
    about_others = set(
        CaseMember.objects.filter(case_id__in={case_id for _, case_id, _ in links}, role=CircleRole.EMPLOYEE)
        .exclude(staff_id__in=employees)
        .values_list("case_id", flat=True)
    )
    found = []
    for person in people:
        ids = {record.pk for record in records if _is_same_person(person, record)}
        other_cases = {case_id: school_id for person_id, case_id, school_id in links if person_id in ids}
        mine = set(other_cases) & about_others
        if mine:
            schools = {other_cases[case_id] for case_id in mine} - {case.school_id}
            found.append(Pattern(person=person, other_cases=len(mine), other_schools=len(schools)))
    return found


@dataclass(frozen=True)
class TrustPattern:
    name: str
    schools: list[str]
    staff: int


def trust_patterns(trust_ids) -> list[TrustPattern]:
    """For a trust lead: names linked to open cases about two or more staff across
    the trust's schools. Counts and school names only; no case content. Capitalised
    spellings sort first, so "Pat Concern" is shown rather than "pat concern"."""
    links = (
        CasePerson.objects.filter(case__school__trust_id__in=trust_ids)
        .exclude(case__status=CaseStatus.CLOSED)
        .exclude(person__name="")
        .values_list("person__name", "case__school__name", "case_id")
    )
    by_name: dict[str, dict] = {}
    case_ids = set()
    for name, school, case_id in links:
        entry = by_name.setdefault(
            name.strip().lower(), {"spellings": set(), "schools": set(), "cases": set()}
        )
        entry["spellings"].add(name.strip())
        entry["schools"].add(school)
        entry["cases"].add(case_id)
        case_ids.add(case_id)
    staff_by_case: dict[int, set] = {}
    for case_id, staff_id in CaseMember.objects.filter(
        case_id__in=case_ids, role=CircleRole.EMPLOYEE
    ).values_list("case_id", "staff_id"):
        staff_by_case.setdefault(case_id, set()).add(staff_id)
    result = []
    for entry in by_name.values():
        staff = set().union(*(staff_by_case.get(c, set()) for c in entry["cases"]))
        if len(staff) >= 2:
            result.append(
                TrustPattern(name=min(entry["spellings"]), schools=sorted(entry["schools"]), staff=len(staff))
            )
    return sorted(result, key=lambda p: (-p.staff, p.name))


def tell_owners(case) -> None:
    """After a person is linked: if they now connect cases about several staff,
    e-mail each of those cases' owners a link to their own case (nothing else).
    Call inside the transaction that made the link; mail goes after commit."""
    if not patterns_for(case):
        return
    people = PersonOfConcern.objects.none()
    for person in case.people.select_related("school"):
        people = people | PersonOfConcern.objects.filter(_same_person(person))
    cases = (
        Case.objects.filter(people__in=people)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("owner__user")
        .distinct()
    )
    for other in cases:
        notify.notify_after_commit(
            staff=other.owner,
            subject="Harbour: one person, several staff",
            sentence="A person of concern on a case you own is also named in a case about another "
            "member of staff. Please look at your case.",
            path=notify.case_path(other.pk),
        )
