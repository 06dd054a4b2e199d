import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from harbour import demo
from harbour.audit.models import AuditEvent
from harbour.cases import selectors
from harbour.cases.models import Case, Incident
from harbour.diary.models import DiaryEntry
from harbour.frontdesk.models import ContactRestriction
from harbour.schools.models import Role, RoleAssignment

User = get_user_model()


def test_demo_loads_once_with_every_role_and_three_realistic_cases(db):
    assert demo.load(schools=False) is True
    counts = (Case.objects.count(), Incident.objects.count())
    assert demo.load(schools=False) is False
    assert (Case.objects.count(), Incident.objects.count()) == counts == (3, 7)
    assert {r for r in RoleAssignment.objects.values_list("role", flat=True)} == set(Role.values)
    met = [case for case in Case.objects.all() if selectors.conduct_for(case).met]
    assert len(met) >= 1
    behaviours = {code for incident in Incident.objects.all() for code in incident.behaviours}
    assert {"touching", "sexual_comments"} <= behaviours
    (riverside,) = _awareness_statuses().values()
    assert (riverside.count("current"), riverside.count("expired"), riverside.count("missing")) == (6, 2, 3)


def test_every_printed_sign_in_works(db, capsys, settings):
    """Password, then (for those who can open cases) the code `demo-code` prints,
    exactly as the printed sign-ins say."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo")
    printed = capsys.readouterr().out
    settings.DEBUG = True  # the demo setting, as `make demo-code` runs it
    asked_for_code = set()
    for role, username, password in demo.sign_ins():
        assert username in printed
        client = Client()
        response = client.post("/sign-in/", {"username": username, "password": password}, follow=True)
        assert response.status_code == 200, f"{role} sign-in failed"
        if response.redirect_chain[-1][0].startswith("/sign-in/code/"):
            assert f"make demo-code USER={username}" in printed
            call_command("demo_code", username)
            code = capsys.readouterr().out.strip()
            response = client.post(response.redirect_chain[-1][0], {"code": code})
            assert response.status_code == 302, f"{role}: the demo code was refused"
            asked_for_code.add(username)
        assert client.get("/").status_code == 200, role
    assert demo.DEMO_PASSWORD in printed
    # Everyone who can open case content is asked; front office and trust lead are not.
    assert asked_for_code == {"amira", "daniel", "helen", "sam", "chris", "priya"}


def test_demo_code_answers_only_for_the_demo(db, settings):
    from django.core.management.base import CommandError
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("demo")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only for the demo"):
        call_command("demo_code", "helen")
    settings.DEBUG = True
    # An account whose authenticator is its own (not the published demo key) is never answered for.
    TOTPDevice.objects.filter(user__username="daniel").update(key="ab" * 20)
    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_code", "daniel")


def test_demo_shows_the_managers_path(db):
    demo.load(schools=False)
    amira = Case.objects.get(members__staff__full_name="Amira Hassan")
    assert amira.colleagues_may_know == "front_desk" and amira.champion_sees == "support"
    assert amira.plan_actions.filter(section="travel", status="in_place").exists()
    assert amira.plan_actions.filter(section="contact", approval="pending").exists()
    assert amira.plan_actions.filter(section="contact", approval="approved").exists()
    assert amira.cctv_checks.exists() and amira.police_contacts.exists() and amira.champion_referrals.exists()
    assert DiaryEntry.objects.filter(author__full_name="Amira Hassan", shared_at__isnull=True).exists()
    assert all(case.next_review_on for case in Case.objects.exclude(status="closed"))
    for username, text in (("helen", "needs your decision"), ("daniel", "Overdue"), ("amira", "Your diary")):
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get("/" if username != "amira" else "/your-support/").content.decode()
        assert text in page, username


def test_demo_shows_risk_restrictions_and_the_front_desk(db):
    demo.load(schools=False)
    assert ContactRestriction.objects.filter(stage="confirmed", kind="site_ban").exists()
    assert ContactRestriction.objects.filter(stage="warning").exists()
    client = Client()
    client.force_login(User.objects.get(username="joanne"))
    desk = client.get("/front-desk/").content.decode()
    assert "Gary Hollis" in desk and "Lee Marsh" in desk
    helen = Client()
    helen.force_login(User.objects.get(username="helen"))
    grace = Case.objects.get(members__staff__full_name="Grace Okafor")
    assert "Decision needed" in helen.get(f"/cases/{grace.pk}/").content.decode()


def _academic_year(day) -> int:
    """The year an academic year starts in: September to August."""
    return day.year if day.month >= 9 else day.year - 1


def _awareness_statuses() -> dict[int, list[str]]:
    """Each active member of staff's awareness status today, by school."""
    from harbour.awareness import rules
    from harbour.awareness.models import AwarenessCompletion
    from harbour.schools.models import StaffMember

    today = timezone.localdate()
    latest = {}
    for staff_id, on in AwarenessCompletion.objects.order_by("completed_on").values_list(
        "staff_id", "completed_on"
    ):
        latest[staff_id] = on
    out = {}
    for member in StaffMember.objects.filter(is_active=True).select_related("school"):
        status = rules.status(latest.get(member.pk), member.school.awareness_renewal_months, today)
        out.setdefault(member.school_id, []).append(status)
    return out


def _reviews(cases) -> list[bool]:
    """Each review meeting after the first: held by the date the last meeting booked?"""
    from harbour.plans.models import Meeting

    held = {}
    for case_id, on, booked in (
        Meeting.objects.filter(case__in=cases)
        .order_by("held_on", "pk")
        .values_list("case_id", "held_on", "next_meeting_on")
    ):
        held.setdefault(case_id, []).append((on, booked))
    return [
        later[0] <= earlier[1]
        for meetings in held.values()
        for earlier, later in itertools.pairwise(meetings)
    ]


def test_the_demo_trust_has_schools_history_and_counts_big_and_small(db):
    """Loaded once (the trust takes seconds), checked on its data directly."""
    from harbour.cases import taxonomy
    from harbour.cases.models import PersonOfConcern
    from harbour.plans.models import PlanAction
    from harbour.prevention.models import CheckIn, OnlineSafetyCheck
    from harbour.risk.models import NameMatch, RiskScreening
    from harbour.schools.models import School

    assert demo.load() is True
    counted = [model.objects.count() for model in (School, Case, Incident, CheckIn, AuditEvent)]
    assert demo.load() is False  # twice changes nothing
    assert [model.objects.count() for model in (School, Case, Incident, CheckIn, AuditEvent)] == counted

    schools = list(School.objects.filter(trust__name=demo.TRUST_NAME))
    assert len(schools) >= 7
    # Riverside's story is exactly as it was.
    riverside = Case.objects.filter(school__name=demo.SCHOOL_NAME)
    assert (riverside.count(), Incident.objects.filter(case__in=riverside).count()) == (3, 7)

    # About two academic years of history, up to this term.
    days = sorted(Incident.objects.values_list("occurred_on", flat=True))
    today = timezone.localdate()
    assert _academic_year(days[0]) <= _academic_year(today) - 2
    opened = {
        _academic_year(timezone.localtime(at).date())
        for at in Case.objects.values_list("opened_at", flat=True)
    }
    assert {_academic_year(today) - 2, _academic_year(today) - 1, _academic_year(today)} <= opened
    assert (
        Case.objects.filter(status="closed").count() >= 20 and Case.objects.exclude(status="closed").exists()
    )

    # Counts per school: some at 5 or more (shown), some from 1 to 4 (shown as "fewer than 5").
    per_school = {s.name: Case.objects.filter(school=s).count() for s in schools}
    assert max(per_school.values()) >= 20 and sum(1 for n in per_school.values() if 1 <= n < 5) >= 2
    groups = {}
    for school_id, behaviours in Incident.objects.values_list("case__school_id", "behaviours"):
        for group in {taxonomy.BY_CODE[code].group for code in behaviours}:
            groups[school_id, group] = groups.get((school_id, group), 0) + 1
    assert any(n >= 5 for n in groups.values()) and any(1 <= n < 5 for n in groups.values())
    assert {group for _, group in groups} == {g.code for g in taxonomy.GROUPS}
    threats = sum(n for (_, group), n in groups.items() if group == "threats_violence")
    assert 1 <= threats < sum(n for (_, group), n in groups.items() if group == "stalking")
    for field in ("location", "channel"):
        assert Incident.objects.values(field).distinct().count() >= 5, field

    # The records the statistics and the reasonable-steps report read.
    reviews = _reviews(Case.objects.exclude(school__name=demo.SCHOOL_NAME))
    assert reviews.count(True) >= 10 and reviews.count(False) >= 5
    assert PlanAction.objects.filter(status="in_place").count() >= 50
    assert RiskScreening.objects.count() >= 20
    assert ContactRestriction.objects.filter(stage="confirmed").count() >= 5
    assert ContactRestriction.objects.filter(stage="not_confirmed").exists()
    assert CheckIn.objects.count() >= 200 and OnlineSafetyCheck.objects.count() >= 20
    with_policy = [bool(s.unacceptable_actions_policy_url) for s in schools]
    assert with_policy.count(True) >= 2 and with_policy.count(False) >= 2
    # Every check-in school has its own check-ins, and some schools have few.
    check_ins = {s.name: CheckIn.objects.filter(school=s).count() for s in schools}
    assert min(check_ins.values()) < 20 < max(check_ins.values())

    # The awareness module: in several schools some staff are current, some have fallen
    # due and some have never taken it; St Anne's asks every two years, so none of its
    # passes (the module is newer than that) has fallen due. Rates differ between schools.
    statuses = _awareness_statuses()
    assert sum(1 for s in schools if {"current", "expired", "missing"} <= set(statuses[s.pk])) >= 3
    st_annes = next(s for s in schools if s.awareness_renewal_months == 24)
    assert "expired" not in statuses[st_annes.pk] and "current" in statuses[st_annes.pk]
    rates = [statuses[s.pk].count("current") / len(statuses[s.pk]) for s in schools]
    assert max(rates) - min(rates) >= 0.4

    # People of concern in two schools: the same name, matched across the trust.
    in_schools = {}
    for key, school_id in PersonOfConcern.objects.exclude(name_key="").values_list("name_key", "school_id"):
        in_schools.setdefault(key, set()).add(school_id)
    assert sum(1 for ids in in_schools.values() if len(ids) >= 2) == 3
    assert NameMatch.objects.filter(trust__name=demo.TRUST_NAME, staff__gte=2).exists()

    # The trust lead sees the trust's patterns; each headteacher their own school only.
    mark = Client()
    mark.force_login(User.objects.get(username="mark"))
    page = mark.get("/trust/patterns/").content.decode()
    assert "Kerry Thorpe" in page and "Northbrook Academy" in page and "Westfield Primary School" in page
    helen, priya = Client(), Client()
    helen.force_login(User.objects.get(username="helen"))
    priya.force_login(User.objects.get(username="priya"))
    academy = Case.objects.filter(school__name="Northbrook Academy").exclude(status="closed").first()
    riverside = Case.objects.filter(school__name=demo.SCHOOL_NAME).first()
    assert priya.get(f"/cases/{academy.pk}/").status_code == 200
    assert priya.get(f"/cases/{riverside.pk}/").status_code == 404
    assert helen.get(f"/cases/{academy.pk}/").status_code == 404
    assert helen.get(f"/cases/{riverside.pk}/").status_code == 200


def test_the_demo_trust_is_the_same_every_time(db):
    """Seeded: built twice (the first undone), the same schools, cases, incidents and dates."""
    from django.db import transaction

    from harbour import demo_trust
    from harbour.schools.models import Trust

    demo.load(schools=False)
    trust = Trust.objects.get(name=demo.TRUST_NAME)

    def fingerprint():
        return sorted(
            Incident.objects.exclude(case__school__name=demo.SCHOOL_NAME).values_list(
                "case__school__name", "occurred_on", "location", "channel", "behaviours", "account"
            )
        )

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        assert demo_trust.load(trust) is True
        first = fingerprint()
        raise Undo
    assert fingerprint() == []
    assert demo_trust.load(trust) is True
    assert fingerprint() == first and len(first) >= 100


def test_demo_shows_the_employee_kept_informed_and_safe(db):
    """Issue 13 in the demo (demo_support.py): Amira's timeline, Riverside's support
    resources, the travel arrangement she recorded, the risk reasons on her case,
    the diary's court reminder and the quick exit on her pages."""
    from django.utils.html import escape

    from harbour import demo_support
    from harbour.risk import reasons
    from harbour.risk.models import CaseRiskState
    from harbour.schools import helplines
    from harbour.schools.models import School
    from harbour.web import timeline

    demo.load(schools=False)
    case = Case.objects.get(members__staff__full_name="Amira Hassan")
    school = School.objects.get(name=demo.SCHOOL_NAME)
    assert school.employee_assistance_name == demo_support.EMPLOYEE_ASSISTANCE["employee_assistance_name"]
    assert school.show_national_helplines and len(school.local_helplines) == 1
    # Recorded by Amira herself, twice: the first version is kept, the newest is current.
    current, first = case.travel_arrangements.all()
    assert current.recorded_by.username == first.recorded_by.username == "amira"
    assert current.check_in_with == "Yusuf" and current.shared_with_case_team and not first.check_in_with
    assert first.recorded_at < current.recorded_at < timezone.now()
    # The kept risk state gives the reasons the whole record supports.
    codes = {r["code"] for r in CaseRiskState.objects.get(case=case).reasons}
    assert {reasons.HOME, reasons.FEAR, reasons.SEVERAL} <= codes

    amira = Client()
    amira.force_login(User.objects.get(username="amira"))
    response = amira.get("/your-support/")
    page = response.content.decode()
    # The newest few on the page, everything a link away.
    assert "The risk to you was looked at again" in page and 'id="timeline-all"' in page
    everything = amira.get("/your-support/timeline/").content.decode()
    for kind_title in (
        "You met your manager about your case",
        "Put in place: travelling to and from work",
        timeline.STEP_TITLES["warned"],
        "The risk to you was looked at again",
        "Your case was opened",
    ):
        assert escape(kind_title) in everything, kind_title
    for offered in (
        demo_support.EMPLOYEE_ASSISTANCE["employee_assistance_name"],
        demo_support.LOCAL_HELPLINE["name"],
        helplines.NATIONAL[0].name,
        "Sam Lewis",
    ):
        assert offered in page, offered
    assert 'id="exit-this-page"' in page and "<title>Home – Staff portal</title>" in page
    travel_page = amira.get(f"/cases/{case.pk}/plan/travel/").content.decode()
    assert "Yusuf Hassan" in travel_page and 'id="travel-history"' in travel_page
    assert 'id="exit-this-page"' in travel_page
    diary = amira.get("/diary/new/").content.decode()
    assert 'id="court-warning"' in diary and "court or tribunal" in diary and 'id="exit-this-page"' in diary
    # The reasons are on the risk page; the head sees the arrangement because Amira shared it.
    daniel = Client()
    daniel.force_login(User.objects.get(username="daniel"))
    risk_page = daniel.get(f"/cases/{case.pk}/risk/").content.decode()
    for code in (reasons.HOME, reasons.FEAR, reasons.SEVERAL):
        assert escape(reasons.TITLES[code]) in risk_page, code
    helen = Client()
    helen.force_login(User.objects.get(username="helen"))
    assert "Yusuf Hassan" in helen.get(f"/cases/{case.pk}/plan/travel/").content.decode()


def test_the_demo_trusts_statistics_are_prepared_as_it_loads(db, settings):
    """Statistics are prepared off the request path; the demo prepares its trust's
    as it loads, so the first visit shows figures and no worker needs to run first."""
    from harbour.statistics import selectors as statistics
    from harbour.statistics.models import StatisticsSnapshot

    call_command("demo")
    current = StatisticsSnapshot.objects.filter(scope_kind="trust", data_version=statistics.data_version())
    assert current.exists()
    # The first visit: with the real queue (nothing runs here), a page that found no
    # snapshot for its trust and year would say the figures are being prepared.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mark = Client()
    mark.force_login(User.objects.get(username="mark"))  # the trust lead
    response = mark.get("/statistics/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Figures prepared at" in page and "These figures are being prepared" not in page
    assert "Records have changed since then" not in page
    assert 'id="table-schools"' in page
