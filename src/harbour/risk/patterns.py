"""One person, several staff. When a person of concern is linked to cases about
two or more employees — in one school, or (matched by name) in other schools of
the same trust — that is a course of conduct in itself. Owners are told that it
is so, never what the other cases say."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from harbour import notify
from harbour.cases.models import Case, CaseMember, CasePerson, CaseStatus, CircleRole, PersonOfConcern
from harbour.risk.models import NameMatch


@dataclass(frozen=True)
class Pattern:
    person: PersonOfConcern
    other_cases: int  # cases about other staff, not this case
    other_schools: int  # of which in other schools of the trust


def _same_person(person: PersonOfConcern) -> Q:
    """This record, and records for someone of the same name in the trust's other
    schools. Both arms are indexed columns of the people table (id, normalised
    name), so PostgreSQL answers the OR with two index lookups; the trust is
    checked on the few rows found."""
    same = Q(pk=person.pk)
    trust_id = person.school.trust_id
    if trust_id and person.name_key:
        same |= Q(name_key=person.name_key, school__trust_id=trust_id)
    return same


def _is_same_person(person: PersonOfConcern, pk: int, name_key: str, trust_id: int | None) -> bool:
    """_same_person as a test of one record, for sorting records fetched together."""
    if pk == person.pk:
        return True
    return bool(person.school.trust_id and person.name_key and (trust_id, name_key) == (
        person.school.trust_id, person.name_key
    ))  # fmt: skip


def patterns_for(case, people=None, members=None) -> list[Pattern]:
    """In a fixed number of queries, however many people the case links. The
    same-name records are read as ids only, then only their open cases' links:
    records in closed cases never leave the database. A page that has read the
    case's people (with their school) and its circle already passes them in.
    (Joined into one query with the links, the OR spans two tables and PostgreSQL
    hashes every person of the trust: 20 ms at 500 schools, against well under
    1 ms for the two reads.)"""
    people = list(case.people.select_related("school")) if people is None else list(people)
    if not people:
        return []
    if members is None:
        employees = set(case.members.filter(role=CircleRole.EMPLOYEE).values_list("staff_id", flat=True))
    else:
        employees = {member.staff_id for member in members if member.role == CircleRole.EMPLOYEE}
    same = Q()
    for person in people:
        same |= _same_person(person)
    records = {
        pk: (key, trust_id)
        for pk, key, trust_id in PersonOfConcern.objects.filter(same).values_list(
            "pk", "name_key", "school__trust_id"
        )
    }
    links = list(
        CasePerson.objects.filter(person_id__in=list(records))
        .exclude(case=case)
        .exclude(case__status=CaseStatus.CLOSED)
        .values_list("person_id", "case_id", "case__school_id")
    )
    about_others = set(
        CaseMember.objects.filter(case_id__in={link[1] for link in links}, role=CircleRole.EMPLOYEE)
        .exclude(staff_id__in=employees)
        .values_list("case_id", flat=True)
    )
    found = []
    for person in people:
        other_cases = {
            case_id: school_id
            for person_id, case_id, school_id in links
            if _is_same_person(person, person_id, *records[person_id])
        }
        mine = set(other_cases) & about_others
        if mine:
            schools = {other_cases[case_id] for case_id in mine} - {case.school_id}
            found.append(Pattern(person=person, other_cases=len(mine), other_schools=len(schools)))
    return found


def _match_for(trust_id: int, key: str) -> dict | None:
    """What the trust lead is shown for one name in one trust, from its open cases;
    None when they are about fewer than two members of staff."""
    links = list(
        CasePerson.objects.filter(person__name_key=key, person__school__trust_id=trust_id)
        .exclude(case__status=CaseStatus.CLOSED)
        .values_list("person__name", "case__school__name", "case_id")
    )
    staff = set(
        CaseMember.objects.filter(
            case_id__in={case_id for _, _, case_id in links}, role=CircleRole.EMPLOYEE
        ).values_list("staff_id", flat=True)
    )
    if len(staff) < 2:
        return None
    # Capitalised spellings sort first, so "Pat Concern" is shown rather than "pat concern".
    return {
        "name": min(" ".join(name.split()) for name, _, _ in links),
        "staff": len(staff),
        "school_names": sorted({school for _, school, _ in links}),
    }


def refresh_names(pairs) -> None:
    """Rewrite the trust matches for these (trust id, name key) pairs. Call inside
    the transaction of the write that changed them."""
    for trust_id, key in set(pairs):
        if not trust_id or not key:
            continue
        found = _match_for(trust_id, key)
        if found is None:
            NameMatch.objects.filter(trust_id=trust_id, name_key=key).delete()
        else:
            NameMatch.objects.update_or_create(
                trust_id=trust_id, name_key=key, defaults={**found, "refreshed_at": timezone.now()}
            )


def names_of(case) -> list[tuple[int, str]]:
    """The (trust, name key) pairs a change to this case can move."""
    return list(
        case.people.exclude(name_key="")
        .filter(school__trust__isnull=False)
        .values_list("school__trust_id", "name_key")
    )


def refresh_for_case(case) -> None:
    refresh_names(names_of(case))


def compute_trust_matches(trust_ids) -> dict[tuple[int, str], dict]:
    """Every match of these trusts worked out from all their links: what the stored
    rows must equal (tests), and how `harbour rebuild-state` rebuilds them."""
    pairs = (
        CasePerson.objects.filter(person__school__trust_id__in=trust_ids)
        .exclude(person__name_key="")
        .values_list("person__school__trust_id", "person__name_key")
        .distinct()
    )
    found = {}
    for trust_id, key in pairs:
        match = _match_for(trust_id, key)
        if match is not None:
            found[(trust_id, key)] = match
    return found


def trust_patterns(trust_ids):
    """For a trust lead: names linked to open cases about two or more staff across
    the trust's schools, most staff first. Counts and school names only; no case
    content. A queryset, for the page to paginate."""
    return NameMatch.objects.filter(trust_id__in=trust_ids).order_by("-staff", "name", "id")


@dataclass(frozen=True)
class PatternRow:
    name: str
    schools: str  # the school names, joined for a table cell
    staff: int


def pattern_rows(page) -> list[PatternRow]:
    """One page of trust_patterns as the page's table shows it: three columns read,
    not whole rows made into objects, and the names joined once here."""
    return [
        PatternRow(name=name, schools=", ".join(schools), staff=staff)
        for name, schools, staff in page.values_list("name", "school_names", "staff")
    ]


def tell_owners(case) -> None:
    """After a person is linked: if they now connect cases about several staff,
    e-mail each of those cases' owners a link to their own case (nothing else).
    Call inside the transaction that made the link; mail goes after commit."""
    if not patterns_for(case):
        return
    same = Q()
    for person in case.people.select_related("school"):
        same |= _same_person(person)
    records = list(PersonOfConcern.objects.filter(same).values_list("pk", flat=True))
    cases = (
        Case.objects.filter(pk__in=CasePerson.objects.filter(person_id__in=records).values("case_id"))
        .exclude(status=CaseStatus.CLOSED)
        .select_related("owner__user")
    )
    for other in cases:
        notify.notify_after_commit(
            staff=other.owner,
            subject="Harbour: one person, several staff",
            sentence="A person of concern on a case you own is also named in a case about another "
            "member of staff. Please look at your case.",
            path=notify.case_path(other.pk),
        )
