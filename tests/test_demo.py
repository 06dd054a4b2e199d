from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from harbour import demo
from harbour.cases import selectors
from harbour.cases.models import Case, Incident
from harbour.diary.models import DiaryEntry
from harbour.frontdesk.models import ContactRestriction
from harbour.schools.models import Role, RoleAssignment

User = get_user_model()


def test_demo_loads_once_with_every_role_and_three_realistic_cases(db):
    assert demo.load() is True
    counts = (Case.objects.count(), Incident.objects.count())
    assert demo.load() is False
    assert (Case.objects.count(), Incident.objects.count()) == counts == (3, 7)
    assert {r for r in RoleAssignment.objects.values_list("role", flat=True)} == set(Role.values)
    met = [case for case in Case.objects.all() if selectors.conduct_for(case).met]
    assert len(met) >= 1
    behaviours = {code for incident in Incident.objects.all() for code in incident.behaviours}
    assert {"touching", "sexual_comments"} <= behaviours


def test_every_printed_sign_in_works(db, capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo")
    printed = capsys.readouterr().out
    for role, username, password in demo.sign_ins():
        assert username in printed
        client = Client()
        response = client.post("/sign-in/", {"username": username, "password": password})
        assert response.status_code == 302, f"{role} sign-in failed"
        assert client.get("/").status_code == 200
    assert demo.DEMO_PASSWORD in printed


def test_demo_shows_the_managers_path(db):
    demo.load()
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
    demo.load()
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
