"""The case page costs the same for a long record as for a short one: the rules'
results come from the kept digest, and only one page of the chronology is read
and shown in full."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from harbour.cases.views.cases import CHRONOLOGY_PAGE, CONDUCT_LINKS
from harbour.risk import screening
from harbour.risk import services as risk_services
from harbour.risk.models import CaseRiskState
from tests import factories
from tests.frontdesk.test_frontdesk import _warn as warn_about_a_restriction


def _fill(world, case, how_many, start=0):
    for n in range(start, start + how_many):
        factories.record(
            case, world.manager, world.employee, world.person, days_ago=2 + n, account=f"Occasion number {n}."
        )


def _read(client, path) -> tuple[str, list[str]]:
    """The page and the SQL of every query it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured.captured_queries]


def _get(client, path):
    page, queries = _read(client, path)
    return page, len(queries)


def test_case_page_queries_do_not_grow_with_the_record(world):
    client = world.client("head")
    path = f"/cases/{world.case.pk}/"
    _fill(world, world.case, 4)  # 5 with the world's own
    _, small = _get(client, path)
    _fill(world, world.case, 55, start=4)  # 60
    _, large = _get(client, path)
    assert small == large, f"{small} queries for 5 incidents, {large} for 60"


def test_the_chronology_is_paged_newest_first_and_every_incident_is_reachable(world):
    _fill(world, world.case, CHRONOLOGY_PAGE + 5)
    client = world.client("manager")
    first, _ = _get(client, f"/cases/{world.case.pk}/")
    second, _ = _get(client, f"/cases/{world.case.pk}/?page=2")
    shown_first = re.findall(r'id="incident-(\d+)"', first)
    shown_second = re.findall(r'id="incident-(\d+)"', second)
    assert len(shown_first) == CHRONOLOGY_PAGE
    every = {str(pk) for pk in world.case.incidents.values_list("pk", flat=True)}
    assert set(shown_first) | set(shown_second) == every
    assert not set(shown_first) & set(shown_second)
    # Newest first: the most recent occasion (2 days ago) leads page one, the oldest ends page two.
    assert "Occasion number 0." in first and "Occasion number 0." not in second
    assert f"Occasion number {CHRONOLOGY_PAGE + 4}." in second
    assert 'aria-label="Pagination"' in first
    assert f'Incidents</dt><dd class="govuk-summary-list__value">{CHRONOLOGY_PAGE + 6}' in first


def test_the_conduct_banner_links_the_latest_occasions_and_counts_the_rest(world):
    _fill(world, world.case, CONDUCT_LINKS + 4)
    page, _ = _get(world.client("manager"), f"/cases/{world.case.pk}/")
    banner = page[
        page.index('id="conduct-banner"') : page.index("</div>\n</div>", page.index('id="conduct-banner"'))
    ]
    assert len(re.findall(r"/incidents/\d+/", banner)) == CONDUCT_LINKS
    assert "5 earlier occasions are in the chronology" in banner


def test_the_chart_table_counts_by_month(world):
    _fill(world, world.case, 3)
    page, _ = _get(world.client("manager"), f"/cases/{world.case.pk}/")
    table = page[page.index('id="chart-months"') : page.index("</table>", page.index('id="chart-months"'))]
    counts = [int(n) for n in re.findall(r'numeric">(\d+)</td>', table)]
    # Each month row: total, three severities, three places; totals add up to the record.
    rows = [counts[i : i + 7] for i in range(0, len(counts), 7)]
    assert sum(row[0] for row in rows) == 4
    for row in rows:
        assert row[0] == sum(row[1:4]) == sum(row[4:7])


def test_restrictions_and_screenings_are_read_only_when_the_kept_state_lists_them(world):
    """The kept risk state lists every restriction (as a warning given) and the
    latest screening: without either, the case page and the API's risk read
    neither table, and the kept state comes with the case; with them, both show."""
    client = world.client("head")
    page, queries = _read(client, f"/cases/{world.case.pk}/")
    tables = " ".join(queries)
    assert "frontdesk_contactrestriction" not in tables and "risk_riskscreening" not in tables
    assert 'FROM "risk_caseriskstate"' not in tables  # joined to the case's own read
    assert 'id="restrictions"' not in page
    api = factories.api_client(world.head)
    _, queries = _read(api, f"/api/v1/cases/{world.case.pk}/risk")
    assert "risk_riskscreening" not in " ".join(queries)

    restriction = warn_about_a_restriction(world)
    recorded = risk_services.record_screening(
        origin=factories.origin(world.head),
        case=world.case,
        fear="very_frightened",
        answers={factor.code: "no" for factor in screening.FACTORS},
    )
    page, _ = _read(client, f"/cases/{world.case.pk}/")
    assert f'href="/cases/{world.case.pk}/restrictions/{restriction.pk}/"' in page
    body = api.get(f"/api/v1/cases/{world.case.pk}/risk").json()
    assert body["screening"]["id"] == recorded.pk


def test_a_case_without_kept_state_shows_its_rules_worked_out(world):
    """A row never written (a restore, a bulk load before `harbour rebuild-state`):
    the case page works the digest out from the record instead."""
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["threats"])
    CaseRiskState.objects.filter(case=world.case).delete()
    page, _ = _get(world.client("manager"), f"/cases/{world.case.pk}/")
    assert f'href="/cases/{world.case.pk}/risk/signals/threats_or_damage/"' in page
    assert not CaseRiskState.objects.filter(case=world.case).exists()  # a read writes nothing
