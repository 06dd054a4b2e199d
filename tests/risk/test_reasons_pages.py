"""The reasons for the proposal on the risk page, the case page and in the risk
API: each with links to the incidents behind it, shown only to those who may
read the record; and the whole-record rule proposing, never deciding."""

import datetime
import re

from django.utils import timezone

from harbour.cases.models import Case, ChampionSees
from harbour.frontdesk import services as frontdesk
from harbour.risk import screening, selectors, services
from harbour.risk.models import CaseRiskState
from tests import factories


def _home_visit(world, **overrides):
    values = {"days_ago": 2, "location": "home", "behaviours": ["seeking_out"], **overrides}
    return factories.record(world.case, world.manager, world.employee, world.person, **values)


def _reasons_block(page: str) -> str:
    start = page.index('id="risk-reasons"')
    return page[start : page.index("</div>", start)]


def test_the_record_not_the_behaviour_code_raises_the_proposal_and_a_person_still_decides(world):
    services.decide_level(
        origin=factories.origin(world.manager), case=world.case, level="low", reason="One visit to reception."
    )
    assert CaseRiskState.objects.get(case=world.case).proposed == "low"
    visit = _home_visit(world)  # low behaviour, but at the employee's home
    case = Case.objects.select_related("school").get(pk=world.case.pk)
    view = selectors.risk_view(case)
    assert view.proposed == "medium" and view.needs_decision
    assert case.risk_level == "low"  # proposed, not decided
    assert [(r.code, r.incident_ids) for r in view.reasons] == [("home_or_outside_work", (visit.pk,))]
    # A person may still decide below it: the floor the behaviour sets is the only bar.
    services.decide_level(
        origin=factories.origin(world.manager),
        case=case,
        level="low",
        reason="Moved house; not the same address.",
    )
    assert Case.objects.get(pk=world.case.pk).risk_level == "low"


def test_the_risk_page_shows_each_reason_with_links_to_its_incidents(world):
    visit = _home_visit(world, impacts=["fear_of_violence"])
    page = world.client("manager").get(f"/cases/{world.case.pk}/risk/").content.decode()
    block = _reasons_block(page)
    assert "Why Harbour proposes at least medium" in block
    assert "reached the employee&#x27;s home" in block and "The employee fears violence" in block
    links = re.findall(r'href="/cases/\d+/incidents/(\d+)/"', block)
    assert links == [str(visit.pk), str(visit.pk)]  # once under each reason
    assert str(world.incident.pk) not in links  # the on-site visit drove nothing
    assert 'id="how-proposed"' in page and "two or more different signs of escalation" in page


def test_the_case_page_shows_the_reasons_from_the_kept_state(world):
    visit = _home_visit(world)
    page = world.client("head").get(f"/cases/{world.case.pk}/").content.decode()
    block = _reasons_block(page)
    assert "Decision needed: at least medium" in page
    assert f"/cases/{world.case.pk}/incidents/{visit.pk}/" in block


def test_no_reasons_no_block(world):
    for persona, path in (("manager", "risk/"), ("manager", "")):
        page = world.client(persona).get(f"/cases/{world.case.pk}/{path}").content.decode()
        assert 'id="risk-reasons"' not in page


def test_a_champion_shown_only_the_support_side_sees_no_reasons_and_gets_404_from_the_api(world):
    _home_visit(world)
    Case.objects.filter(pk=world.case.pk).update(champion_sees=ChampionSees.SUPPORT)
    page = world.client("champion").get(f"/cases/{world.case.pk}/")
    assert page.status_code == 200
    assert 'id="risk-reasons"' not in page.content.decode()
    assert world.client("champion").get(f"/cases/{world.case.pk}/risk/").status_code == 404
    api = factories.api_client(world.champion)
    assert api.get(f"/api/v1/cases/{world.case.pk}/risk").status_code == 404
    # Outsiders neither.
    assert (
        factories.api_client(world.other_head).get(f"/api/v1/cases/{world.case.pk}/risk").status_code == 404
    )


def test_the_api_gives_the_reasons_with_their_incidents_warnings_and_screening(world):
    warned_on = timezone.localdate() - datetime.timedelta(days=20)
    restriction = frontdesk.warn(
        origin=factories.origin(world.head),
        case=world.case,
        person=world.person,
        values={
            "kind": "writing",
            "reason": "Repeated unwanted contact.",
            "warned_on": warned_on,
            "representations_by": warned_on + datetime.timedelta(days=14),
        },
    )
    after = factories.record(world.case, world.manager, world.employee, world.person, days_ago=3)
    # Reception logs the person phoning while the restriction is still a warning.
    attempt = frontdesk.log_attempt(
        origin=factories.origin(world.front_office), person=world.person, how="phone_call"
    )
    screened = services.record_screening(
        origin=factories.origin(world.manager),
        case=world.case,
        fear="somewhat_frightened",
        answers={factor.code: "no" for factor in screening.FACTORS},
    )
    body = factories.api_client(world.manager).get(f"/api/v1/cases/{world.case.pk}/risk").json()
    assert body["proposed"] == "medium"
    by_code = {reason["code"]: reason for reason in body["proposed_because"]}
    assert set(by_code) == {"screening", "fear_of_violence", "contact_after_warning"}
    warning = by_code["contact_after_warning"]
    # Both visits by the person warned came after the warning, in the order they happened.
    assert [i["id"] for i in warning["incidents"]] == [after.pk, world.incident.pk]
    assert warning["incidents"][0]["url"] == f"/api/v1/cases/{world.case.pk}/incidents/{after.pk}"
    assert warning["warnings"] == [
        {"source": "restriction", "id": restriction.pk, "on": warned_on.isoformat()}
    ]
    assert warning["attempts"] == [
        {"id": attempt.pk, "on": timezone.localdate().isoformat(), "how": "phone_call"}
    ]
    page = world.client("manager").get(f"/cases/{world.case.pk}/risk/").content.decode()
    assert "Logged by the front desk: " in _reasons_block(page) and "(phoned)" in _reasons_block(page)
    fear = by_code["fear_of_violence"]
    assert fear["incidents"] == [] and fear["screening"]["id"] == screened.pk
    assert fear["screening"]["fear"] == "somewhat_frightened"
    # The link works for the same reader.
    url = warning["incidents"][0]["url"]
    assert factories.api_client(world.manager).get(url).status_code == 200


def test_the_openapi_document_types_the_reasons(world):
    schema = world.client("manager").get("/api/v1/openapi.json").json()["components"]["schemas"]
    reason = schema["ReasonOut"]["properties"]
    assert set(reason["code"]["enum"]) >= {"home_or_outside_work", "several_signals"}
    assert "proposed_because" in schema["RiskOut"]["required"]
