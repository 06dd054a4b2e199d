"""Prepared statistics: no request builds a trust's protected tables. They are built
off the request path (the task queue, `harbour refresh-statistics`) into snapshots
of the published values only; the page, CSV and API read the newest one, say when
it was prepared, and read the per-school table a page at a time."""

import html
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from harbour.retention import erasure
from harbour.statistics import selectors, services, tasks, views
from harbour.statistics.models import SnapshotSchool, StatisticsSnapshot
from harbour.statistics.suppression import MARKERS, MINIMUM
from tests import factories
from tests.retention.helpers import close, years_ago
from tests.statistics.test_selectors import ACCOUNT, _year, build_trust

TASK = "harbour.statistics.tasks.refresh_statistics"


def _client(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@pytest.fixture
def queued(settings):
    """The real queue's backend: a task row is written and nothing runs here."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def no_building_here(monkeypatch):
    """Fails the test if anything counts or protects a trust's tables."""

    def refuse(*args, **kwargs):
        raise AssertionError("the protected tables were built on the request path")

    monkeypatch.setattr(selectors, "build", refuse)
    monkeypatch.setattr(selectors, "count", refuse)
    monkeypatch.setattr(selectors, "protect", refuse)


@pytest.fixture
def world(db):
    return build_trust()


def _prepare(world):
    return services.prepare(scope=("trust", world.trust.pk), period=_year())[0]


def test_a_snapshot_holds_what_the_rules_compute(world):
    snapshot = _prepare(world)
    protected = selectors.build(("trust", world.trust.pk), _year())
    found = selectors.published(("trust", world.trust.pk), _year())
    assert found.snapshot_id == snapshot.pk and not found.stale
    assert found.figures == protected.figures()
    for school in world.schools:
        assert selectors.published(
            ("trust", world.trust.pk), _year(), school.pk
        ).figures == protected.figures(school.pk)
    assert [
        selectors.school_row(r) for r in selectors.school_rows(snapshot.pk, snapshot.school_count)
    ] == protected.school_rows()


def test_a_snapshot_stores_no_small_count_and_no_names(world):
    snapshot = _prepare(world)
    stored = [
        snapshot.figures,
        *SnapshotSchool.objects.filter(snapshot=snapshot).values_list("row", "figures"),
    ]
    text = json.dumps(stored)
    for secret in (ACCOUNT, "Pat Repeated", "Head Teacher", "Emp Loyee", "HB-0"):
        assert secret not in text

    def counts(figures):
        yield from (
            figures["incidents"],
            figures["cases_opened"],
            figures["cases_closed"],
            figures["repeat_people"],
        )
        for b in figures["breakdowns"]:
            yield b["total"]
            yield from (value for _, _, value in b["figures"])
        for _, *values in figures["months"]:
            yield from values

    every = [*counts(snapshot.figures)]
    for row, figures in SnapshotSchool.objects.filter(snapshot=snapshot).values_list("row", "figures"):
        every += [*row.values(), *counts(figures)]
    assert every and all(value in MARKERS or value >= MINIMUM for value in every)
    assert "fewer than 5" in every  # school 1 has 3 incidents, school 2 none


def test_the_page_never_builds_it_says_the_figures_are_being_prepared_and_queues_once(
    world, queued, no_building_here
):
    client = _client(world.lead)
    page = client.get("/statistics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "These figures are being prepared" in text and 'id="table-schools"' not in text
    (row,) = DBTaskResult.objects.filter(task_path=TASK)
    assert row.args_kwargs == {"args": ["trust", world.trust.pk, _year().code], "kwargs": {}}
    # Asked again, and by the API, the CSV and a headteacher: still one task queued, nothing built.
    assert "being prepared" in client.get("/statistics/").content.decode()
    assert "being prepared" in client.get("/statistics/download.csv").content.decode()
    api = factories.api_client(world.lead).get("/api/v1/statistics/")
    assert api.status_code == 503 and "being prepared" in api.json()["detail"]
    assert "being prepared" in _client(world.heads[1]).get("/statistics/").content.decode()
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1


def test_the_queued_task_prepares_the_figures_the_page_then_shows(world, queued):
    client = _client(world.lead)
    client.get("/statistics/")
    (row,) = DBTaskResult.objects.filter(task_path=TASK)
    assert tasks.refresh_statistics.call(*row.args_kwargs["args"]) is True
    assert tasks.refresh_statistics.call(*row.args_kwargs["args"]) is False  # once per data version
    text = client.get("/statistics/").content.decode()
    assert "Figures prepared at" in text and "Records have changed" not in text
    assert 'id="table-schools"' in text and "Stats School 2" in text


def test_a_stale_snapshot_is_shown_with_its_date_then_refreshed(world, queued, monkeypatch):
    _prepare(world)
    before = selectors.published(("trust", world.trust.pk), _year()).figures.incidents
    assert before == 15
    case = world.cases[0]
    for n in range(3):
        factories.record(case, world.heads[0], case.members.first().staff, days_ago=2 + n)
    client = _client(world.lead)
    monkeypatch.setattr(selectors, "build", lambda *a: pytest.fail("built on the request path"))
    text = client.get("/statistics/").content.decode()
    # The old figures, all of them (one snapshot, never a mix), with when they were prepared.
    assert "Records have changed since then" in text and "Figures prepared at" in text
    assert selectors.published(("trust", world.trust.pk), _year()).figures.incidents == before
    assert factories.api_client(world.lead).get("/api/v1/statistics/").json()["stale"] is True
    (row,) = DBTaskResult.objects.filter(task_path=TASK)
    monkeypatch.undo()
    tasks.refresh_statistics.call(*row.args_kwargs["args"])
    after = selectors.published(("trust", world.trust.pk), _year())
    assert after.figures.incidents == before + 3 and not after.stale
    assert "Records have changed" not in client.get("/statistics/").content.decode()
    # The one before is kept (a page that read its header a moment ago still finds its rows).
    assert StatisticsSnapshot.objects.count() == 2


def test_an_erasure_moves_the_data_version_and_the_figures_follow(world, queued):
    _prepare(world)
    version = selectors.data_version()
    case = world.cases[0]
    close(case, world.heads[0], years_ago(8))
    moved_by_closing = selectors.data_version()
    tasks.refresh_statistics.call("trust", world.trust.pk, _year().code)
    assert selectors.published(("trust", world.trust.pk), _year()).figures.incidents == 15
    assert erasure.erase_case(origin=factories.origin(world.heads[0]), case_id=case.pk, months=12)
    assert selectors.data_version() not in (version, moved_by_closing)
    found = selectors.published(("trust", world.trust.pk), _year())
    assert found.stale and found.figures.incidents == 15
    tasks.refresh_statistics.call("trust", world.trust.pk, _year().code)
    assert selectors.published(("trust", world.trust.pk), _year()).figures.incidents != 15


def test_the_per_school_table_is_paginated_and_read_a_page_at_a_time(db, monkeypatch):
    monkeypatch.setattr(views, "SCHOOLS_PAGE", 2)
    small = build_trust(incidents_per_school=(6, 0, 0), name_prefix="Small")
    big = build_trust(incidents_per_school=(6, 0, 0, 0, 0, 0, 0), name_prefix="Big")
    for world in (small, big):
        _prepare(world)

    def queries(world, query=""):
        client = _client(world.lead)
        client.get(f"/statistics/{query}")
        with CaptureQueriesContext(connection) as captured:
            page = client.get(f"/statistics/{query}")
        return len(captured.captured_queries), page.content.decode()

    few, first = queries(small)
    many, _ = queries(big)
    assert few == many

    def row(name):
        return f"{name}</a></th>"

    assert "Showing 1 to 2 of 3 schools" in first
    assert row("Small School 0") in first and row("Small School 2") not in first
    _, second = queries(small, "?page=2")
    assert row("Small School 2") in second and row("Small School 0") not in second
    assert 'class="govuk-pagination"' in second
    _, last = queries(big, "?page=4")
    assert "Showing 7 to 7 of 7 schools" in last
    api = factories.api_client(big.lead)
    body = api.get("/api/v1/statistics/?page=2&page_size=3").json()
    assert body["schools_count"] == 7 and [s["name"] for s in body["schools"]] == [
        "Big School 3",
        "Big School 4",
        "Big School 5",
    ]
    assert api.get("/api/v1/statistics/?page_size=101").status_code == 422
    assert api.get(f"/api/v1/statistics/?school_id={big.schools[0].pk}").json()["schools"] == []


def test_a_big_trust_picks_a_school_from_the_table_not_a_list(db, monkeypatch):
    monkeypatch.setattr(views, "SCHOOL_LIST_LIMIT", 2)
    small = build_trust(incidents_per_school=(6, 0), name_prefix="Small")
    big = build_trust(incidents_per_school=(6, 0, 0, 0, 0), name_prefix="Big")
    other = build_trust(incidents_per_school=(6,), name_prefix="Other")
    for world in (small, big):
        _prepare(world)
    assert 'id="school"' in _client(small.lead).get("/statistics/").content.decode()
    client = _client(big.lead)
    page = client.get("/statistics/").content.decode()
    assert 'id="school"' not in page and "Big School 4" not in page.split('id="table-schools"')[0]
    assert f'school={big.schools[3].pk}">Big School 3</a>' in page
    one = client.get(f"/statistics/?school={big.schools[3].pk}").content.decode()
    assert "Statistics: Big School 3" in one and 'id="statistics-whole-trust"' in one
    assert f'name="school" value="{big.schools[3].pk}"' in one  # kept when the year changes
    for wrong in (str(other.schools[0].pk), "abc", "9" * 20):
        refused = client.get(f"/statistics/?school={wrong}").content.decode()
        assert "There is a problem" in refused and html.escape(views.NOT_A_SCHOOL) in refused, wrong
        assert "Other School 0" not in refused
        # No field to link to: the summary says it without a link that goes nowhere.
        assert 'href="#school"' not in refused and 'id="school"' not in refused
    small_refused = _client(small.lead).get(f"/statistics/?school={other.schools[0].pk}").content.decode()
    assert 'href="#school"' in small_refused and 'id="school"' in small_refused

    def queries(world):
        c = _client(world.lead)
        c.get("/statistics/")
        with CaptureQueriesContext(connection) as captured:
            c.get("/statistics/")
        return len(captured.captured_queries)

    assert queries(big) == queries(small)


def test_the_command_prepares_what_changed_and_skips_the_rest(world, capsys):
    call_command("refresh_statistics")
    assert "1 statistics snapshot(s) prepared" in capsys.readouterr().out
    call_command("refresh_statistics")
    assert "0 statistics snapshot(s) prepared" in capsys.readouterr().out
    factories.record(world.cases[0], world.heads[0], world.cases[0].members.first().staff, days_ago=3)
    call_command("refresh_statistics")
    assert "1 statistics snapshot(s) prepared" in capsys.readouterr().out


def test_the_command_can_queue_for_the_worker(world, queued, capsys):
    call_command("refresh_statistics", "--queue")
    assert "1 statistics refresh(es) queued" in capsys.readouterr().out
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert not StatisticsSnapshot.objects.exists()


def test_the_worker_prepares_what_the_page_queued(db_worker, monkeypatch):
    world = build_trust()
    monkeypatch.setattr(selectors, "build", lambda *a: pytest.fail("built on the request path"))
    client = _client(world.lead)
    assert "being prepared" in client.get("/statistics/").content.decode()
    db_worker.run_batch()  # `harbour db_worker --batch`, a process of its own
    text = client.get("/statistics/").content.decode()
    assert "Figures prepared at" in text and "Statistics: Stats Trust" in text
    assert StatisticsSnapshot.objects.get().school_count == 3
