"""The case predicates are built from the user's reach (their staff ids, roles,
circles and named-champion schools, read once) so that an index serves them.
Here they are held equal to the rule written plainly as joins, for every persona,
after random changes to owners, circles, roles, champions and staff records."""

from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour import access
from harbour.cases.models import Case, CaseMember, CasePerson, ChampionSees, CircleRole
from harbour.schools.models import Role, RoleAssignment, School, StaffMember
from tests import factories
from tests.conftest import PERSONAS

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def _plain_rule(user, sees) -> set[int]:
    """Owner, circle, headteacher, or champion (by role or by name) with the given
    choice: the rule as joins, the way access.py wrote it before it had to be fast."""
    heads = RoleAssignment.objects.filter(
        staff__user=user, staff__is_active=True, role=Role.HEADTEACHER
    ).values("staff__school_id")
    champions = RoleAssignment.objects.filter(
        staff__user=user, staff__is_active=True, role=Role.WORKPLACE_CHAMPION
    ).values("staff__school_id")
    rule = (
        Q(owner__user=user, owner__is_active=True)
        | Q(pk__in=CaseMember.objects.filter(staff__user=user, staff__is_active=True).values("case_id"))
        | Q(school_id__in=heads)
    )
    if sees:
        rule |= (
            Q(school_id__in=champions)
            | Q(school__workplace_champion__user=user, school__workplace_champion__is_active=True)
        ) & Q(champion_sees__in=sees)
    return set(Case.objects.filter(rule).values_list("pk", flat=True))


def _fresh(world, persona):
    # A new user object: the reach is cached per request, as a request has its own.
    return type(getattr(world, persona).user).objects.get(pk=getattr(world, persona).user.pk)


def _check_every_persona(world):
    for persona in SIGNED_IN:
        user = _fresh(world, persona)
        visible = set(access.visible_cases(user).values_list("pk", flat=True))
        record = set(access.record_cases(user).values_list("pk", flat=True))
        involved = set(access.involved_cases(user).values_list("pk", flat=True))
        assert visible == _plain_rule(user, [ChampionSees.SUPPORT, ChampionSees.EVERYTHING]), persona
        assert record == _plain_rule(user, [ChampionSees.EVERYTHING]), persona
        assert involved == _plain_rule(user, []), persona
        # Summary only: what they may see but not read (none without a champion's school).
        summary_only = set(access.summary_only_cases(_fresh(world, persona)).values_list("pk", flat=True))
        assert summary_only == visible - record, persona
        # The navigation's people pages: anyone who opens cases, or the links of the cases they read.
        linked = CasePerson.objects.filter(case_id__in=record).exists()
        assert access.sees_people(_fresh(world, persona)) == (
            access.can_open_case(_fresh(world, persona)) or linked
        ), persona
        affected = set(
            CaseMember.objects.filter(
                staff__user=user, staff__is_active=True, role=CircleRole.EMPLOYEE
            ).values_list("case_id", flat=True)
        )
        roles = {}
        for staff in StaffMember.objects.filter(user=user, is_active=True):
            roles.setdefault(staff.school_id, set()).update(staff.roles.values_list("role", flat=True))
        assert access.roles_by_school(_fresh(world, persona)) == roles, persona
        leads = School.objects.filter(
            staff__user=user, staff__is_active=True, staff__roles__role=Role.TRUST_LEAD, trust__isnull=False
        )
        assert access.trust_lead_trusts(_fresh(world, persona)) == sorted(
            set(leads.values_list("trust_id", flat=True))
        ), persona
        for case in Case.objects.all():
            assert access.is_involved(_fresh(world, persona), case) == (case.pk in involved), persona
            assert access.is_employee_of(_fresh(world, persona), case) == (case.pk in affected), persona


CHANGE = st.one_of(
    st.tuples(st.just("circle"), st.sampled_from(SIGNED_IN), st.integers(0, 2)),
    st.tuples(st.just("owner"), st.sampled_from(["manager", "other_manager", "head"]), st.integers(0, 2)),
    st.tuples(st.just("role"), st.sampled_from(SIGNED_IN), st.sampled_from(list(Role.values))),
    st.tuples(st.just("champion"), st.sampled_from(SIGNED_IN), st.integers(0, 1)),
    st.tuples(st.just("choice"), st.sampled_from(list(ChampionSees.values)), st.integers(0, 2)),
    st.tuples(st.just("leave"), st.sampled_from(SIGNED_IN), st.integers(0, 1)),
    st.tuples(st.just("trust"), st.sampled_from([None, "own", "other"]), st.integers(0, 1)),
    st.tuples(st.just("link"), st.just("person"), st.integers(0, 2)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(CHANGE, max_size=6))
def test_reach_predicates_equal_the_plain_rule(world, changes):
    with transaction.atomic():
        hill_head = factories.make_staff(world.other_school, Role.HEADTEACHER, full_name="Hugo Hill")
        other_trust = factories.make_trust()
        cases = [
            world.case,
            factories.make_case(world.other_manager, world.colleague),
            factories.make_case(hill_head, factories.make_staff(world.other_school, full_name="Holly Hill")),
        ]
        for kind, what, value in changes:
            staff = getattr(world, what) if what in SIGNED_IN else None
            if kind == "circle":
                case = cases[value]
                CaseMember.objects.get_or_create(
                    case=case, staff=staff, defaults={"role": CircleRole.MEMBER, "added_by": world.head.user}
                )
            elif kind == "owner":
                Case.objects.filter(pk=cases[value].pk).update(owner=staff)
            elif kind == "role":
                RoleAssignment.objects.get_or_create(staff=staff, role=value)
            elif kind == "champion":
                School.objects.filter(pk=[world.school.pk, world.other_school.pk][value]).update(
                    workplace_champion=staff
                )
            elif kind == "choice":
                Case.objects.filter(pk=cases[value].pk).update(champion_sees=what)
            elif kind == "leave":
                StaffMember.objects.filter(pk=staff.pk).update(is_active=bool(value))
            elif kind == "trust":
                trust = {None: None, "own": world.school.trust, "other": other_trust}[what]
                School.objects.filter(pk=[world.school.pk, world.other_school.pk][value]).update(trust=trust)
            elif kind == "link":
                CasePerson.objects.get_or_create(
                    case=cases[value], person=world.person, defaults={"added_by": world.head.user}
                )
        _check_every_persona(world)
        transaction.set_rollback(True)


def test_the_reach_is_read_in_one_query_once_per_request(world, django_assert_num_queries):
    """Every page asks for the reach many times (navigation, predicates, checks):
    it costs one query the first time and none after."""
    for persona in SIGNED_IN:
        user = _fresh(world, persona)
        with django_assert_num_queries(1):
            access.roles_by_school(user)
        with django_assert_num_queries(0):
            access.visible_cases(user)
            access.trust_lead_trusts(user)
            access.is_employee_of(user, world.case)
