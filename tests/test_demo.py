from django.core.management import call_command
from django.test import Client

from harbour import demo
from harbour.cases import selectors
from harbour.cases.models import Case, Incident
from harbour.schools.models import Role, RoleAssignment


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
