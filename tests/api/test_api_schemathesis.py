"""Schemathesis against the API's own OpenAPI document (issue 11): for every operation,
a bounded, seeded run of generated requests — valid and invalid — with the token of
one of six roles, some of them at the ids of real records of a world with a case, its
incidents, a plan action, a restriction, evidence and a diary entry. No answer may be
a 5xx, and every status must be one the document lists for the operation.

Run it alone with `pytest tests/api/test_api_schemathesis.py`; HARBOUR_SCHEMATHESIS_EXAMPLES
sets the examples per operation (25 by default)."""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from harbour.api import services as api_services
from harbour.api.api import api
from harbour.audit.services import Origin
from tests import test_access_matrix

EXAMPLES = int(os.environ.get("HARBOUR_SCHEMATHESIS_EXAMPLES", "25"))
ROLES = ("employee", "manager", "head", "front_office", "trust_lead", "admin")
CHECKS = [not_a_server_error, status_code_conformance]

# The access matrix's world: a case with one of every record, and everyone around it.
matrix_world = test_access_matrix.matrix_world

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))


@pytest.fixture
def app():
    """Django's WSGI application, in this process and this test's transaction. As in
    Django's test client, a request's start and end do not close the connection
    (that would end the test's transaction and the world with it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(matrix_world):
    tokens = {}
    with transaction.atomic():
        for role in ROLES:
            _, raw = api_services.issue_token(origin=Origin(user=getattr(matrix_world, role).user), name="st")
            tokens[role] = raw
    return tokens


def _known_ids(world, operation_path: str) -> dict[str, list[int]]:
    """Ids of real records, by the parameter names that carry them."""
    staff = [getattr(world, role).pk for role in ("employee", "manager", "head", "member", "colleague")]
    people = [world.person.pk, world.spare_person.pk]
    known = {
        "case_id": [world.case.pk],
        "incident_id": [world.incident.pk],
        "person_id": people,
        "person": people,
        "item_id": [world.evidence.pk],
        "evidence_id": [world.evidence.pk],
        "action_id": [world.action.pk],
        "restriction_id": [world.restriction.pk],
        "owner_id": staff,
        "manager_id": staff,
        "employee": staff,
        "employee_id": staff,
        "school_id": [world.school.pk],
        "entry_ids": [world.diary_entry.pk],
        "employee_ids": staff,
        "person_ids": people,
        "meeting_id": [world.meeting.pk],
        "check_in_id": [world.check_in.pk],
        "staff_id": staff,
        "member_id": list(world.case.members.values_list("pk", flat=True)),
    }
    if "{pack_id}" in operation_path:
        known["pack_id"] = [world.ready_pack().pk]
    return known


def _at_real_records(data, values, known) -> None:
    """Point some generated ids at real records, so requests reach past the 404."""
    if not isinstance(values, dict):
        return
    for name, value in list(values.items()):
        if name in known and data.draw(st.booleans(), label=f"real {name}"):
            real = data.draw(st.sampled_from(known[name]), label=name)
            values[name] = [real] if isinstance(value, list) else real
        elif isinstance(value, dict):
            _at_real_records(data, value, known)


@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
def test_no_input_is_a_server_error(case, data, matrix_world, callers, app):
    role = data.draw(st.sampled_from(ROLES), label="role")
    known = _known_ids(matrix_world, case.operation.path)
    _at_real_records(data, case.path_parameters, known)
    _at_real_records(data, case.query, known)
    _at_real_records(data, case.body, known)
    case.call_and_validate(
        base_url="http://testserver",
        app=app,
        headers={"Authorization": f"Bearer {callers[role]}"},
        checks=CHECKS,
    )


def test_it_runs_every_operation_of_the_document():
    # The run above is only as good as the document it reads: every route is in it.
    operations = [result.ok() for result in schema.get_all_operations()]
    routes = {
        (method.upper(), path)
        for path, item in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].items()
        for method in item
    }
    assert {(op.method.upper(), op.path) for op in operations} == routes and len(routes) >= 44


def test_a_server_error_would_be_caught(matrix_world, callers, app):
    # The check the run relies on fails on a 500 (a route raising on purpose, once).
    from schemathesis.core.failures import FailureGroup

    operation = schema["/api/v1/cases/{case_id}"]["GET"]
    case = operation.Case(path_parameters={"case_id": matrix_world.case.pk})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("harbour.api.routers.cases._one_case", _explode)
        with pytest.raises(FailureGroup, match="Server error"):
            case.call_and_validate(
                base_url="http://testserver",
                app=app,
                headers={"Authorization": f"Bearer {callers['head']}"},
                checks=CHECKS,
            )


def _explode(*args, **kwargs):
    raise RuntimeError("a fault on purpose")
