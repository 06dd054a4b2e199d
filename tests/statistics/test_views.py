"""The statistics page, CSV and API: who sees which figures, the filters, bad input,
the audit of a download, no names or free text, and a fixed number of queries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from harbour.audit.models import AuditEvent
from harbour.schools.models import Role
from harbour.statistics import choice, selectors, views
from harbour.statistics.suppression import FEWER_THAN_5
from tests import factories
from tests.statistics.test_selectors import ACCOUNT, _year, build_trust


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()
    yield
    cache.clear()


def _client(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@pytest.fixture
def world(db):
    return build_trust()


def test_the_trust_lead_sees_the_trust_and_each_school(world):
    client = _client(world.lead)
    page = client.get("/statistics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Statistics: Stats Trust" in text and FEWER_THAN_5 in text
    assert 'id="table-schools"' in text and "Stats School 2" in text
    one = client.get(f"/statistics/?school={world.schools[0].pk}&period={_year().code}")
    assert one.status_code == 200
    assert "Statistics: Stats School 0" in one.content.decode()
    assert 'id="table-schools"' not in one.content.decode()


def test_a_headteacher_sees_only_their_own_school(world):
    client = _client(world.heads[1])
    page = client.get("/statistics/")
    assert page.status_code == 200
    assert "Statistics: Stats School 1" in page.content.decode()
    assert client.get(f"/statistics/?school={world.schools[0].pk}").status_code == 200  # an error, not theirs
    assert (
        "Choose a school from the list."
        in client.get(f"/statistics/?school={world.schools[0].pk}").content.decode()
    )
    api = factories.api_client(world.heads[1])
    assert api.get(f"/api/v1/statistics/?school_id={world.schools[0].pk}").status_code == 404
    assert api.get(f"/api/v1/statistics/?school_id={world.schools[1].pk}").status_code == 200


def test_anyone_else_is_not_found(world):
    employee = world.cases[0].members.first().staff
    assert _client(employee).get("/statistics/").status_code == 404
    assert _client(employee).get("/statistics/download.csv").status_code == 404
    assert factories.api_client(employee).get("/api/v1/statistics/").status_code == 404
    other_trust = build_trust(incidents_per_school=(6,), name_prefix="Other")
    lead = _client(other_trust.lead)
    page = lead.get(f"/statistics/?school={world.schools[0].pk}")
    assert "Stats School 0" not in page.content.decode()
    assert (
        factories.api_client(other_trust.lead)
        .get(f"/api/v1/statistics/?school_id={world.schools[0].pk}")
        .status_code
        == 404
    )


def test_bad_filters_are_a_message_not_a_500(world):
    client = _client(world.lead)
    for query in ("period=1999-00", "period=<script>", "school=abc", "school=99999999999999999999"):
        page = client.get(f"/statistics/?{query}")
        assert page.status_code == 200, query
        assert "There is a problem" in page.content.decode(), query
    api = factories.api_client(world.lead)
    for query, field in (
        ("period=1999-00", "period"),
        ("period=nonsense", "period"),
        ("school_id=0", "school_id"),
        ("school_id=abc", "school_id"),
        ("colour=red", "colour"),
    ):
        response = api.get(f"/api/v1/statistics/?{query}")
        assert response.status_code == 422, (query, response.content)
        assert field in response.json()["errors"], (query, response.json())


def test_page_csv_and_api_give_the_same_figures_with_no_names_or_free_text(world):
    client = _client(world.lead)
    figures = selectors.protected_for(("trust", world.trust.pk), _year()).figures()
    page = client.get("/statistics/").content.decode()
    download = client.get("/statistics/download.csv")
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    values = {(section, figure): value for section, figure, value in rows[1:]}
    assert values[("totals", "incidents")] == str(figures.incidents)
    assert values[("incidents by place", "On the school site")] == str(figures.breakdowns[1].figures[0].value)
    api = factories.api_client(world.lead).get("/api/v1/statistics/").json()
    assert api["incidents"] == figures.incidents
    assert api["breakdowns"][1]["figures"][0]["value"] == figures.breakdowns[1].figures[0].value
    assert [s["incidents"] for s in api["schools"]] == [
        r.incidents for r in selectors.protected_for(("trust", world.trust.pk), _year()).school_rows()
    ]
    for text in (page, download.content.decode(), str(api)):
        for secret in (ACCOUNT, "Pat Repeated", "Head Teacher", "Emp Loyee", "HB-0"):
            assert secret not in text
    for case in world.cases:
        assert f"/cases/{case.pk}/" not in page


def test_a_download_is_audited(world):
    client = _client(world.lead)
    before = AuditEvent.objects.filter(action="statistics.exported").count()
    client.get(f"/statistics/download.csv?school={world.schools[0].pk}")
    event = AuditEvent.objects.filter(action="statistics.exported").latest("pk")
    assert AuditEvent.objects.filter(action="statistics.exported").count() == before + 1
    assert event.actor == world.lead.user and event.school_id == world.schools[0].pk
    assert event.detail == {"period": _year().code, "scope": "school"}


def test_a_formula_in_a_school_name_is_not_run_by_a_spreadsheet(world):
    school = world.schools[2]
    school.name = "=HYPERLINK(1)"
    school.save()
    factories.make_school("Extra", world.trust)  # moves the data version
    rows = list(csv.reader(io.StringIO(_client(world.lead).get("/statistics/download.csv").content.decode())))
    assert any(row[0] == "school: =HYPERLINK(1)" for row in rows)
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert views._cell("=SUM(A1)") == "'=SUM(A1)" and views._cell("-3") == "'-3"


def _page_queries(client, query="") -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/statistics/{query}").status_code == 200
    return len(captured.captured_queries)


def test_the_page_asks_the_same_number_of_queries_however_much_the_trust_holds(db):
    small = build_trust(incidents_per_school=(1,), name_prefix="Small")
    few = _page_queries(_client(small.lead))
    big = build_trust(incidents_per_school=(9, 7, 6, 5, 3, 8, 12, 2), name_prefix="Big")
    extra = factories.make_staff(big.schools[0], full_name="More Staff")
    for n in range(5):
        case = factories.make_case(big.heads[0], extra)
        factories.record(case, big.heads[0], extra, days_ago=30 + n)
    many = _page_queries(_client(big.lead))
    assert few == many
    # Cached, the page asks for the data version and the user's own reach only.
    client = _client(big.lead)
    client.get("/statistics/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/statistics/")
    assert len(captured.captured_queries) < few


def test_a_headteacher_and_the_trust_lead_read_the_same_cells(world):
    head = choice.choose(world.heads[0].user, period=_year(), school_id=None)
    lead = choice.choose(world.lead.user, period=_year(), school_id=world.schools[0].pk)
    assert head.figures == lead.figures


def test_a_headteacher_who_is_not_in_a_trust_sees_their_school(db):
    school = factories.make_school("Lone School")
    head = factories.make_staff(school, Role.HEADTEACHER, full_name="Lone Head")
    page = _client(head).get("/statistics/")
    assert page.status_code == 200 and "Statistics: Lone School" in page.content.decode()
