"""Kept state across upgrades: no data migration rebuilds it (one that ran today's
code broke as soon as a later migration added a column that code reads); each row
says which rules version wrote it, and after `migrate` leaves the schema complete
every stale row is rebuilt by today's code. Rebuilding twice changes nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from harbour.cases.models import Case, PersonOfConcern
from harbour.risk import rebuild, state
from harbour.risk.models import CaseRiskState, NameMatch
from harbour.risk.version import RULES_VERSION
from harbour.schools.models import Role
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
RISK_MIGRATIONS = ROOT / "src" / "harbour" / "risk" / "migrations"


def _world():
    """A trust of two schools, one person named in a case at each, one case with
    touching (at least medium) and a threat (a signal)."""
    trust = factories.make_trust()
    schools = [factories.make_school(trust=trust), factories.make_school(trust=trust)]
    cases = []
    for school in schools:
        manager = factories.make_staff(school, Role.LINE_MANAGER)
        employee = factories.make_staff(school)
        person = factories.make_person(school, manager, name="Pat Concern")
        case = factories.make_case(manager, employee, people=[person])
        factories.record(case, manager, employee, person, behaviours=["touching"], days_ago=9)
        factories.record(case, manager, employee, person, behaviours=["threats"], days_ago=2)
        cases.append(case)
    return cases


def _kept(case) -> dict:
    row = CaseRiskState.objects.get(case=case)
    fields = [f.name for f in CaseRiskState._meta.concrete_fields if f.name not in ("case", "refreshed_at")]
    return {name: getattr(row, name) for name in fields}


def _computed(case) -> dict:
    digest = state.compute(Case.objects.select_related("school").get(pk=case.pk))
    return {
        "facts": [fact.to_json() for fact in digest.facts],
        "raised_signals": [{"code": s.code, "incident_ids": list(s.incident_ids)} for s in digest.raised],
        "open_signals": [{"code": s.code, "incident_ids": list(s.incident_ids)} for s in digest.open],
        "open_signal_count": len(digest.open),
        "proposed": digest.proposed,
        "reasons": [reason.to_json() for reason in digest.reasons],
        "warnings": [warned.to_json() for warned in digest.warnings],
        "screening": digest.screened.to_json() if digest.screened else None,
        "attempts": [attempt.to_json() for attempt in digest.attempts],
        "rules_version": RULES_VERSION,
    }


def _matches() -> list:
    return sorted(NameMatch.objects.values_list("trust_id", "name_key", "name", "staff"))


def _spoil(case, *, version=0):
    """A row as older rules might have left it: wrong in every derived field."""
    CaseRiskState.objects.filter(case=case).update(
        rules_version=version, facts=[], raised_signals=[], open_signals=[], open_signal_count=0,
        proposed="low", reasons=[], attempts=[],
    )  # fmt: skip


def test_the_services_write_the_current_rules_version(db):
    first, second = _world()
    assert _kept(first) == _computed(first)
    assert CaseRiskState.objects.filter(rules_version=RULES_VERSION).count() == 2
    assert _kept(first)["proposed"] != "low"  # the spoiled rows below are visibly wrong


def test_migrate_rebuilds_stale_and_missing_rows_and_nothing_else(db):
    first, second = _world()
    third = factories.make_case(
        factories.make_staff(first.school, Role.LINE_MANAGER), factories.make_staff(first.school)
    )
    _spoil(first)  # written by older rules
    CaseRiskState.objects.filter(case=third).delete()  # never written (a restore, a bulk load)
    _spoil(second, version=RULES_VERSION)  # current version: migrate must leave it alone
    untouched = CaseRiskState.objects.get(case=second).refreshed_at
    NameMatch.objects.all().delete()
    PersonOfConcern.objects.update(name_key="")

    call_command("migrate", verbosity=0)

    assert _kept(first) == _computed(first)
    assert _kept(third) == _computed(third)
    second_row = CaseRiskState.objects.get(case=second)
    assert second_row.refreshed_at == untouched and second_row.proposed == "low"
    assert set(PersonOfConcern.objects.values_list("name_key", flat=True)) == {"pat concern"}
    assert [m[1:] for m in _matches()] == [("pat concern", "Pat Concern", 2)]


def test_migrate_with_nothing_stale_writes_nothing(db, django_assert_max_num_queries):
    _world()
    before = list(CaseRiskState.objects.order_by("pk").values_list("pk", "refreshed_at"))
    assert rebuild.stale_case_ids() == []
    with django_assert_max_num_queries(1):
        assert rebuild.rebuild_stale() == {"names": 0, "cases": 0, "matches": 0}
    call_command("migrate", verbosity=0)
    assert list(CaseRiskState.objects.order_by("pk").values_list("pk", "refreshed_at")) == before


def test_rebuild_is_idempotent(db):
    cases = _world()
    _spoil(cases[0])
    first = rebuild.rebuild_all()
    after_first = ([_kept(case) for case in cases], _matches())
    assert first["cases"] == 2
    second = rebuild.rebuild_all()
    assert ([_kept(case) for case in cases], _matches()) == after_first
    assert second["names"] == 0  # nothing left to change
    assert [_kept(case) for case in cases] == [_computed(case) for case in cases]
    assert rebuild.rebuild_stale()["cases"] == 0


def test_rebuild_state_command_stale_and_all(db, capsys):
    first, second = _world()
    _spoil(first)
    call_command("rebuild_state", "--stale")
    assert "cases refreshed: 1;" in capsys.readouterr().out
    assert _kept(first) == _computed(first)
    _spoil(second, version=RULES_VERSION)
    call_command("rebuild_state")  # without --stale: every case, whatever its version
    assert "cases refreshed: 2;" in capsys.readouterr().out
    assert _kept(second) == _computed(second)


def test_no_risk_migration_runs_application_code():
    """The pattern this replaces: a data migration importing harbour code that
    writes kept state. Migrations may only use the historical models they are given."""
    for path in sorted(RISK_MIGRATIONS.glob("0*.py")):
        text = path.read_text()
        assert "from harbour" not in text and "import harbour" not in text, path.name


@pytest.mark.django_db(transaction=True)
def test_upgrade_from_before_the_version_column_rebuilds_after_the_last_migration():
    """A database at risk 0006 with kept state, upgraded: 0007 adds the column (0 on
    every row) and the rows are rebuilt after it. Migrating to an earlier target
    rebuilds nothing (today's code could not write the old schema) and does not fail."""
    first, second = _world()
    call_command("migrate", "risk", "0006", verbosity=0)  # post_migrate runs and must skip
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "risk_caseriskstate")
        ]
        assert "rules_version" not in columns
        cursor.execute("UPDATE risk_caseriskstate SET proposed = 'low', reasons = '[]', facts = '[]'")
    call_command("migrate", verbosity=0)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert _kept(first) == _computed(first)
    assert _kept(second) == _computed(second)
    assert _kept(first)["proposed"] != "low"


def test_a_fresh_database_migrates(tmp_path):
    """`harbour migrate` on a new SQLite database, then `rebuild-state --stale`."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "HARBOUR_SECRET_KEY": "test-only-secret-not-for-production",
        "HARBOUR_DEBUG": "false",
    }
    harbour = [sys.executable, "-m", "harbour.cli"]
    first = subprocess.run([*harbour, "migrate", "--no-input"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "risk.0007_caseriskstate_rules_version... OK" in first.stdout
    assert "Kept state rebuilt" not in first.stdout  # nothing there to rebuild
    stale = subprocess.run([*harbour, "rebuild-state", "--stale"], env=env, capture_output=True, text=True)
    assert stale.returncode == 0 and "cases refreshed: 0;" in stale.stdout
