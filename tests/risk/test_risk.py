"""Risk level, screening and answering signals: Harbour proposes, a person decides."""

import pytest
from django.core.exceptions import ValidationError

from harbour.audit.models import AuditEvent
from harbour.risk import levels, screening, selectors, services
from harbour.risk.models import RiskDecision, SignalAcknowledgement
from tests import factories


def _decide(world, level, reason="Reviewed with the employee.", by=None):
    return services.decide_level(
        origin=factories.origin(by or world.manager), case=world.case, level=level, reason=reason
    )


def test_the_floor_comes_from_the_behaviour():
    assert levels.floor_for(["seeking_out", "unwanted_gifts"]) == "low"
    for code in ("touching", "threats", "physical_violence", "verbal_abuse", "sexual_comments"):
        assert levels.floor_for(["seeking_out", code]) == "medium"


def test_sexual_behaviour_asks_for_at_least_medium_and_cannot_be_decided_lower(world):
    _decide(world, "low")
    view = selectors.risk_view(world.case)
    assert not view.needs_decision
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["touching"])
    world.case.refresh_from_db()
    view = selectors.risk_view(world.case)
    assert view.proposed == "medium" and view.needs_decision
    with pytest.raises(ValidationError) as error:
        _decide(world, "low")
    assert "at least medium" in str(error.value)
    _decide(world, "medium")
    world.case.refresh_from_db()
    assert world.case.risk_level == "medium"
    assert not selectors.risk_view(world.case).needs_decision


def test_harbour_never_lowers_a_level_itself(world):
    _decide(world, "high", reason="Threats at the gate.")
    world.case.refresh_from_db()
    view = selectors.risk_view(world.case)
    assert view.proposed == "low" and view.current == "high" and not view.needs_decision
    factories.record(world.case, world.manager, world.employee, world.person)
    world.case.refresh_from_db()
    assert world.case.risk_level == "high"


def test_a_person_may_lower_it_with_reasons_and_history_is_kept(world):
    _decide(world, "high")
    _decide(world, "low", reason="The parent has left the school.")
    history = list(world.case.risk_decisions.values_list("level", flat=True))
    assert history == ["low", "high"]
    page = world.client("employee").get(f"/cases/{world.case.pk}/risk/").content.decode()
    assert "The parent has left the school." in page
    assert AuditEvent.objects.filter(action="risk.decided", case=world.case).count() == 2


def test_the_screening_suggests_and_feeds_the_proposal(world):
    no = {f.code: "no" for f in screening.FACTORS}
    assert screening.suggest(fear="not_frightened", answers=no) == "low"
    assert screening.suggest(fear="somewhat_frightened", answers=no) == "medium"
    assert screening.suggest(fear="not_frightened", answers={**no, "threats": "yes"}) == "high"
    assert screening.suggest(fear="very_frightened", answers={**no, "loitering": "yes"}) == "high"
    five = dict(
        no,
        **{
            code: "yes"
            for code in (
                "previous_harassment",
                "property_damage",
                "turning_up",
                "loitering",
                "harassing_others",
            )
        },
    )
    assert screening.suggest(fear="not_frightened", answers=five) == "high"
    client = world.client("manager")
    response = client.post(
        f"/cases/{world.case.pk}/risk/screening/",
        {"fear": "very_frightened", **no, "violence_history": "yes", "context": "Known to police."},
    )
    assert response.status_code == 302
    view = selectors.risk_view(world.case)
    assert view.screening.suggested == "high" and view.proposed == "high" and view.needs_decision


def test_an_incomplete_screening_is_explained(world):
    response = world.client("manager").post(
        f"/cases/{world.case.pk}/risk/screening/", {"fear": "very_frightened"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.count("Answer yes, no or not known.") >= len(
        screening.FACTORS
    )
    assert not world.case.risk_screenings.exists()


def test_the_screening_is_offered_when_conduct_is_met_and_after_new_incidents_in_higher_cases(world):
    assert selectors.risk_view(world.case).screening_offer == ""
    factories.record(world.case, world.manager, world.employee, world.person, days_ago=3)
    assert "course-of-conduct" in selectors.risk_view(world.case).screening_offer
    services.record_screening(
        origin=factories.origin(world.manager),
        case=world.case,
        fear="somewhat_frightened",
        answers={f.code: "no" for f in screening.FACTORS},
    )
    _decide(world, "medium")
    world.case.refresh_from_db()
    assert selectors.risk_view(world.case).screening_offer == ""
    factories.record(world.case, world.manager, world.employee, world.person, days_ago=0)
    assert "new incident" in selectors.risk_view(world.case).screening_offer


def test_a_signal_needs_an_answer_and_a_new_one_asks_again(world):
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["threats"])
    view = selectors.risk_view(world.case)
    assert "threats_or_damage" in [s.code for s in view.open_signals]
    assert "Threats, violence or damage" in world.client("manager").get("/").content.decode()
    client = world.client("manager")
    missing = client.post(
        f"/cases/{world.case.pk}/risk/signals/threats_or_damage/", {"decision": "risk_reviewed"}
    )
    assert "Say what you decided and why." in missing.content.decode()
    assert (
        "Choose the risk level"
        in client.post(
            f"/cases/{world.case.pk}/risk/signals/threats_or_damage/",
            {"decision": "risk_reviewed", "reason": "x"},
        ).content.decode()
    )
    done = client.post(
        f"/cases/{world.case.pk}/risk/signals/threats_or_damage/",
        {"decision": "risk_reviewed", "level": "high", "reason": "Threat to wait for her after school."},
    )
    assert done.status_code == 302
    ack = SignalAcknowledgement.objects.get()
    assert ack.risk_decision.level == "high"
    world.case.refresh_from_db()
    assert world.case.risk_level == "high"
    assert "threats_or_damage" not in [s.code for s in selectors.risk_view(world.case).open_signals]
    assert "Threats, violence or damage" not in world.client("manager").get("/").content.decode()
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["property_damage"])
    again = [s for s in selectors.risk_view(world.case).open_signals if s.code == "threats_or_damage"]
    assert len(again) == 1 and len(again[0].incident_ids) == 2


def test_a_signal_not_raised_is_not_found(world):
    assert (
        world.client("manager").get(f"/cases/{world.case.pk}/risk/signals/street_or_home/").status_code == 404
    )
    assert world.client("manager").get(f"/cases/{world.case.pk}/risk/signals/nonsense/").status_code == 404


def test_the_case_page_shows_the_chart_with_a_text_alternative(world):
    factories.record(world.case, world.manager, world.employee, world.person, location="home", days_ago=2)
    page = world.client("member").get(f"/cases/{world.case.pk}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "In the street or at home" in page and "The chart as a table" in page
    assert "<style" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]  # CSP: no inline styles


def test_risk_over_the_api(world):
    api = factories.api_client(world.manager)
    low = api.post(
        f"/api/v1/cases/{world.case.pk}/risk/decisions",
        {"level": "low", "reason": "x"},
        content_type="application/json",
    )
    assert low.status_code == 201
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["exposure"])
    body = api.get(f"/api/v1/cases/{world.case.pk}/risk").json()
    assert body["level"] == "low" and body["proposed"] == "medium" and body["needs_decision"] is True
    refused = api.post(
        f"/api/v1/cases/{world.case.pk}/risk/decisions",
        {"level": "low", "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "level" in refused.json()["errors"]
    member = factories.api_client(world.member)
    assert (
        member.post(
            f"/api/v1/cases/{world.case.pk}/risk/decisions",
            {"level": "high", "reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert RiskDecision.objects.count() == 1


def test_the_screening_feeds_the_action_plan(world):
    no = {f.code: "no" for f in screening.FACTORS}
    services.record_screening(
        origin=factories.origin(world.manager),
        case=world.case,
        fear="very_frightened",
        answers={**no, "threats": "yes"},
    )
    proposed = set(world.case.plan_actions.values_list("measure", "approval"))
    assert ("contact_risk_assessment", "pending") in proposed
    assert ("contact_alternative_colleagues", "pending") in proposed
    services.record_screening(
        origin=factories.origin(world.manager),
        case=world.case,
        fear="very_frightened",
        answers={**no, "threats": "yes"},
    )
    assert world.case.plan_actions.filter(measure="contact_risk_assessment").count() == 1


def test_the_api_gives_the_chart_and_patterns(world):
    body = factories.api_client(world.member).get(f"/api/v1/cases/{world.case.pk}/risk").json()
    assert body["chart_svg"].startswith("<svg") and len(body["chart_rows"]) == 1
    assert body["several_staff"] == []
