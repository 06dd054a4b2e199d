"""The trust the trust-scale benchmark measures, built through the app's models.

Every school is alike (60 staff, 40 cases of about ten incidents each, 140 people
of concern, check-ins, plan actions, audit history), except the first: a big
school of 200 staff and 150 cases where the personas work. The personas' own work
is therefore the same whatever the number of schools, so a page that costs what
its user's work costs takes the same time in a trust of 10 schools as in one of
500, and anything that grows shows up as the ratio between the two.

At 500 schools: 30,140 staff, 20,110 cases, about 200,000 incidents, 70,000
people of concern. Rows go in with bulk_create (the services' one-at-a-time
writes would take hours); the derived state the services keep (each case's risk
state, the trust's name matches) is then rebuilt by risk.rebuild, the same code
`harbour rebuild-state` runs. The hash chain is not built: no measured page reads it.
"""

import datetime
import random
import time

# Shared by every benchmark account: hashing 30,000 passwords one by one would
# take longer than the rest of the build.
PASSWORD = "bench-password-2026"

STAFF_PER_SCHOOL = 60
CASES_PER_SCHOOL = 40
PEOPLE_PER_SCHOOL = 140
BIG_SCHOOL_STAFF = 200
BIG_SCHOOL_CASES = 150
BATCH = 2000

# 40 given names and 300 family names: 12,000 full names, so that at 500 schools a
# name recurs a handful of times across the trust, as common names do.
FIRST = [
    "Lee",
    "Sam",
    "Alex",
    "Jo",
    "Chris",
    "Pat",
    "Kim",
    "Ray",
    "Dana",
    "Terry",
    "Jamie",
    "Robin",
    "Ash",
    "Mo",
    "Ali",
    "Nia",
    "Tom",
    "Ben",
    "Zoe",
    "Amy",
    "Dan",
    "Eve",
    "Ian",
    "Joy",
    "Kai",
    "Liv",
    "Max",
    "Ned",
    "Ola",
    "Pip",
    "Raj",
    "Sia",
    "Tia",
    "Uma",
    "Vic",
    "Wes",
    "Yas",
    "Zak",
    "Bea",
    "Cal",
]
LAST = [
    a + b
    for a in [
        "Ash",
        "Brad",
        "Carl",
        "Dal",
        "Ell",
        "Fair",
        "Gold",
        "Hart",
        "Kings",
        "Lang",
        "Mar",
        "North",
        "Ox",
        "Pem",
        "Rad",
        "Stan",
        "Thorn",
        "Wal",
        "Wes",
        "York",
    ]
    for b in [
        "ford",
        "ley",
        "ton",
        "wood",
        "well",
        "by",
        "more",
        "field",
        "gate",
        "ham",
        "sey",
        "wick",
        "stone",
        "bury",
        "land",
    ]
]
LOOKS = ["black cap", "green jacket", "grey beard", "red coat", "tall", "short dark hair", "glasses"]
LOCATIONS = ["on_site", "on_site", "near_site", "outside_work", "home", "online", "phone", "post"]
CHANNELS = ["in_person", "in_person", "phone_call", "text_message", "email", "social_media", "letter"]
IMPACTS = ["alarm", "distress", "fear_of_violence", "change_of_routine"]

# Roles by position in a school's staff list.
HEAD, MANAGERS, FRONT_OFFICE, CHAMPION, ADMIN, TRUST_LEAD = 0, (1, 2, 3, 4, 5), 6, 7, 8, 9
# The personas, all in the big school (school 0).
PERSONAS = {
    "employee": "s0-20",
    "line_manager": "s0-1",
    "headteacher": "s0-0",
    "front_office": "s0-6",
    "trust_lead": "s0-9",
}


def verify_second_factor(client, user) -> None:
    """Pass the persona's second factor in a signed-in test client's session, as
    signing in with a code would: every persona gets a confirmed authenticator
    (made once, kept with the trust), and django-otp's login records it in the
    session, so the benchmark's requests pass SecondFactorMiddleware like any
    verified user's. Nothing is faked in the app; the code step itself is not
    measured (sign-in is not a page of the benchmark)."""
    from types import SimpleNamespace

    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from harbour.twofactor import devices
    from harbour.twofactor.session import HAS_DEVICE

    device = devices.authenticator(user) or TOTPDevice.objects.create(
        user=user, name=devices.AUTHENTICATOR, confirmed=True
    )
    session = client.session
    otp_login(SimpleNamespace(session=session, user=user), device)
    session[HAS_DEVICE] = True
    session.save()


def _cases_in(school_index: int) -> int:
    return BIG_SCHOOL_CASES if school_index == 0 else CASES_PER_SCHOOL


def _incident_count(rng: random.Random, school_index: int, case_index: int) -> int:
    """About ten per case; the big school's first three cases are the case page's
    measured sizes: 50 incidents (the line manager's), 5 and 200."""
    if school_index == 0 and case_index < 3:
        return (50, 5, 200)[case_index]
    return rng.randint(1, 19)


def build(schools: int, *, seed: int = 7, log=print) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from harbour.audit.models import AuditEvent
    from harbour.cases import taxonomy
    from harbour.cases.models import (
        Case,
        CaseMember,
        CasePerson,
        CaseStatus,
        Incident,
        PersonOfConcern,
        name_key,
    )
    from harbour.frontdesk.models import ContactRestriction
    from harbour.plans.models import PlanAction
    from harbour.prevention.models import CheckIn
    from harbour.schools.models import Role, RoleAssignment, School, StaffMember, Trust

    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not security
    behaviours = sorted(taxonomy.BY_CODE)
    user_model = get_user_model()
    password = make_password(PASSWORD)
    today = timezone.localdate()
    now = timezone.now()
    started = time.perf_counter()

    with transaction.atomic():
        system = user_model.objects.create(username="bench-system")
        trust = Trust.objects.create(name="Bench Trust")
        school_rows = School.objects.bulk_create(
            [School(trust=trust, name=f"School {s:03d}") for s in range(schools)]
        )
    log(f"  {schools} schools")

    staff_by_school: dict[int, list] = {}
    for first in range(0, schools, 50):
        with transaction.atomic():
            users, staff = [], []
            for s in range(first, min(first + 50, schools)):
                for n in range(BIG_SCHOOL_STAFF if s == 0 else STAFF_PER_SCHOOL):
                    given, family = rng.choice(FIRST), rng.choice(LAST)
                    users.append(
                        user_model(
                            username=f"s{s}-{n}",
                            password=password,
                            first_name=given,
                            last_name=family,
                            email=f"s{s}-{n}@bench.invalid",
                        )
                    )
                    staff.append((s, n, f"{given} {family}"))
            users = user_model.objects.bulk_create(users, batch_size=BATCH)
            rows = StaffMember.objects.bulk_create(
                [
                    StaffMember(
                        school=school_rows[s],
                        user=user,
                        full_name=name,
                        email=user.email,
                        job_title="Teacher",
                    )
                    for (s, n, name), user in zip(staff, users, strict=True)
                ],
                batch_size=BATCH,
            )
            roles = []
            for (s, n, _), member in zip(staff, rows, strict=True):
                staff_by_school.setdefault(s, []).append(member)
                roles.append(RoleAssignment(staff=member, role=Role.EMPLOYEE))
                extra = {
                    HEAD: Role.HEADTEACHER,
                    FRONT_OFFICE: Role.FRONT_OFFICE,
                    CHAMPION: Role.WORKPLACE_CHAMPION,
                    ADMIN: Role.ADMINISTRATOR,
                }.get(n)
                if n in MANAGERS:
                    extra = Role.LINE_MANAGER
                if n == TRUST_LEAD and s == 0:
                    extra = Role.TRUST_LEAD
                if extra:
                    roles.append(RoleAssignment(staff=member, role=extra))
            RoleAssignment.objects.bulk_create(roles, batch_size=BATCH)
            # Each member of staff's line manager is one of the school's managers.
            for (s, n, _), member in zip(staff, rows, strict=True):
                member.line_manager = staff_by_school[s][
                    HEAD if n in MANAGERS else MANAGERS[n % len(MANAGERS)]
                ]
            StaffMember.objects.bulk_update(rows, ["line_manager"], batch_size=BATCH)
    log(f"  {sum(len(v) for v in staff_by_school.values())} staff ({time.perf_counter() - started:.0f}s)")

    totals = {"cases": 0, "incidents": 0, "people": 0}
    for first in range(0, schools, 25):
        with transaction.atomic():
            _build_schools(
                range(first, min(first + 25, schools)),
                rng=rng,
                school_rows=school_rows,
                staff_by_school=staff_by_school,
                system=system,
                today=today,
                now=now,
                behaviours=behaviours,
                totals=totals,
                models=(
                    AuditEvent,
                    Case,
                    CaseMember,
                    CasePerson,
                    CaseStatus,
                    Incident,
                    PersonOfConcern,
                    ContactRestriction,
                    PlanAction,
                    CheckIn,
                ),
                name_key=name_key,
            )
        log(
            f"  schools {first}-{min(first + 25, schools) - 1}: {totals['cases']} cases, "
            f"{totals['incidents']} incidents ({time.perf_counter() - started:.0f}s)"
        )
    return totals


def _build_schools(
    indexes, *, rng, school_rows, staff_by_school, system, today, now, behaviours, totals, models, name_key
):
    (AuditEvent, Case, CaseMember, CasePerson, CaseStatus, Incident, PersonOfConcern, ContactRestriction,
     PlanAction, CheckIn) = models  # fmt: skip
    people, cases, plans = [], [], []
    for s in indexes:
        school, staff = school_rows[s], staff_by_school[s]
        for n in range(PEOPLE_PER_SCHOOL):
            named = n % 5 != 0
            given, family = rng.choice(FIRST), rng.choice(LAST)
            people.append(
                PersonOfConcern(
                    school=school,
                    relationship=rng.choice(
                        ["parent_carer", "parent_carer", "customer_visitor", "contractor"]
                    ),
                    name=f"{given} {family}" if named else "",
                    name_key=name_key(f"{given} {family}") if named else "",
                    aliases=f"{rng.choice(FIRST)} {family[0]}" if n % 3 == 0 else "",
                    description=f"{rng.choice(LOOKS)}, {rng.choice(LOOKS)}",
                    created_by=system,
                    created_at=now - datetime.timedelta(days=rng.randint(1, 700)),
                )
            )
        for c in range(_cases_in(s)):
            opened = now - datetime.timedelta(days=rng.randint(1, 700))
            roll = rng.random()
            status = (
                CaseStatus.OPEN if roll < 0.6 else CaseStatus.MONITORING if roll < 0.75 else CaseStatus.CLOSED
            )
            front_desk = c % 4 == 0
            cases.append(
                Case(
                    school=school,
                    owner=staff[MANAGERS[c % len(MANAGERS)]],
                    status=CaseStatus.OPEN if s == 0 and c < 3 else status,
                    opened_at=opened,
                    status_changed_at=opened,
                    opened_by=system,
                    next_review_on=today + datetime.timedelta(days=rng.randint(-20, 40)),
                    colleagues_may_know="front_desk" if front_desk else "nothing",
                    front_desk_instruction="Ask them to wait at reception; fetch the deputy head."
                    if front_desk
                    else "",
                    champion_sees=rng.choice(["nothing", "nothing", "support", "everything"]),
                )
            )
    people = PersonOfConcern.objects.bulk_create(people, batch_size=BATCH)
    cases = Case.objects.bulk_create(cases, batch_size=BATCH)
    totals["people"] += len(people)
    totals["cases"] += len(cases)

    by_school_people: dict[int, list] = {}
    for person in people:
        by_school_people.setdefault(person.school_id, []).append(person)
    members, links, incidents, restrictions, events, check_ins = [], [], [], [], [], []
    position: dict[int, int] = {}
    for case in cases:
        s = case.school_id - school_rows[0].pk
        c = position[s] = position.get(s, -1) + 1
        staff = staff_by_school[s]
        # The persona employee is affected in two of the big school's cases.
        employee = staff[20] if s == 0 and c in (0, 7) else staff[10 + rng.randrange(len(staff) - 10)]
        members.append(CaseMember(case=case, staff=employee, role="employee", added_by=system))
        if c % 3 == 0:
            colleague = staff[MANAGERS[(c + 1) % len(MANAGERS)]]
            if colleague.pk != case.owner_id and colleague.pk != employee.pk:
                members.append(CaseMember(case=case, staff=colleague, role="member", added_by=system))
        school_people = by_school_people[case.school_id]
        person = school_people[c % len(school_people)]
        links.append(CasePerson(case=case, person=person, added_by=system))
        for i in range(_incident_count(rng, s, c)):
            day = (case.opened_at - datetime.timedelta(days=rng.randint(0, 120))).date()
            incidents.append(
                Incident(
                    case=case,
                    employee=employee,
                    person=person,
                    occurred_on=day,
                    occurred_time=datetime.time(rng.randint(7, 18), rng.choice([0, 15, 30, 45])),
                    recorded_at=case.opened_at + datetime.timedelta(minutes=i),
                    recorded_by=system,
                    location=rng.choice(LOCATIONS),
                    channel=rng.choice(CHANNELS),
                    behaviours=rng.sample(behaviours, rng.randint(1, 2)),
                    account="Waited by the gate at home time and asked where the employee parks.",
                    impacts=rng.sample(IMPACTS, rng.randint(0, 2)),
                )
            )
        if c % 10 == 0:
            restrictions.append(
                ContactRestriction(
                    case=case,
                    person=person,
                    kind="site_ban",
                    reason="Repeated approaches after a warning.",
                    details="Not to come onto the site.",
                    warned_on=today - datetime.timedelta(days=30),
                    representations_by=today - datetime.timedelta(days=16),
                    stage="confirmed" if c % 20 == 0 else "warning",
                    decided_on=today - datetime.timedelta(days=10) if c % 20 == 0 else None,
                    review_on=today + datetime.timedelta(days=80) if c % 20 == 0 else None,
                    created_by=system,
                )
            )
        if case.status != CaseStatus.CLOSED:
            for k in range(3):
                plans.append(
                    PlanAction(
                        case=case,
                        section=("travel", "cctv", "other")[k],
                        agreed="Walk to the car park with a colleague at the end of the day.",
                        owner=case.owner,
                        next_review_on=today + datetime.timedelta(days=rng.randint(-10, 30)),
                        created_by=system,
                    )
                )
        for k in range(10):
            events.append(
                AuditEvent(
                    actor_id=staff[MANAGERS[k % len(MANAGERS)]].user_id,
                    action="case.viewed",
                    school_id=case.school_id,
                    case=case,
                    object_type="case",
                    object_id=str(case.pk),
                    ip_address="127.0.0.1",
                )
            )
    for s in indexes:
        staff = staff_by_school[s]
        for k in range(20):
            employee = staff[10 + rng.randrange(len(staff) - 10)]
            check_ins.append(
                CheckIn(
                    employee=employee,
                    school=school_rows[s],
                    held_on=today - datetime.timedelta(days=rng.randint(0, 300)),
                    concern=rng.choice(["no", "no", "no", "not_sure", "yes"]),
                    recorded_by=staff[MANAGERS[k % len(MANAGERS)]].user,
                )
            )
    CaseMember.objects.bulk_create(members, batch_size=BATCH)
    CasePerson.objects.bulk_create(links, batch_size=BATCH)
    Incident.objects.bulk_create(incidents, batch_size=BATCH)
    ContactRestriction.objects.bulk_create(restrictions, batch_size=BATCH)
    PlanAction.objects.bulk_create(plans, batch_size=BATCH)
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
    totals["incidents"] += len(incidents)
