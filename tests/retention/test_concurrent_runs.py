"""Two `harbour apply-retention` runs started at the same moment, as two cron
entries might: every due case is erased once, by one of them, and neither fails.
On PostgreSQL the second skips the cases the first has locked; on SQLite the
IMMEDIATE transactions queue and the second finds them already erased."""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from harbour.audit.models import AuditEvent
from harbour.cases.models import Incident
from harbour.retention.models import CaseErasure
from harbour.schools.models import Role
from tests import factories
from tests.retention.helpers import close, years_ago

BIN = Path(sys.executable).parent


def _database_url() -> str:
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(name).resolve()}"
    return urllib.parse.urlsplit(settings.DATABASE_URL)._replace(path=f"/{name}").geturl()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_erase_each_case_once(tmp_path):
    school = factories.make_school()
    manager = factories.make_staff(school, Role.LINE_MANAGER)
    cases = []
    for _ in range(24):
        employee = factories.make_staff(school)
        case = factories.make_case(manager, employee)
        factories.record(case, manager, employee)
        cases.append(close(case, manager, years_ago(7)).pk)
    connection.close()  # the runs must not queue behind this test's own connection
    env = {**os.environ, "DATABASE_URL": _database_url(), "HARBOUR_EVIDENCE_DIR": str(tmp_path)}
    runs = [
        subprocess.Popen(
            [str(BIN / "harbour"), "apply-retention"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    results = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], [err.decode()[-2000:] for _, err in results]
    erased = [
        line for out, _ in results for line in out.decode().splitlines() if "closed_case: erased" in line
    ]
    total = sum(int(line.split("erased ")[1].split(" ")[0]) for line in erased)
    assert total == len(cases)
    assert sorted(CaseErasure.objects.values_list("case_id", flat=True)) == sorted(cases)
    assert AuditEvent.objects.filter(action="retention.case_erased").count() == len(cases)
    assert not Incident.objects.filter(case_id__in=cases).exists()
