"""Small builders for test data. They go through the services where the rules live,
so tests exercise the same paths as the pages and the API."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.schools.models import Role, RoleAssignment, School, StaffMember, Trust

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


def make_school(name=None, trust=None) -> School:
    return School.objects.create(name=name or f"School {next(_numbers)}", trust=trust)


def make_trust(name=None) -> Trust:
    return Trust.objects.create(name=name or f"Trust {next(_numbers)}")


def make_staff(school, *roles, username=None, full_name=None, with_user=True) -> StaffMember:
    n = next(_numbers)
    full_name = full_name or f"Staff Member {n}"
    user = None
    if with_user:
        first, _, last = full_name.partition(" ")
        user = get_user_model().objects.create_user(
            username=username or f"user{n}", password=PASSWORD, first_name=first, last_name=last
        )
    staff = StaffMember.objects.create(school=school, user=user, full_name=full_name)
    for role in {Role.EMPLOYEE, *roles}:
        RoleAssignment.objects.create(staff=staff, role=role)
    return staff


def origin(staff_or_user) -> Origin:
    user = getattr(staff_or_user, "user", staff_or_user)
    return Origin(user=user, ip_address="127.0.0.1")


def make_person(school, by, name="Pat Example", **values):
    return case_services.create_person(
        origin=origin(by),
        school=school,
        values={"relationship": "parent_carer", "name": name, **values},
    )


def make_case(owner, employee, people=(), members=()):
    case = case_services.open_case(
        origin=origin(owner), school=owner.school, owner=owner, employees=[employee], people=list(people)
    )
    for member in members:
        case_services.add_to_circle(origin=origin(owner), case=case, staff=member)
    return case


def incident_values(employee, person=None, days_ago=1, **overrides) -> dict:
    values = {
        "employee": employee.pk,
        "person": person.pk if person else None,
        "occurred_on": (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat(),
        "occurred_time": "15:30",
        "location": "on_site",
        "channel": "in_person",
        "behaviours": ["seeking_out"],
        "account": "Waited by the gate and asked for the employee by name.",
        "impacts": ["alarm"],
    }
    values.update(overrides)
    return values


def record(case, by, employee, person=None, **overrides):
    return case_services.record_incident(
        origin=origin(by), case=case, values=incident_values(employee, person, **overrides)
    )


def api_client(staff):
    """A test client that sends a fresh API token for the staff member's user."""
    from django.db import transaction
    from django.test import Client

    from harbour.api import services as api_services

    with transaction.atomic():
        _, raw = api_services.issue_token(origin=origin(staff), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
