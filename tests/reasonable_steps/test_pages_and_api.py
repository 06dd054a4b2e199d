"""The report's pages, PDF and API: the same report everywhere, no names or free
text in any of them, the academic year checked with its error beside the field
(and no range of dates accepted), each PDF download audited, and nobody outside
told the report exists."""

import html
import io

import pytest
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.reasonable_steps import forms
from harbour.statistics import choice, suppression
from tests import factories
from tests.reasonable_steps import records

PERIOD_QUERY = {"year": "2025-26"}
API_PERIOD = "year=2025-26"
# The report's old period: a range of dates, as the page's date fields and as the API's.
DATE_RANGE = {"start_0": "1", "start_1": "9", "start_2": "2025", "end_0": "31", "end_1": "8", "end_2": "2026"}


@pytest.fixture
def estate(db):
    return records.estate()


def _client(staff):
    from django.test import Client

    client = Client()
    client.force_login(staff.user)
    return client


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_no_names_and_no_free_text_anywhere(estate):
    lead = estate.a.trust_lead
    client, api = _client(lead), factories.api_client(lead)
    school, trust = estate.a.school.pk, estate.trust.pk
    page = client.get(f"/reasonable-steps/schools/{school}/", PERIOD_QUERY).content.decode()
    trust_page = client.get(f"/reasonable-steps/trusts/{trust}/", PERIOD_QUERY).content.decode()
    pdf = _pdf_text(client.get(f"/reasonable-steps/trusts/{trust}/report.pdf", PERIOD_QUERY).content)
    school_pdf = _pdf_text(client.get(f"/reasonable-steps/schools/{school}/report.pdf", PERIOD_QUERY).content)
    json = api.get(f"/api/v1/reasonable-steps?school_id={school}&{API_PERIOD}").content.decode()
    api_pdf = _pdf_text(api.get(f"/api/v1/reasonable-steps/pdf?trust_id={trust}&{API_PERIOD}").content)
    for text in (page, trust_page, pdf, school_pdf, json, api_pdf):
        assert "Step 8" in text or '"number": 8' in text
        for secret in records.SECRETS:
            assert secret not in text
        assert "HB-0" not in text  # no case reference
        assert "Morgan Manager" not in text  # nor a member of staff by name
    # Who prepared it is printed: the signed-in person and their role.
    assert "Tess Trust, Trust lead" in pdf
    assert "Tess Trust, Trust lead" in page
    assert "academic year 2025-26 (1 September 2025 to 31 August 2026)" in pdf


def test_the_page_the_json_and_the_pdf_say_the_same(estate):
    head = estate.a.head
    school = estate.a.school.pk
    answer = (
        factories.api_client(head).get(f"/api/v1/reasonable-steps?school_id={school}&{API_PERIOD}").json()
    )
    page = html.unescape(
        _client(head).get(f"/reasonable-steps/schools/{school}/", PERIOD_QUERY).content.decode()
    )
    pdf = _pdf_text(_client(head).get(f"/reasonable-steps/schools/{school}/report.pdf", PERIOD_QUERY).content)
    assert answer["scope"] == {"kind": "school", "id": school, "name": "Alder School"}
    assert answer["period"] == {
        "year": "2025-26",
        "label": "September 2025 to August 2026",
        "start": "2025-09-01",
        "end": "2026-08-31",
    }
    assert "Academic year 2025-26: 1 September 2025 to 31 August 2026" in page
    assert answer["prepared_as"] == "Headteacher" and answer["prepared_by"] == "Hadley Head"
    assert [step["number"] for step in answer["steps"]] == list(range(1, 9))
    figures = [f for step in answer["steps"] for e in step["evidence"] for f in e["held"] + e["missing"]]
    for figure in figures:
        assert figure["label"] in page
        assert figure["label"].split()[0] in pdf
        if figure["kind"] == "count":
            # Nothing under 5 leaves the server, not even in the JSON's value.
            assert figure["value"] is None or figure["value"] >= suppression.MINIMUM
            assert figure["suppressed"] == (figure["value"] is None)
    assert "fewer than 5" in page and "fewer than 5" in pdf


def test_the_default_period_is_the_current_academic_year(estate):
    answer = factories.api_client(estate.a.head).get(
        f"/api/v1/reasonable-steps?school_id={estate.a.school.pk}"
    )
    expected = choice.default_period()
    assert answer.json()["period"]["year"] == expected.code
    assert answer.json()["period"]["start"] == expected.start.isoformat()
    page = _client(estate.a.head).get(f"/reasonable-steps/schools/{estate.a.school.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'<option value="{expected.code}" selected>{expected.label}</option>' in body
    assert f'href="report.pdf?year={expected.code}"' in body


def test_the_years_on_offer_are_the_statistics_own(estate):
    body = _client(estate.a.head).get(f"/reasonable-steps/schools/{estate.a.school.pk}/", PERIOD_QUERY)
    body = body.content.decode()
    offered = [f'<option value="{year.code}"' for year in choice.period_choices()]
    assert all(option in body for option in offered)
    assert body.count("<option ") == len(offered)
    assert '<option value="2025-26" selected>' in body
    assert 'href="report.pdf?year=2025-26"' in body
    assert 'name="start_0"' not in body and 'name="end_0"' not in body


def test_the_statistics_backed_sources_are_shown(estate):
    client, api = _client(estate.a.trust_lead), factories.api_client(estate.a.trust_lead)
    for query in ({}, PERIOD_QUERY):
        body = html.unescape(
            client.get(f"/reasonable-steps/trusts/{estate.trust.pk}/", query).content.decode()
        )
        assert "Not shown for this period" not in body
        for label in ("Incidents recorded", "Cases opened", "Cases closed", "held on time"):
            assert label in body, label
    answer = api.get(f"/api/v1/reasonable-steps?trust_id={estate.trust.pk}&{API_PERIOD}").json()
    sources = {e["source"]: e for step in answer["steps"] for e in step["evidence"]}
    for code in ("reviews", "statistics"):
        assert sources[code]["available"] is True and sources[code]["held"], code
        assert "September 2025 to August 2026" in sources[code]["note"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "2019-20"}, "Choose an academic year from the list."),  # before Harbour's first
        ({"year": "2099-00"}, "Choose an academic year from the list."),  # not begun
        ({"year": "2025-2026"}, "Choose an academic year from the list."),
        ({"year": "<b>"}, "Choose an academic year from the list."),
        ({"year": ""}, "Choose an academic year."),
    ],
)
def test_an_unknown_year_is_answered_beside_its_field(estate, query, message):
    client = _client(estate.a.head)
    for path in ("", "report.pdf"):
        response = client.get(f"/reasonable-steps/schools/{estate.a.school.pk}/{path}", query)
        body = response.content.decode()
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert "govuk-error-summary" in body and message in body
        assert 'id="id_year-error"' in body
        assert "Step 1:" not in body  # no report for a year not on offer
    assert not AuditEvent.objects.filter(action="reasonable_steps.downloaded").exists()


@pytest.mark.parametrize(
    "query",
    [
        DATE_RANGE,
        {**DATE_RANGE, **PERIOD_QUERY},
        {"start_0": "2", "start_1": "9", "start_2": "2025"},
        {"start": "2025-09-01", "end": "2025-09-30"},
        {"from": "2025-09-01", "to": "2025-09-30"},
    ],
)
def test_a_range_of_dates_is_no_longer_accepted(estate, query):
    """Two ranges a day apart, set against each other, would reveal a count each
    shows as "fewer than 5": the page refuses a range (even beside a year) rather
    than reporting on it or quietly on the default year."""
    client = _client(estate.a.head)
    for path in ("", "report.pdf"):
        response = client.get(f"/reasonable-steps/schools/{estate.a.school.pk}/{path}", query)
        body = html.unescape(response.content.decode())
        assert response.status_code == 400
        assert "govuk-error-summary" in body and forms.NOT_A_RANGE in body
        assert body.count('class="govuk-error-message"') == 1  # that message alone
        assert "Step 1:" not in body
    assert not AuditEvent.objects.filter(action="reasonable_steps.downloaded").exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("school_id={school}&bogus=1", "bogus"),
        ("school_id={school}&trust_id={trust}", "school_id"),
        ("", "school_id"),
        # A range of dates is no longer a parameter at all.
        ("school_id={school}&start=2025-09-01&end=2026-08-31", "start"),
        ("school_id={school}&start=2025-09-01", "start"),
        ("school_id={school}&end=2026-08-31", "end"),
        ("school_id={school}&year=2025-26&start=2025-09-02", "start"),
        # A year not on offer, or not a year.
        ("school_id={school}&year=2019-20", "year"),
        ("school_id={school}&year=2099-00", "year"),
        ("school_id={school}&year=2025-2026", "year"),
        ("school_id={school}&year=abc", "year"),
        ("school_id={school}&year=", "year"),
        ("school_id=0", "school_id"),
        ("school_id=99999999999999999999", "school_id"),
        ("trust_id=abc", "trust_id"),
    ],
)
def test_bad_api_queries_are_422_naming_the_parameter(estate, query, field):
    api = factories.api_client(estate.a.trust_lead)
    path = "/api/v1/reasonable-steps?" + query.format(school=estate.a.school.pk, trust=estate.trust.pk)
    for url in (path, path.replace("reasonable-steps?", "reasonable-steps/pdf?")):
        response = api.get(url)
        assert response.status_code == 422, url
        assert field in response.json()["errors"], response.json()
    assert not AuditEvent.objects.filter(action="reasonable_steps.downloaded").exists()


def test_each_pdf_download_is_audited_with_the_period_and_nothing_more(estate):
    lead = estate.a.trust_lead
    response = _client(lead).get(f"/reasonable-steps/trusts/{estate.trust.pk}/report.pdf", PERIOD_QUERY)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    factories.api_client(lead).get(
        f"/api/v1/reasonable-steps/pdf?school_id={estate.a.school.pk}&{API_PERIOD}"
    )
    events = list(AuditEvent.objects.filter(action="reasonable_steps.downloaded").order_by("pk"))
    assert [(e.via, e.object_type, e.detail["scope"]) for e in events] == [
        ("web", "trust", "trust"),
        ("api", "school", "school"),
    ]
    assert events[1].school_id == estate.a.school.pk and events[0].school_id is None
    for event in events:
        assert event.actor_id == lead.user_id
        assert event.detail == {
            "scope": event.detail["scope"],
            "year": "2025-26",
            "start": "2025-09-01",
            "end": "2026-08-31",
        }
    # Reading the page or the JSON is not a download.
    _client(lead).get(f"/reasonable-steps/trusts/{estate.trust.pk}/")
    assert AuditEvent.objects.filter(action="reasonable_steps.downloaded").count() == 2


def test_outsiders_are_told_nothing_exists(estate):
    school, trust = estate.a.school.pk, estate.trust.pk
    outsiders = {
        "head of another school of the trust": estate.b.head,
        "head of another trust's school": estate.c.head,
        "manager": estate.a.manager,
        "employee": estate.a.staff[1],
        "front office": factories.make_staff(estate.a.school, "front_office"),
        "administrator": factories.make_staff(estate.a.school, "administrator"),
    }
    for who, staff in outsiders.items():
        client, api = _client(staff), factories.api_client(staff)
        for path in (
            f"/reasonable-steps/schools/{school}/",
            f"/reasonable-steps/schools/{school}/report.pdf",
            f"/reasonable-steps/trusts/{trust}/",
            f"/reasonable-steps/trusts/{trust}/report.pdf",
        ):
            assert client.get(path).status_code == 404, (who, path)
        for query in (f"school_id={school}", f"trust_id={trust}"):
            assert api.get(f"/api/v1/reasonable-steps?{query}").status_code == 404, (who, query)
            assert api.get(f"/api/v1/reasonable-steps/pdf?{query}").status_code == 404, (who, query)
    # The head of the other trust's school reads their own, not the trust's.
    assert _client(estate.c.head).get(f"/reasonable-steps/schools/{estate.c.school.pk}/").status_code == 200
    # A trust that does not exist answers the same as one the user does not lead.
    assert _client(estate.a.trust_lead).get("/reasonable-steps/trusts/999999/").status_code == 404
    assert not AuditEvent.objects.filter(action="reasonable_steps.downloaded").exists()


def test_the_list_offers_each_user_their_own_reports(estate):
    lead_page = _client(estate.a.trust_lead).get("/reasonable-steps/").content.decode()
    assert "Harbour Test Trust: the whole trust" in lead_page
    assert "Alder School" in lead_page and "Birch School" in lead_page and "Cedar School" not in lead_page
    head_page = _client(estate.b.head).get("/reasonable-steps/").content.decode()
    assert "Birch School" in head_page and "Alder School" not in head_page and "whole trust" not in head_page
    # The navigation shows it to heads and trust leads, and to nobody else.
    assert 'href="/reasonable-steps/"' in head_page
    manager_home = _client(estate.a.manager).get("/").content.decode()
    assert 'href="/reasonable-steps/"' not in manager_home
    assert _client(estate.a.manager).get("/reasonable-steps/").status_code == 404


def _page_queries(client, path) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # each page builds the statistics' tables afresh, as after any new record
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, PERIOD_QUERY).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_queries_as_the_trust_grows(estate):
    client = _client(estate.a.trust_lead)
    trust_page = f"/reasonable-steps/trusts/{estate.trust.pk}/"
    school_page = f"/reasonable-steps/schools/{estate.a.school.pk}/"
    before = (_page_queries(client, trust_page), _page_queries(client, school_page))
    for name in ("Elm School", "Fir School"):
        records.build(factories.make_school(name, estate.trust), scale=2)
    assert (_page_queries(client, trust_page), _page_queries(client, school_page)) == before
