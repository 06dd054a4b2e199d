from dataclasses import dataclass

import pytest
from django.test import Client

from harbour.schools.models import Role
from tests import factories, twofactor
from tests.worker import db_worker, smtp  # noqa: F401  (fixtures: the real queue's worker and a mail server)


@dataclass
class World:
    """One school with a case, everyone around it, and outsiders.

    employee     the employee the case is about (in its circle)
    manager      the line manager who owns the case
    head         the school's headteacher
    member       a colleague added to the case's circle
    champion     the school's workplace champion (not in the circle)
    front_office reception staff
    trust_lead   the trust lead
    admin        the school's administrator
    colleague    another employee of the school, outside the case
    other_manager a line manager of the school who does not own the case
    other_head   the headteacher of another school
    """

    school: object
    other_school: object
    employee: object
    manager: object
    head: object
    member: object
    champion: object
    front_office: object
    trust_lead: object
    admin: object
    colleague: object
    other_manager: object
    other_head: object
    person: object
    case: object
    incident: object

    def client(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(getattr(self, persona).user)
        return client


PERSONAS = (
    "anonymous",
    "employee",
    "manager",
    "head",
    "member",
    "champion",
    "front_office",
    "trust_lead",
    "admin",
    "colleague",
    "other_manager",
    "other_head",
)


@pytest.fixture
def world(db) -> World:
    trust = factories.make_trust()
    school = factories.make_school("Riverside Test School", trust)
    other_school = factories.make_school("Hillside Test School", trust)
    f = factories.make_staff
    employee = f(school, username="employee", full_name="Erin Employee")
    manager = f(school, Role.LINE_MANAGER, username="manager", full_name="Morgan Manager")
    head = f(school, Role.HEADTEACHER, username="head", full_name="Hadley Head")
    member = f(school, username="member", full_name="Mel Member")
    champion = f(school, Role.WORKPLACE_CHAMPION, username="champion", full_name="Cam Champion")
    front_office = f(school, Role.FRONT_OFFICE, username="front_office", full_name="Fran Front")
    trust_lead = f(school, Role.TRUST_LEAD, username="trust_lead", full_name="Tess Trust")
    admin = f(school, Role.ADMINISTRATOR, username="admin", full_name="Ada Admin")
    colleague = f(school, username="colleague", full_name="Col League")
    other_manager = f(school, Role.LINE_MANAGER, username="other_manager", full_name="Otto Manager")
    other_head = f(other_school, Role.HEADTEACHER, username="other_head", full_name="Olive Head")
    person = factories.make_person(school, manager, name="Pat Concern")
    case = factories.make_case(manager, employee, people=[person], members=[member])
    incident = factories.record(case, manager, employee, person)
    return World(
        school=school,
        other_school=other_school,
        employee=employee,
        manager=manager,
        head=head,
        member=member,
        champion=champion,
        front_office=front_office,
        trust_lead=trust_lead,
        admin=admin,
        colleague=colleague,
        other_manager=other_manager,
        other_head=other_head,
        person=person,
        case=case,
        incident=incident,
    )


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a user fully signed in: password and
    a real authenticator. Tests of the unverified path sign in without it
    (`tests.twofactor` and tests/twofactor/)."""
    signed_in = Client.force_login

    def force_login(self, user, backend=None):
        signed_in(self, user, backend)
        twofactor.verify_client(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", signed_in, raising=False)


@pytest.fixture(autouse=True)
def _session_saved_once_per_test(settings):
    # Once a minute a request also saves the session's last-request time; on a busy
    # machine a test's setup can take a minute, so a query count would depend on the
    # clock. tests/twofactor/test_sessions.py sets the real minute back and tests it.
    settings.HARBOUR_SESSION_TOUCH_SECONDS = 24 * 60 * 60


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness buys nothing in tests that create dozens of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _evidence_in_a_temporary_folder(settings, tmp_path):
    # Every test stores its encrypted evidence apart; nothing lands in var/.
    settings.EVIDENCE_DIR = tmp_path / "evidence"


@pytest.fixture(autouse=True)
def _tasks_run_in_this_process(settings):
    # A task queued here runs at once, in this process, where it was enqueued
    # (on commit), so tests see its e-mail in mail.outbox. The real queue, with
    # `harbour db_worker` in a process of its own, is tried in tests/test_worker.py.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _an_empty_cache():
    # Each test starts with nothing cached: a cache key made of row ids (the
    # statistics' data version) would otherwise find what an earlier test cached,
    # since a rolled-back test database hands the same ids out again.
    from django.core.cache import cache

    cache.clear()
