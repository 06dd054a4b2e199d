import pytest
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
    assert asked_for_code == {"amira", "daniel", "helen", "sam", "chris"}


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
