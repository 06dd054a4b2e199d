"""Who may see and do what. The one authorisation module: every view, API
endpoint, export and query asks here, and nowhere else re-derives the rules.

A case and everything under it is visible to its owner, the named people in its
circle and the headteacher of its school. The school's Workplace Champion sees
only what the employee has chosen (nothing, the summary and the action plan, or
the whole record to read). Anyone else is told it does not exist (404), exactly
as for a case that really does not exist. Administrators manage accounts and
settings; their role alone never shows them case content. Diary entries are
their author's alone until shared.
"""

import datetime
from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from harbour.cases.models import (
    Case,
    CaseMember,
    CasePerson,
    CaseStatus,
    ChampionSees,
    CircleRole,
    ColleaguesMayKnow,
    Incident,
    PersonOfConcern,
)
from harbour.diary.models import DiaryEntry
from harbour.evidence.models import EvidenceItem, EvidencePack
from harbour.frontdesk.models import ContactRestriction
from harbour.frontdesk.selectors import alert_people
from harbour.plans.models import Meeting, PlanAction
from harbour.prevention.models import CheckIn
from harbour.schools.models import Role, RoleAssignment, School, StaffMember, Trust

MANAGING_ROLES = {Role.LINE_MANAGER, Role.HEADTEACHER}
DIRECTORY_ROLES = {Role.LINE_MANAGER, Role.HEADTEACHER, Role.ADMINISTRATOR}
SETTINGS_ROLES = {Role.HEADTEACHER, Role.ADMINISTRATOR}


MAX_ID = 2**63 - 1


def as_id(value) -> int:
    """A value usable as a primary key, or 404: a made-up id must never reach the
    database as something it cannot hold (that would be a 500, not "not found")."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404("No such record") from None
    if not 0 < number <= MAX_ID:
        raise Http404("No such record")
    return number


# --- who the user is ------------------------------------------------------------


def roles_by_school(user) -> dict[int, set[str]]:
    """{school id: roles} for the user's active staff records, cached on the user
    object for the request."""
    return _reach(user).roles


@dataclass(frozen=True)
class Reach:
    """Who the user is, read once per request in one query of small indexed arms.
    Every case predicate below is built from these literal ids, so the database
    answers it with index lookups on owner, id and school (a BitmapOr on
    PostgreSQL, a multi-index OR on SQLite) instead of scanning every case of the
    trust for a join or a subquery inside an OR."""

    staff_ids: tuple[int, ...] = ()
    roles: dict = field(default_factory=dict)
    circle_case_ids: tuple[int, ...] = ()
    employee_case_ids: frozenset[int] = frozenset()  # the circles they are in as the employee affected
    named_champion_schools: tuple[int, ...] = ()
    school_trusts: dict = field(default_factory=dict)  # {school id: trust id} of their staff records


NO_REACH = Reach()


# Every fact of the reach as (kind, id, id, text) rows of one UNION ALL, each arm
# starting from the user's active staff records (an index on user), so none grows
# with the trust. Written as SQL: it runs on every request, and the ORM took longer
# to compose five arms than the database took to answer them. The table names are
# filled in from the models once; the user id is the only parameter.
REACH_SQL = """
SELECT 'staff', s.id, s.school_id, '' FROM {staff} s WHERE s.user_id = %s AND s.is_active
UNION ALL SELECT 'role', r.staff_id, s.school_id, r.role FROM {role} r
    JOIN {staff} s ON s.id = r.staff_id WHERE s.user_id = %s AND s.is_active
UNION ALL SELECT 'circle', m.case_id, m.staff_id, m.role FROM {member} m
    JOIN {staff} s ON s.id = m.staff_id WHERE s.user_id = %s AND s.is_active
UNION ALL SELECT 'named', c.id, c.workplace_champion_id, '' FROM {school} c
    JOIN {staff} s ON s.id = c.workplace_champion_id WHERE s.user_id = %s AND s.is_active
UNION ALL SELECT 'trust', c.id, c.trust_id, '' FROM {school} c
    JOIN {staff} s ON s.school_id = c.id WHERE s.user_id = %s AND s.is_active AND c.trust_id IS NOT NULL
"""


@cache
def _reach_sql() -> str:
    tables = {"staff": StaffMember, "role": RoleAssignment, "member": CaseMember, "school": School}
    return REACH_SQL.format(**{name: model._meta.db_table for name, model in tables.items()})


def _reach_rows(user) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_reach_sql(), [user.pk] * 5)
        return cursor.fetchall()


def _reach(user) -> Reach:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_REACH
    cached = getattr(user, "_harbour_reach", None)
    if cached is None:
        staff_ids, roles, trusts = [], {}, {}
        circle, affected, named = [], set(), []
        for kind, first, second, text in _reach_rows(user):
            if kind == "staff":
                staff_ids.append(first)
                roles.setdefault(second, set())
            elif kind == "role":
                roles.setdefault(second, set()).add(text)
            elif kind == "circle":
                circle.append(first)
                if text == CircleRole.EMPLOYEE:
                    affected.add(first)
            elif kind == "named":
                named.append(first)
            else:
                trusts[first] = second
        cached = Reach(
            staff_ids=tuple(staff_ids),
            roles=roles,
            circle_case_ids=tuple(circle),
            employee_case_ids=frozenset(affected),
            named_champion_schools=tuple(named),
            school_trusts=trusts,
        )
        user._harbour_reach = cached
    return cached


def forget(user) -> None:
    """Drop what _reach cached, after a write that changes it within the request."""
    user.__dict__.pop("_harbour_reach", None)


def schools_with_role(user, roles: set[str]) -> list[int]:
    return [school_id for school_id, held in roles_by_school(user).items() if held & roles]


def has_role(user, school_id: int, roles: set[str]) -> bool:
    return bool(roles_by_school(user).get(school_id, set()) & roles)


def own_staff(user) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(user=user, is_active=True)


# --- the second factor ------------------------------------------------------------

# Roles whose holders can open case content: a line manager opens and owns cases,
# the headteacher reads every case of the school, the Workplace Champion what the
# employee shares. The administrator sees no case, but grants the roles that do
# (their own included), so their account is a way in and needs the same guard.
# Front office (alerts only, never the case) and the trust lead (anonymised
# figures) may choose to set up a second factor.
SECOND_FACTOR_ROLES = {Role.LINE_MANAGER, Role.HEADTEACHER, Role.WORKPLACE_CHAMPION, Role.ADMINISTRATOR}


def needs_second_factor(user) -> bool:
    """Whether the user can reach case content, so must pass a second factor
    before any page: by role, as a member of a case's circle (the employee the
    case is about included), as the school's named champion or as a case's owner."""
    reach = _reach(user)
    if reach.circle_case_ids or reach.named_champion_schools:
        return True
    if any(held & SECOND_FACTOR_ROLES for held in reach.roles.values()):
        return True
    return bool(reach.staff_ids) and Case.objects.filter(owner_id__in=reach.staff_ids).exists()


# --- cases -----------------------------------------------------------------------

# The parts of a case a person may be shown. Everyone who can see a case sees its
# summary; the plan and the record (incidents, conduct, meetings, people,
# referrals) depend on who they are and on the employee's choices.
SUMMARY, PLAN, RECORD = "summary", "plan", "record"
ALL_PARTS = frozenset({SUMMARY, PLAN, RECORD})
CHAMPION_PARTS = {
    ChampionSees.NOTHING: frozenset(),
    ChampionSees.SUPPORT: frozenset({SUMMARY, PLAN}),
    ChampionSees.EVERYTHING: ALL_PARTS,
}


def _kept_cases() -> QuerySet[Case]:
    """Every case but those erased under the retention schedule: of those only a
    bare row stays, for the audit trail and the hash chain, and no page shows it."""
    return Case.objects.filter(erasure__isnull=True)


def _owned(user) -> Q:
    return Q(owner_id__in=_reach(user).staff_ids)


def _head_schools(user) -> Q:
    return Q(school_id__in=schools_with_role(user, {Role.HEADTEACHER}))


def _involved(user) -> Q:
    """Owner, circle or headteacher: the people who run and read the whole case."""
    return _owned(user) | Q(pk__in=_reach(user).circle_case_ids) | _head_schools(user)


def _champion(user, sees: list[str]) -> Q:
    """The school's Workplace Champion: anyone holding the role there, or the
    person the school settings name."""
    return Q(school_id__in=_champion_schools(user), champion_sees__in=sees)


def _champion_schools(user) -> list[int]:
    return sorted({*schools_with_role(user, {Role.WORKPLACE_CHAMPION}), *_reach(user).named_champion_schools})


def is_champion_for(user, case: Case) -> bool:
    named = case.school.workplace_champion
    return has_role(user, case.school_id, {Role.WORKPLACE_CHAMPION}) or (
        named is not None and named.is_active and named.user_id == user.pk
    )


def visible_cases(user) -> QuerySet[Case]:
    """Cases the user may know exist (and see the summary of)."""
    if not roles_by_school(user):
        return Case.objects.none()
    return _kept_cases().filter(
        _involved(user) | _champion(user, [ChampionSees.SUPPORT, ChampionSees.EVERYTHING])
    )


def record_cases(user) -> QuerySet[Case]:
    """Cases whose whole record the user may read."""
    if not roles_by_school(user):
        return Case.objects.none()
    return _kept_cases().filter(_involved(user) | _champion(user, [ChampionSees.EVERYTHING]))


def involved_cases(user) -> QuerySet[Case]:
    """Cases the user helps run or is part of: they may add to the record."""
    if not roles_by_school(user):
        return Case.objects.none()
    return _kept_cases().filter(_involved(user))


def case_ids(cases: QuerySet[Case]) -> list[int]:
    """The ids of a user's cases, read first and passed on as literals. Given a
    subquery instead (`case__in=cases`), PostgreSQL joins it by hashing and scans
    every case of the trust; a literal list is one index lookup per case, so the
    cost is the size of the user's own work."""
    return list(cases.values_list("pk", flat=True))


def summary_only_cases(user) -> QuerySet[Case]:
    """Cases whose summary and plan only the user may see (a Workplace Champion's)."""
    if not _champion_schools(user):
        # Without a champion's school, what they may see and what they may read are
        # the same cases: none is summary only, and no query needs to say so.
        return Case.objects.none()
    return visible_cases(user).exclude(pk__in=record_cases(user).values("pk"))


def my_cases(user) -> QuerySet[Case]:
    """Cases the user owns or is in the circle of (My work's own list)."""
    if not roles_by_school(user):
        return Case.objects.none()
    return _kept_cases().filter(_owned(user) | Q(pk__in=_reach(user).circle_case_ids))


def answered_for_cases(user) -> QuerySet[Case]:
    """Cases the user answers for: those they own and, as headteacher, the school's."""
    if not roles_by_school(user):
        return Case.objects.none()
    return _kept_cases().filter(_owned(user) | _head_schools(user))


def is_headteacher(user) -> bool:
    """Headteacher of any school (My work then counts the school's other live
    cases): from the reach, no query."""
    return bool(schools_with_role(user, {Role.HEADTEACHER}))


def head_cases(user) -> QuerySet[Case]:
    """Cases of the schools the user is headteacher of."""
    return _kept_cases().filter(_head_schools(user))


@dataclass(frozen=True)
class WorkCase:
    """One of the cases My work is about, as work_cases reads it, with which of
    the user's lists it is in: my_cases (`mine`), answered_for_cases (`answered`)
    and head_cases (`head`)."""

    pk: int
    status: str
    opened_at: datetime.datetime
    next_review_on: datetime.date | None
    open_signal_count: int
    signals_refreshed_at: datetime.datetime | None
    mine: bool
    answered: bool
    head: bool


def work_cases(user) -> list[WorkCase]:
    """my_cases, answered_for_cases and head_cases in one read of a few columns
    (their union is involved_cases), each row marked with the lists it is in by
    the same rules, tested in Python as is_involved does. My work counts, sorts
    and cuts its sections from these rows instead of asking the database the
    same question about the same cases six times."""
    if not roles_by_school(user):
        return []
    reach = _reach(user)
    heads = set(schools_with_role(user, {Role.HEADTEACHER}))
    rows = involved_cases(user).values_list(
        "pk",
        "status",
        "opened_at",
        "next_review_on",
        "owner_id",
        "school_id",
        "risk_state__open_signal_count",
        "risk_state__refreshed_at",
    )
    found = []
    for pk, status, opened_at, review_on, owner_id, school_id, signals, refreshed_at in rows:
        owned, head = owner_id in reach.staff_ids, school_id in heads
        found.append(
            WorkCase(
                pk=pk,
                status=status,
                opened_at=opened_at,
                next_review_on=review_on,
                open_signal_count=signals or 0,  # no kept risk state yet: no signal
                signals_refreshed_at=refreshed_at,
                mine=owned or pk in reach.circle_case_ids,
                answered=owned or head,
                head=head,
            )
        )
    return found


def employee_cases(user) -> QuerySet[Case]:
    """The user's own cases: those about them, as the employee affected."""
    about_them = CaseMember.objects.filter(staff_id__in=_reach(user).staff_ids, role=CircleRole.EMPLOYEE)
    return _kept_cases().filter(pk__in=about_them.values("case_id"))


def is_involved(user, case: Case) -> bool:
    """_involved as a test of one case the caller holds, without a query."""
    reach = _reach(user)
    return (
        case.owner_id in reach.staff_ids
        or case.pk in reach.circle_case_ids
        or has_role(user, case.school_id, {Role.HEADTEACHER})
    )


def case_parts(user, case: Case) -> frozenset[str]:
    if is_involved(user, case):
        return ALL_PARTS
    if is_champion_for(user, case):
        return CHAMPION_PARTS[case.champion_sees]
    return frozenset()


def get_case(user, case_id, part: str = RECORD, related: tuple[str, ...] = ()) -> Case:
    """The case if the user may see the given part of it; otherwise 404, as if
    it did not exist. The whole record is the default, so a page that shows less
    must say so. `related` names more one-to-one rows to read in the same query
    (the case page's kept risk state)."""
    try:
        case = (
            visible_cases(user)
            .select_related("school__workplace_champion", "owner", *related)
            .get(pk=as_id(case_id))
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case") from None
    case.parts = case_parts(user, case)
    if part not in case.parts:
        raise Http404("No such case")
    return case


def can_manage_case(user, case: Case) -> bool:
    """Change status, circle and linked people: the owner or the headteacher."""
    return (case.owner.user_id == user.pk and case.owner.is_active) or has_role(
        user, case.school_id, {Role.HEADTEACHER}
    )


def is_employee_of(user, case: Case) -> bool:
    """The user is (one of) the employee(s) the case is about: from the reach
    already read for this request, so the several checks a page makes cost nothing."""
    return case.pk in _reach(user).employee_case_ids


def can_see_access_log(user, case: Case) -> bool:
    """The employee sees who opened their case; so do the owner and the headteacher,
    who answer for it. Other members of the circle may read the case, not its log."""
    return is_employee_of(user, case) or can_manage_case(user, case)


def can_record_incident(user, case: Case) -> bool:
    return case.status != CaseStatus.CLOSED and is_involved(user, case)


def can_change_circle(user, case: Case) -> bool:
    """Who is in the circle is the employee's choice; the owner and head keep it."""
    return is_employee_of(user, case) or can_manage_case(user, case)


def can_set_confidentiality(user, case: Case) -> bool:
    """The employee makes their choices; the owner may record what they agreed
    in a meeting. Every change is audited and shown to the employee."""
    return is_employee_of(user, case) or can_manage_case(user, case)


def can_edit_plan(user, case: Case) -> bool:
    return case.status != CaseStatus.CLOSED and can_manage_case(user, case)


def can_assess_risk(user, case: Case) -> bool:
    """Deciding the level, the screening and answering signals: the owner or the head."""
    return case.status != CaseStatus.CLOSED and can_manage_case(user, case)


def can_refer_under_policy(user, case: Case) -> bool:
    """A referral under the Unacceptable Actions policy: the owner or the headteacher."""
    return case.status != CaseStatus.CLOSED and can_manage_case(user, case)


def can_approve_contact_measures(user, case: Case) -> bool:
    """Reducing contact is the headteacher's decision, case by case."""
    return case.status != CaseStatus.CLOSED and has_role(user, case.school_id, {Role.HEADTEACHER})


def can_refer(user, case: Case) -> bool:
    """Police details and a Workplace Champion referral: the employee or whoever runs the case."""
    return case.status != CaseStatus.CLOSED and (is_employee_of(user, case) or can_manage_case(user, case))


def can_make_referral_summary(user, case: Case) -> bool:
    """A referral summary for the police or a stalking service discloses the case
    outside the school, as an evidence pack does: the owner or the headteacher."""
    return can_manage_case(user, case)


def sees_sharing_consent(user, case: Case) -> bool:
    """The employee's consent to share: theirs to see, and seen by those who make the summary."""
    return is_employee_of(user, case) or can_make_referral_summary(user, case)


def sharing_consent_employee(user, case: Case) -> StaffMember | None:
    """The user's own staff record among the employees the case is about: only they
    give or withdraw consent to share it (never the owner on their behalf)."""
    if not is_employee_of(user, case):
        return None
    return StaffMember.objects.filter(
        pk__in=_reach(user).staff_ids,
        case_memberships__case=case,
        case_memberships__role=CircleRole.EMPLOYEE,
    ).first()


def get_plan_action(user, case: Case, action_id) -> PlanAction:
    """An action of a case the caller already holds through get_case(part=PLAN)."""
    try:
        return case.plan_actions.select_related("owner").get(pk=as_id(action_id))
    except PlanAction.DoesNotExist:
        raise Http404("No such action") from None


def can_amend_incident(user, incident: Incident) -> bool:
    case = incident.case
    if case.status == CaseStatus.CLOSED:
        return False
    return incident.recorded_by_id == user.pk or can_manage_case(user, case)


def get_incident(user, case: Case, incident_id) -> Incident:
    """An incident of a case the caller already holds through get_case."""
    try:
        return case.incidents.select_related("case", "recorded_by").get(pk=as_id(incident_id))
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise Http404("No such incident") from None


def get_meeting(user, case: Case, meeting_id) -> Meeting:
    """A meeting of a case the caller already holds through get_case."""
    try:
        return case.meetings.select_related("recorded_by").get(pk=as_id(meeting_id))
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def schools_for_new_case(user) -> QuerySet[School]:
    return School.objects.filter(pk__in=schools_with_role(user, MANAGING_ROLES))


def can_open_case(user) -> bool:
    return bool(schools_with_role(user, MANAGING_ROLES))


def can_open_case_in(user, school_id: int) -> bool:
    """A line manager or headteacher of that school may open a case there."""
    return has_role(user, school_id, MANAGING_ROLES)


# --- people of concern -------------------------------------------------------------


def visible_people(user) -> QuerySet[PersonOfConcern]:
    """People linked to a case the user may see; in their own school, heads see
    everyone and a manager sees the people they added who are not yet linked."""
    if not roles_by_school(user):
        return PersonOfConcern.objects.none()
    heads = schools_with_role(user, {Role.HEADTEACHER})
    # People on the cases read outside the head's own schools (as owner, in the
    # circle or as champion): a short list of ids, so every arm below is an index lookup.
    elsewhere = case_ids(record_cases(user).exclude(school_id__in=heads))
    linked = list(CasePerson.objects.filter(case_id__in=elsewhere).values_list("person_id", flat=True))
    # The people the user added in schools they manage and nobody has linked yet,
    # also as literal ids: as a NOT EXISTS beside the ORs it was a scan of every link.
    added = list(
        PersonOfConcern.objects.filter(
            created_by=user, school_id__in=schools_with_role(user, MANAGING_ROLES)
        ).values_list("pk", flat=True)
    )
    linked_added = set(CasePerson.objects.filter(person_id__in=added).values_list("person_id", flat=True))
    unlinked = [pk for pk in added if pk not in linked_added]
    return PersonOfConcern.objects.filter(Q(pk__in=[*linked, *unlinked]) | Q(school_id__in=heads))


def sees_people(user) -> bool:
    """Whether the people-of-concern pages are for this user at all (the navigation,
    on every page). Anyone who cannot open a case sees only the people linked to
    the cases they read, which is one question about those cases' links."""
    if can_open_case(user):
        return True
    if not roles_by_school(user):
        return False
    # One question from the cases' side: the predicate is literal ids and schools (an
    # index lookup each), then the links of those few cases by their index on case.
    return record_cases(user).filter(people__isnull=False).exists()


def get_person(user, person_id) -> PersonOfConcern:
    try:
        return visible_people(user).get(pk=as_id(person_id))
    except (PersonOfConcern.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person") from None


def schools_for_new_person(user) -> QuerySet[School]:
    return School.objects.filter(pk__in=schools_with_role(user, MANAGING_ROLES))


def can_edit_person(user, person: PersonOfConcern) -> bool:
    return has_role(user, person.school_id, MANAGING_ROLES)


# --- schools, staff and settings --------------------------------------------------------


def directory_schools(user) -> QuerySet[School]:
    return School.objects.filter(pk__in=schools_with_role(user, DIRECTORY_ROLES))


def can_manage_staff(user, school_id: int) -> bool:
    return has_role(user, school_id, {Role.ADMINISTRATOR})


def get_directory_school(user, school_id) -> School:
    try:
        return directory_schools(user).get(pk=as_id(school_id))
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404("No such school") from None


def get_staff_for_admin(user, staff_id) -> StaffMember:
    admin_schools = schools_with_role(user, {Role.ADMINISTRATOR})
    try:
        return StaffMember.objects.select_related("school", "user").get(
            pk=as_id(staff_id), school_id__in=admin_schools
        )
    except (StaffMember.DoesNotExist, ValueError, TypeError):
        raise Http404("No such staff member") from None


def administered_tokens(user):
    """API tokens of people with a staff record in a school the user administers
    (the same reach as get_staff_for_admin); never their secrets, only the hash is kept."""
    from harbour.api.models import ApiToken

    admin_schools = schools_with_role(user, {Role.ADMINISTRATOR})
    if not admin_schools:
        return ApiToken.objects.none()
    owners = StaffMember.objects.filter(school_id__in=admin_schools, user__isnull=False).values("user_id")
    return ApiToken.objects.filter(user_id__in=owners)


def get_token_for_admin(user, token_id):
    from harbour.api.models import ApiToken

    try:
        return administered_tokens(user).select_related("user").get(pk=as_id(token_id))
    except ApiToken.DoesNotExist:
        raise Http404("No such token") from None


def get_own_token(user, token_id):
    from harbour.api.models import ApiToken

    try:
        return ApiToken.objects.get(user=user, pk=as_id(token_id))
    except ApiToken.DoesNotExist:
        raise Http404("No such token") from None


# --- onboarding: staff import and adding a school -------------------------------------
# A school's administrator imports its staff list (as they add staff one by one).
# An administrator of a school in a trust may add a school to that trust and
# becomes its first administrator: no new role, the trust being the schools it holds.


def get_staff_admin_school(user, school_id) -> School:
    """A school the user administers, or 404 (the API's staff import)."""
    school_id = as_id(school_id)
    if not can_manage_staff(user, school_id):
        raise Http404("No such school")
    return School.objects.get(pk=school_id)


def get_staff_import(user, import_id):
    """A previewed staff list of a school the user administers."""
    from harbour.onboarding.models import StaffImport

    try:
        return StaffImport.objects.select_related("school").get(
            pk=as_id(import_id), school_id__in=schools_with_role(user, {Role.ADMINISTRATOR})
        )
    except StaffImport.DoesNotExist:
        raise Http404("No such import") from None


def school_adding_trusts(user) -> list[int]:
    """Trusts the user may add a school to: those of the schools they administer.
    From the reach; no query."""
    trusts = _reach(user).school_trusts
    return sorted(
        {trusts[school] for school in schools_with_role(user, {Role.ADMINISTRATOR}) if school in trusts}
    )


def can_add_school(user) -> bool:
    return bool(school_adding_trusts(user))


def administrator_record_in_trust(user, trust_id: int) -> StaffMember:
    """The user's administrator record in a school of the trust (their name and
    e-mail for the school they add), or 404."""
    record = (
        StaffMember.objects.filter(
            user=user,
            is_active=True,
            school__trust_id=trust_id,
            school_id__in=schools_with_role(user, {Role.ADMINISTRATOR}),
        )
        .order_by("pk")
        .first()
    )
    if record is None:
        raise Http404("No such trust")
    return record


def settings_schools(user) -> QuerySet[School]:
    return School.objects.filter(pk__in=schools_with_role(user, SETTINGS_ROLES))


def get_settings_school(user, school_id) -> School:
    try:
        return settings_schools(user).get(pk=as_id(school_id))
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404("No such school") from None


# --- prevention ------------------------------------------------------------------------


def check_in_staff(user) -> QuerySet[StaffMember]:
    """Employees a manager or headteacher may hold a check-in with: their school's staff."""
    return StaffMember.objects.filter(school_id__in=schools_with_role(user, MANAGING_ROLES), is_active=True)


def get_check_in(user, check_in_id) -> CheckIn:
    try:
        return visible_check_ins(user).select_related("employee").get(pk=as_id(check_in_id))
    except CheckIn.DoesNotExist:
        raise Http404("No such check-in") from None


def visible_check_ins(user) -> QuerySet[CheckIn]:
    """Check-ins the user recorded, held with them, or (headteacher) held in their school."""
    if not roles_by_school(user):
        return CheckIn.objects.none()
    return CheckIn.objects.filter(
        Q(recorded_by=user)
        | Q(employee_id__in=_reach(user).staff_ids)
        | Q(school_id__in=schools_with_role(user, {Role.HEADTEACHER}))
    )


# --- the employee's diary ------------------------------------------------------------


def own_diary(user) -> QuerySet[DiaryEntry]:
    """Diary entries are their author's alone: no role, not even the headteacher's, sees them."""
    if not roles_by_school(user):
        return DiaryEntry.objects.none()
    return DiaryEntry.objects.filter(author__user=user, author__is_active=True)


def diary_author(user) -> StaffMember:
    """The staff record a user's diary belongs to: their first school's. 404 without one."""
    author = own_staff(user).select_related("school", "line_manager").order_by("pk").first()
    if author is None:
        raise Http404("No diary")
    return author


def get_diary_entry(user, entry_id) -> DiaryEntry:
    try:
        return own_diary(user).select_related("author").get(pk=as_id(entry_id))
    except DiaryEntry.DoesNotExist:
        raise Http404("No such entry") from None


# --- what colleagues may know ------------------------------------------------------------


def notice_cases(user) -> QuerySet[Case]:
    """Active cases of the user's schools whose employee chose to let colleagues
    know something. What each colleague is shown: see sees_front_desk_instructions."""
    schools = list(roles_by_school(user))
    if not schools:
        return Case.objects.none()
    return (
        _kept_cases()
        .filter(school_id__in=schools)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(colleagues_may_know=ColleaguesMayKnow.NOTHING)
    )


def sees_front_desk_instructions(user, case: Case) -> bool:
    return case.colleagues_may_know == ColleaguesMayKnow.FRONT_DESK and has_role(
        user, case.school_id, {Role.FRONT_OFFICE}
    )


# --- the front desk --------------------------------------------------------------------------

FRONT_DESK_ROLES = {Role.FRONT_OFFICE, Role.HEADTEACHER}


def front_desk_schools(user) -> list[int]:
    """Schools whose reception alerts the user may search: front office and the headteacher."""
    return schools_with_role(user, FRONT_DESK_ROLES)


def get_alert_person(user, person_id) -> PersonOfConcern:
    """A person with an active alert in the user's front-desk schools; otherwise 404."""
    try:
        return alert_people(front_desk_schools(user)).select_related("school").get(pk=as_id(person_id))
    except PersonOfConcern.DoesNotExist:
        raise Http404("No such alert") from None


def can_restrict(user, case: Case) -> bool:
    """Warnings and restrictions under the Unacceptable Actions policy are the headteacher's."""
    return case.status != CaseStatus.CLOSED and has_role(user, case.school_id, {Role.HEADTEACHER})


def get_restriction(user, case: Case, restriction_id):
    try:
        return case.restrictions.select_related("person", "case__school").get(pk=as_id(restriction_id))
    except ContactRestriction.DoesNotExist:
        raise Http404("No such restriction") from None


# --- court orders and police warnings ------------------------------------------------------
# Orders are part of the case's record: whoever reads the record reads them. Reception
# is shown only that one is in force and what to do (frontdesk.selectors), never the case.


def can_record_order(user, case: Case) -> bool:
    """Recording or amending a court order or police warning: the owner or the headteacher."""
    return case.status != CaseStatus.CLOSED and can_manage_case(user, case)


def can_report_breach(user, case: Case) -> bool:
    """Giving the police reference for a possible breach: whoever runs the case (an
    order can outlast the case, so a closed case still takes it)."""
    return can_manage_case(user, case)


def get_order(user, case: Case, order_id):
    """An order of a case the caller already holds through get_case; otherwise 404."""
    order = case.protective_orders.select_related("person", "case__school").filter(pk=as_id(order_id)).first()
    if order is None:
        raise Http404("No such order")
    return order


def get_breach(user, case: Case, breach_id):
    """A possible breach on a case the caller already holds through get_case; otherwise 404."""
    breach = (
        case.possible_breaches.select_related("attempt", "version", "order__person", "case__school")
        .filter(pk=as_id(breach_id))
        .first()
    )
    if breach is None:
        raise Http404("No such possible breach")
    return breach


def breach_cases(user) -> QuerySet[Case]:
    """Cases whose possible breaches wait on the user: those they own, and as
    headteacher those they answer for."""
    return answered_for_cases(user)


# --- the trust -----------------------------------------------------------------------------------


def trust_lead_trusts(user) -> list[int]:
    """Trusts in which the user is a trust lead: they see patterns, never case content.
    From the reach, so the navigation asks no query of it on every page."""
    trusts = _reach(user).school_trusts
    leads = schools_with_role(user, {Role.TRUST_LEAD})
    return sorted({trusts[school] for school in leads if school in trusts})


# --- the reasonable-steps report ------------------------------------------------------------
# Counts only, under the statistics' small-number rule: a school's report is for
# its headteacher, and the trust lead reads the trust's and each of its schools'.


# One rule for every page of figures about schools (the reasonable-steps report, the
# statistics, the awareness completion rates): a headteacher reads their own
# schools', a trust lead every school of the trusts they lead.


def sees_school_figures(user) -> bool:
    """Whether any school's figures are for this user (the navigation): from the reach, no query."""
    return bool(schools_with_role(user, {Role.HEADTEACHER}) or trust_lead_trusts(user))


def school_figure_schools(user) -> QuerySet[School]:
    """The schools they are headteacher of, and every school of a trust they lead."""
    heads, trusts = schools_with_role(user, {Role.HEADTEACHER}), trust_lead_trusts(user)
    if not heads and not trusts:
        return School.objects.none()
    return School.objects.filter(Q(pk__in=heads) | Q(trust_id__in=trusts))


def get_school_figure_school(user, school_id) -> School:
    try:
        return school_figure_schools(user).get(pk=as_id(school_id))
    except School.DoesNotExist:
        raise Http404("No such school") from None


sees_reasonable_steps = sees_school_figures
reasonable_steps_schools = school_figure_schools
get_reasonable_steps_school = get_school_figure_school


def get_reasonable_steps_trust(user, trust_id) -> Trust:
    pk = as_id(trust_id)
    if pk not in trust_lead_trusts(user):
        raise Http404("No such trust")
    try:
        return Trust.objects.get(pk=pk)
    except Trust.DoesNotExist:
        raise Http404("No such trust") from None


def reasonable_steps_capacity(user, school: School | None = None) -> str:
    """In what role the user prepares a report (printed on it): the headteacher of
    the school, or else the trust lead."""
    if school is not None and has_role(user, school.pk, {Role.HEADTEACHER}):
        return "Headteacher"
    return "Trust lead"


# --- evidence -------------------------------------------------------------------------------


def can_add_evidence(user, case: Case) -> bool:
    """Whoever may add to the record may add evidence to it."""
    return can_record_incident(user, case)


def get_evidence_item(user, case: Case, item_id) -> EvidenceItem:
    """A piece of evidence of a case the caller already holds through get_case (the whole record)."""
    try:
        return case.evidence_items.select_related("added_by", "incident").get(pk=as_id(item_id))
    except (EvidenceItem.DoesNotExist, ValueError, TypeError):
        raise Http404("No such evidence") from None


def can_build_pack(user, case: Case) -> bool:
    """An evidence pack discloses the record outside the school: the owner or the headteacher."""
    return can_manage_case(user, case)


def get_pack(user, case: Case, pack_id) -> EvidencePack:
    """Packs are seen only by those who may build them; anyone else gets 404."""
    if not can_build_pack(user, case):
        raise Http404("No such pack")
    try:
        return case.evidence_packs.select_related("requested_by", "case").get(pk=as_id(pack_id))
    except (EvidencePack.DoesNotExist, ValueError, TypeError):
        raise Http404("No such pack") from None


def can_withhold_evidence(user, case: Case) -> bool:
    """What goes into an evidence pack is the employee's choice."""
    return is_employee_of(user, case)


# --- retention, legal holds and subject access ------------------------------------------
# The school's administrator sets the retention schedule, places and lifts legal
# holds and answers a person of concern's subject access request. They see a
# case's reference, status and dates to do it — never its content.


def is_administrator(user) -> bool:
    """Administers at least one school: the retention, subject access and token
    pages are theirs. From the reach already read for the request; no query."""
    return bool(schools_with_role(user, {Role.ADMINISTRATOR}))


def retention_schools(user) -> QuerySet[School]:
    return School.objects.filter(pk__in=schools_with_role(user, {Role.ADMINISTRATOR}))


def get_retention_school(user, school_id) -> School:
    try:
        return retention_schools(user).get(pk=as_id(school_id))
    except School.DoesNotExist:
        raise Http404("No such school") from None


def hold_cases(user) -> QuerySet[Case]:
    """Cases an administrator may hold: their schools', by reference, status and dates only."""
    return (
        _kept_cases()
        .filter(school_id__in=schools_with_role(user, {Role.ADMINISTRATOR}))
        .only("pk", "school", "status", "opened_at", "status_changed_at")
    )


def get_hold_case(user, case_id) -> Case:
    try:
        return hold_cases(user).select_related("school").get(pk=as_id(case_id))
    except Case.DoesNotExist:
        raise Http404("No such case") from None


def subject_access_people(user) -> QuerySet[PersonOfConcern]:
    return PersonOfConcern.objects.filter(school_id__in=schools_with_role(user, {Role.ADMINISTRATOR}))


def get_subject_access_person(user, person_id) -> PersonOfConcern:
    try:
        return subject_access_people(user).get(pk=as_id(person_id))
    except PersonOfConcern.DoesNotExist:
        raise Http404("No such person") from None


# --- awareness of the guidance -------------------------------------------------------------
# Every member of staff may take the awareness module, for their own record only.
# Completion rates (counts, never answers or names) are for headteachers, of their
# schools, and trust leads, of their trusts' schools.


def can_take_awareness(user) -> bool:
    """Anyone with an active staff record: from the reach, no query."""
    return bool(_reach(user).staff_ids)


def awareness_staff_ids(user) -> tuple[int, ...]:
    """The ids of the user's own active staff records, from the reach: no query."""
    return _reach(user).staff_ids


def awareness_staff(user) -> list[StaffMember]:
    """The user's own active staff records: a pass is recorded on each of them."""
    if not can_take_awareness(user):
        raise Http404("No such page")
    return list(own_staff(user).select_related("school").order_by("pk"))


# A head's own schools' completion rates, a trust lead's trusts' (the rule above).
sees_awareness_rates = sees_school_figures
awareness_rate_schools = school_figure_schools
get_awareness_rate_school = get_school_figure_school


# --- anonymised statistics -------------------------------------------------------------
# A trust lead sees the figures of every school of their trusts, the trust as a whole
# and each school; a headteacher their own school's. Figures only (suppressed in
# harbour.statistics), never a case.


def statistics_trust_ids(user) -> list[int]:
    """Trusts whose figures as a whole the user may see (as trust lead). No query."""
    return trust_lead_trusts(user)


# The statistics' schools: the rule of the reasonable-steps report above.
sees_statistics = sees_school_figures
statistics_schools = school_figure_schools
get_statistics_school = get_school_figure_school


# --- the employee kept informed: their timeline, their travel arrangement ----------


def timeline_parts(user, cases) -> dict[int, frozenset[str]]:
    """For each of the employee's own cases, the parts of the record its timeline
    may draw on: only what they may open themselves (no query; the cases come from
    employee_cases)."""
    return {case.pk: case_parts(user, case) for case in cases if is_employee_of(user, case)}


def is_own_case_id(user, case_id) -> bool:
    """Whether a case id from a URL is one the user is the employee of: from the
    reach, no query (the discreet page title and the quick exit ask it)."""
    try:
        return as_id(case_id) in _reach(user).employee_case_ids
    except Http404:
        return False


def can_record_travel(user, case: Case) -> bool:
    """The travel arrangement is the employee's own to write, while the case is open."""
    return case.status != CaseStatus.CLOSED and is_employee_of(user, case)


def sees_travel_arrangement(user, case: Case, shared_with_case_team: bool) -> bool:
    """Emergency contacts and check-ins: the employee and the case owner always;
    the headteacher, the circle and a Workplace Champion who sees the plan only if
    the employee shared it with them."""
    if is_employee_of(user, case) or (case.owner.user_id == user.pk and case.owner.is_active):
        return True
    return shared_with_case_team and PLAN in case_parts(user, case)


# --- colleagues' observations ------------------------------------------------------------
# Any member of staff may report what they saw or heard about a colleague. It goes
# to a restricted group, never the whole staff: the school's headteacher (Harbour
# has no "designated lead" role; the headteacher is the senior leader the guidance
# gives these decisions to) and the owner of an open case about the employee. The
# employee reads it and decides. Whoever filed it sees what they wrote, never what
# happened next. Anyone else: 404.

OBSERVATION_LEADS = {Role.HEADTEACHER}


def _observation_model():
    from harbour.observations.models import Observation

    return Observation


def can_file_observation(user) -> bool:
    """Anyone with an active staff record: from the reach, no query."""
    return bool(_reach(user).staff_ids)


def observation_filer(user, school_id: int) -> StaffMember | None:
    """The user's active staff record in that school: who files."""
    return own_staff(user).filter(school_id=school_id).select_related("school").first()


def observation_subjects(user) -> QuerySet[StaffMember]:
    """Colleagues the user may file about: the active staff of their schools, not themselves."""
    reach = _reach(user)
    if not reach.staff_ids:
        return StaffMember.objects.none()
    return StaffMember.objects.filter(school_id__in=list(reach.roles), is_active=True).exclude(
        pk__in=reach.staff_ids
    )


def observation_people(user) -> QuerySet[PersonOfConcern]:
    """People of concern a filer may name: only those they may already see (on a
    case they read, or with an alert at their front desk); never a new one."""
    if not roles_by_school(user):
        return PersonOfConcern.objects.none()
    alerted = list(alert_people(front_desk_schools(user)).values_list("pk", flat=True))
    return PersonOfConcern.objects.filter(
        Q(pk__in=visible_people(user).values("pk")) | Q(pk__in=alerted)
    ).select_related("school")


def _observed_owned(user) -> list[int]:
    """The employees of the open cases the user owns, as literal ids."""
    reach = _reach(user)
    if not reach.staff_ids:
        return []
    return list(
        CaseMember.objects.filter(
            case__owner_id__in=reach.staff_ids,
            case__erasure__isnull=True,
            role=CircleRole.EMPLOYEE,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .values_list("staff_id", flat=True)
        .distinct()
    )


def received_observations(user):
    """Observations for the restricted group: the headteacher's school's, and a
    case owner's about their case's employee."""
    Observation = _observation_model()
    heads = schools_with_role(user, OBSERVATION_LEADS)
    owned = _observed_owned(user)
    if not heads and not owned:
        return Observation.objects.none()
    return Observation.objects.filter(Q(school_id__in=heads) | Q(about_id__in=owned))


def observations_about(user):
    """Observations about the user themselves: theirs to read and decide."""
    staff_ids = _reach(user).staff_ids
    if not staff_ids:
        return _observation_model().objects.none()
    return _observation_model().objects.filter(about_id__in=staff_ids)


def filed_observations(user):
    """What the user filed (what they wrote; the page and API leave out what happened next)."""
    staff_ids = _reach(user).staff_ids
    if not staff_ids:
        return _observation_model().objects.none()
    return _observation_model().objects.filter(filed_by_id__in=staff_ids)


def sees_observation_outcome(user, observation) -> bool:
    """The employee and the restricted group see its status; the filer alone does not."""
    if observation.about_id in _reach(user).staff_ids:
        return True
    if has_role(user, observation.school_id, OBSERVATION_LEADS):
        return True
    return observation.about_id in _observed_owned(user)


def get_observation(user, observation_id):
    """An observation the user may read: the employee, the restricted group, or
    the person who filed it (then `sees_outcome` is False). Otherwise 404."""
    Observation = _observation_model()
    pk = as_id(observation_id)
    reach = _reach(user)
    if not reach.staff_ids:
        raise Http404("No such observation")
    try:
        observation = Observation.objects.select_related(
            "about__user", "filed_by", "person", "school", "case", "incident"
        ).get(pk=pk)
    except Observation.DoesNotExist:
        raise Http404("No such observation") from None
    observation.sees_outcome = sees_observation_outcome(user, observation)
    if not observation.sees_outcome and observation.filed_by_id not in reach.staff_ids:
        raise Http404("No such observation")
    return observation


def is_observed_employee(user, observation) -> bool:
    return observation.about_id in _reach(user).staff_ids


def can_decide_observation(user, observation) -> bool:
    """Whether it joins their record is the employee's decision alone."""
    return is_observed_employee(user, observation) and observation.about.is_active


def can_log_front_desk_request(user) -> bool:
    """Reception (and the headteacher) log "someone asked for this member of staff by name"."""
    return bool(front_desk_schools(user))
