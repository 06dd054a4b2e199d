"""Every URL of the app, as every persona and as anonymous, with the status each
must get. A URL added without a row here fails `test_every_url_has_a_row`.

The rule being checked: outside a case you get 404, exactly as for a case that
does not exist; inside it without the right to act you get 403; pages need a
sign-in (302 to it) and the API needs a token (401)."""

import datetime
import functools
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from harbour.api import services as api_services
from harbour.audit.services import Origin
from harbour.awareness import content as awareness_content
from harbour.cases import confidentiality
from harbour.diary import services as diary
from harbour.frontdesk import services as frontdesk
from harbour.plans import services as plans
from harbour.prevention import services as prevention
from harbour.risk import screening
from tests import factories
from tests.conftest import PERSONAS
from tests.evidence import helpers as evidence_helpers
from tests.orders import helpers as order_helpers

IN_CASE = {"employee", "manager", "head", "member"}
RUNS_CASE = {"manager", "head"}
CHOOSES = RUNS_CASE | {"employee"}
FRONT_DESK = {"front_office", "head"}
MANAGERS = {"manager", "head", "other_manager", "other_head"}
DIRECTORY = {"manager", "head", "admin", "other_manager", "other_head"}
SIGNED_IN = set(PERSONAS) - {"anonymous"}
AWARENESS_RATES = {"head", "trust_lead", "other_head"}
AWARENESS_RIGHT = awareness_content.CORRECT


def expect(ok: set[str], ok_status=200, forbidden: set[str] = frozenset(), anonymous=302, other=404) -> dict:
    statuses = {persona: other for persona in SIGNED_IN}
    statuses.update({persona: 403 for persona in forbidden})
    statuses.update({persona: ok_status for persona in ok})
    statuses["anonymous"] = anonymous
    return statuses


def everyone(status=200, anonymous=302) -> dict:
    return expect(SIGNED_IN, ok_status=status, anonymous=anonymous)


# name: (method, path builder, {persona: status}, body)
ROWS = {
    "my-work": ("get", lambda w: "/", everyone(), None),
    # Every section of My work in full; each reads only the user's own reach, so it
    # is there (perhaps empty) for everyone signed in.
    "my-work-section": ("get", lambda w: "/work/signals/", everyone(), None),
    "login": ("get", lambda w: "/sign-in/", everyone(302, anonymous=200), None),
    "logout": ("post", lambda w: "/sign-out/", everyone(302, anonymous=302), {}),
    # Sign-in through a school's provider: none is configured here, so both are
    # "not found" for everyone (tests/oidc/ tries them with providers configured).
    "oidc-sign-in": ("get", lambda w: "/sign-in/oidc/entra/", everyone(404, anonymous=404), None),
    "oidc-callback": ("get", lambda w: "/sign-in/oidc/entra/callback/", everyone(404, anonymous=404), None),
    # For load balancers: no sign-in, the same answer for everyone, nothing about any case.
    "healthz": ("get", lambda w: "/healthz", everyone(200, anonymous=200), None),
    "case-list": ("get", lambda w: "/cases/", everyone(), None),
    "case-open": ("get", lambda w: "/cases/new/", expect(MANAGERS), None),
    "case-detail": ("get", lambda w: f"/cases/{w.case.pk}/", expect(IN_CASE), None),
    "case-status": (
        "get",
        lambda w: f"/cases/{w.case.pk}/status/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    # Who is in the circle is the employee's choice too.
    "case-circle": (
        "get",
        lambda w: f"/cases/{w.case.pk}/circle/",
        expect(CHOOSES, forbidden=IN_CASE - CHOOSES),
        None,
    ),
    "case-circle-remove": (
        "post",
        lambda w: f"/cases/{w.case.pk}/circle/{w.case.members.get(staff=w.member).pk}/remove/",
        expect(CHOOSES, ok_status=302, forbidden=IN_CASE - CHOOSES),
        {},
    ),
    "case-confidentiality": (
        "get",
        lambda w: f"/cases/{w.case.pk}/confidentiality/",
        expect(IN_CASE),
        None,
    ),
    "review-book": (
        "get",
        lambda w: f"/cases/{w.case.pk}/review/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "review-invitation": ("get", lambda w: f"/cases/{w.case.pk}/review.ics", expect(IN_CASE), None),
    "plan": ("get", lambda w: f"/cases/{w.case.pk}/plan/", expect(IN_CASE), None),
    "plan-pdf": ("get", lambda w: f"/cases/{w.case.pk}/plan.pdf", expect(IN_CASE), None),
    "plan-action-new": (
        "get",
        lambda w: f"/cases/{w.case.pk}/plan/actions/new/?section=travel",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "plan-action-edit": (
        "get",
        lambda w: f"/cases/{w.case.pk}/plan/actions/{w.action.pk}/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "plan-action-approval": (
        "get",
        lambda w: f"/cases/{w.case.pk}/plan/actions/{w.action.pk}/decision/",
        expect({"head"}, forbidden=IN_CASE - {"head"}),
        None,
    ),
    "plan-cctv": (
        "get",
        lambda w: f"/cases/{w.case.pk}/plan/cctv/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "risk": ("get", lambda w: f"/cases/{w.case.pk}/risk/", expect(IN_CASE), None),
    "risk-screening": (
        "get",
        lambda w: f"/cases/{w.case.pk}/risk/screening/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    # The world's case has threatening behaviour recorded, so that signal is raised.
    "risk-signal": (
        "get",
        lambda w: f"/cases/{w.case.pk}/risk/signals/threats_or_damage/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "restriction-new": (
        "get",
        lambda w: f"/cases/{w.case.pk}/restrictions/new/",
        expect({"head"}, forbidden=IN_CASE - {"head"}),
        None,
    ),
    "restriction-detail": (
        "get",
        lambda w: f"/cases/{w.case.pk}/restrictions/{w.restriction.pk}/",
        expect(IN_CASE),
        None,
    ),
    "restriction-step": (
        "post",
        lambda w: f"/cases/{w.case.pk}/restrictions/{w.restriction.pk}/decision/",
        expect({"head"}, ok_status=302, forbidden=IN_CASE - {"head"}),
        {"dec-decision": "withdraw", "dec-decision_reason": "Representations accepted."},
    ),
    "restriction-letter": (
        "get",
        lambda w: f"/cases/{w.case.pk}/restrictions/{w.restriction.pk}/letters/warning.pdf",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "school-letter": (
        "get",
        lambda w: f"/school-settings/{w.school.pk}/letters/warning/",
        expect({"head", "admin"}),
        None,
    ),
    # Reception (and the headteacher) search alerts in their own school.
    "front-desk": ("get", lambda w: "/front-desk/", expect(FRONT_DESK | {"other_head"}), None),
    "front-desk-attempt": (
        "get",
        lambda w: f"/front-desk/people/{w.person.pk}/attempt/",
        expect(FRONT_DESK),
        None,
    ),
    "referrals": ("get", lambda w: f"/cases/{w.case.pk}/referrals/", expect(IN_CASE), None),
    "referral-police": (
        "post",
        lambda w: f"/cases/{w.case.pk}/referrals/police/",
        expect(CHOOSES, ok_status=302, forbidden=IN_CASE - CHOOSES),
        {"police-intends_to_report": "yes"},
    ),
    "referral-champion": (
        "post",
        lambda w: f"/cases/{w.case.pk}/referrals/champion/",
        expect(CHOOSES, ok_status=302, forbidden=IN_CASE - CHOOSES),
        {},
    ),
    # Court orders and police warnings: the case's record. Reception sees only that one is
    # in place, at the front desk; the list of breaches to act on is each user's own.
    "case-orders": ("get", lambda w: f"/cases/{w.case.pk}/orders/", expect(IN_CASE), None),
    "order-new": (
        "get",
        lambda w: f"/cases/{w.case.pk}/orders/new/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "order-detail": (
        "get",
        lambda w: f"/cases/{w.case.pk}/orders/{order_helpers.order_of(w).pk}/",
        expect(IN_CASE),
        None,
    ),
    "order-amend": (
        "get",
        lambda w: f"/cases/{w.case.pk}/orders/{order_helpers.order_of(w).pk}/amend/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "breach-detail": (
        "get",
        lambda w: f"/cases/{w.case.pk}/possible-breaches/{order_helpers.breach_of(w).pk}/",
        expect(IN_CASE),
        None,
    ),
    "possible-breaches": ("get", lambda w: "/possible-breaches/", everyone(), None),
    "referral-policy": (
        "post",
        lambda w: f"/cases/{w.case.pk}/referrals/policy/",
        expect(RUNS_CASE, ok_status=302, forbidden=IN_CASE - RUNS_CASE),
        {
            "policy-referred_on_0": "2",
            "policy-referred_on_1": "11",
            "policy-referred_on_2": "2026",
            "policy-decision": "pending",
        },
    ),
    # The diary is its author's alone; every member of staff has one.
    "diary": ("get", lambda w: "/diary/", everyone(), None),
    "diary-new": ("get", lambda w: "/diary/new/", everyone(), None),
    "diary-share": ("post", lambda w: "/diary/share/", everyone(), {}),
    "diary-entry": ("get", lambda w: f"/diary/{w.diary_entry.pk}/", expect({"employee"}), None),
    "trust-patterns": ("get", lambda w: "/trust/patterns/", expect({"trust_lead"}), None),
    "your-support": ("get", lambda w: "/your-support/", everyone(), None),
    "notices": ("get", lambda w: "/notices/", everyone(), None),
    "case-people": (
        "get",
        lambda w: f"/cases/{w.case.pk}/people/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "case-access-log": (
        "get",
        lambda w: f"/cases/{w.case.pk}/access-log/",
        expect(RUNS_CASE | {"employee"}, forbidden={"member"}),
        None,
    ),
    "incident-new": ("get", lambda w: f"/cases/{w.case.pk}/incidents/new/", expect(IN_CASE), None),
    "incident-detail": (
        "get",
        lambda w: f"/cases/{w.case.pk}/incidents/{w.incident.pk}/",
        expect(IN_CASE),
        None,
    ),
    "incident-amend": (
        "get",
        lambda w: f"/cases/{w.case.pk}/incidents/{w.incident.pk}/amend/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "meeting-new": (
        "get",
        lambda w: f"/cases/{w.case.pk}/meetings/new/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "meeting-detail": (
        "get",
        lambda w: f"/cases/{w.case.pk}/meetings/{w.meeting.pk}/",
        expect(IN_CASE),
        None,
    ),
    "meeting-invitation": (
        "get",
        lambda w: f"/cases/{w.case.pk}/meetings/{w.meeting.pk}/next-meeting.ics",
        expect(IN_CASE),
        None,
    ),
    "person-list": ("get", lambda w: "/people/", everyone(), None),
    "person-new": ("get", lambda w: "/people/new/", expect(MANAGERS), None),
    "person-detail": ("get", lambda w: f"/people/{w.person.pk}/", expect(IN_CASE), None),
    "person-edit": (
        "get",
        lambda w: f"/people/{w.person.pk}/edit/",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
        None,
    ),
    "check-in-list": ("get", lambda w: "/check-ins/", everyone(), None),
    "check-in-new": ("get", lambda w: "/check-ins/new/", expect(MANAGERS), None),
    "check-in-detail": (
        "get",
        lambda w: f"/check-ins/{w.check_in.pk}/",
        expect({"manager", "head", "employee"}),
        None,
    ),
    "online-safety": ("get", lambda w: "/online-safety/", everyone(), None),
    "awareness-module": ("get", lambda w: "/awareness/", everyone(), None),
    "awareness-rates": ("get", lambda w: "/awareness/rates/", expect(AWARENESS_RATES), None),
    "staff-directory": ("get", lambda w: "/staff/", expect(DIRECTORY), None),
    "staff-new": (
        "get",
        lambda w: f"/staff/{w.school.pk}/new/",
        expect({"admin"}, forbidden={"manager", "head", "other_manager"}),
        None,
    ),
    "staff-edit": ("get", lambda w: f"/staff/member/{w.colleague.pk}/", expect({"admin"}), None),
    "school-settings-list": (
        "get",
        lambda w: "/school-settings/",
        expect({"head", "admin", "other_head"}, ok_status=302),
        None,
    ),
    "school-settings": ("get", lambda w: f"/school-settings/{w.school.pk}/", expect({"head", "admin"}), None),
    "api-tokens": ("get", lambda w: "/account/api-tokens/", everyone(), None),
    "api-token-revoke": (
        "post",
        lambda w: f"/account/api-tokens/{w.manager_token.pk}/revoke/",
        expect({"manager"}, ok_status=302),
        {},
    ),
    # The second factor: every persona here has passed it (tests/conftest.py), so the
    # code and set-up steps send them on; unverified sessions: tests/twofactor/.
    "two-factor-code": ("get", lambda w: "/sign-in/code/", everyone(302), None),
    "two-factor": ("get", lambda w: "/account/two-factor/", everyone(), None),
    "two-factor-set-up": ("get", lambda w: "/account/two-factor/set-up/", everyone(302), None),
    "two-factor-recovery-codes": ("post", lambda w: "/account/two-factor/recovery-codes/", everyone(), {}),
    # Turned off for those who need none; refused (back to the page) for the rest.
    "two-factor-turn-off": ("post", lambda w: "/account/two-factor/turn-off/", everyone(302), {}),
    # Someone who lost their phone and codes: their school's administrator removes the authenticator.
    "two-factor-reset": (
        "post",
        lambda w: f"/staff/member/{w.colleague.pk}/two-factor/reset/",
        expect({"admin"}, ok_status=302),
        {},
    ),
    # An administrator sees and revokes the tokens of their school's staff, never the secrets.
    "admin-api-tokens": ("get", lambda w: "/staff/api-tokens/", expect({"admin"}), None),
    "admin-api-token-revoke": (
        "post",
        lambda w: f"/staff/api-tokens/{w.manager_token.pk}/revoke/",
        expect({"admin"}, ok_status=302),
        {},
    ),
    # The JSON API: a bearer token instead of a session; no token is 401.
    "api:api-root": ("get", lambda w: "/api/v1/", everyone(404, anonymous=404), None),
    "api:openapi-json": ("get", lambda w: "/api/v1/openapi.json", everyone(200, anonymous=200), None),
    "api:list_tokens": ("get", lambda w: "/api/v1/account/tokens", everyone(anonymous=401), None),
    # A token never makes another: refused for everyone (tokens come from the page, after 2FA).
    "api:create_token": (
        "post",
        lambda w: "/api/v1/account/tokens",
        everyone(403, anonymous=401),
        lambda w, p: {"name": "Another", "lifetime_days": 30},
    ),
    "api:revoke_token": (
        "post",
        lambda w: f"/api/v1/account/tokens/{w.manager_token.pk}/revocation",
        expect({"manager"}, anonymous=401),
        {},
    ),
    "api:two_factor": ("get", lambda w: "/api/v1/account/two-factor", everyone(anonymous=401), None),
    "api:list_staff_tokens": (
        "get",
        lambda w: "/api/v1/admin/tokens",
        expect({"admin"}, forbidden=SIGNED_IN - {"admin"}, anonymous=401),
        None,
    ),
    "api:revoke_staff_token": (
        "post",
        lambda w: f"/api/v1/admin/tokens/{w.manager_token.pk}/revocation",
        expect({"admin"}, anonymous=401),
        {},
    ),
    "api:list_behaviours": ("get", lambda w: "/api/v1/behaviours", everyone(anonymous=401), None),
    "api:list_cases": ("get", lambda w: "/api/v1/cases", everyone(anonymous=401), None),
    "api:open_case": (
        "post",
        lambda w: "/api/v1/cases",
        expect(MANAGERS, ok_status=201, forbidden=SIGNED_IN - MANAGERS, anonymous=401),
        # Each caller opens a case in their own school, naming themselves.
        lambda w, p: {"employee_ids": [_staff_id(w, p)], "owner_id": _staff_id(w, p)},
    ),
    "api:read_case": ("get", lambda w: f"/api/v1/cases/{w.case.pk}", expect(IN_CASE, anonymous=401), None),
    "api:read_conduct": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/conduct",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:link_person": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/people?person_id={w.spare_person.pk}",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        {},
    ),
    "api:list_incidents": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/incidents",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:record_incident": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/incidents",
        expect(IN_CASE, ok_status=201, anonymous=401),
        lambda w, p: {
            "occurred_on": "2026-01-05",
            "location": "online",
            "channel": "email",
            "behaviours": ["unwanted_messages"],
            "account": "Three e-mails overnight.",
        },
    ),
    "api:read_incident": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/incidents/{w.incident.pk}",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:amend_incident": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/incidents/{w.incident.pk}/amendments",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"reason": "Wrong place.", "changes": {"location": "near_site"}},
    ),
    "api:read_plan": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/plan",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:add_action": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/plan/actions",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"section": "travel", "agreed": "Walk to the bus with a colleague."},
    ),
    "api:change_action": (
        "patch",
        lambda w: f"/api/v1/cases/{w.case.pk}/plan/actions/{w.action.pk}",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"next_review_on": "2026-12-01"},
    ),
    "api:decide_action": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/plan/actions/{w.action.pk}/decision",
        expect({"head"}, forbidden=IN_CASE - {"head"}, anonymous=401),
        lambda w, p: {"approve": True},
    ),
    "api:record_cctv": (
        "put",
        lambda w: f"/api/v1/cases/{w.case.pk}/plan/cctv",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"could_support_evidence": "yes"},
    ),
    "api:book_review": (
        "put",
        lambda w: f"/api/v1/cases/{w.case.pk}/review",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"review_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat()},
    ),
    "api:read_choices": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/confidentiality",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:set_choices": (
        "put",
        lambda w: f"/api/v1/cases/{w.case.pk}/confidentiality",
        expect(CHOOSES, forbidden=IN_CASE - CHOOSES, anonymous=401),
        lambda w, p: {"colleagues_may_know": "not_on_site", "champion_sees": "support"},
    ),
    "api:read_referrals": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/referrals",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:save_police": (
        "put",
        lambda w: f"/api/v1/cases/{w.case.pk}/referrals/police",
        expect(CHOOSES, forbidden=IN_CASE - CHOOSES, anonymous=401),
        lambda w, p: {"intends_to_report": "yes", "wants_support": True},
    ),
    # Allowed to refer, but the employee has not chosen to let the champion see anything: a 422 that says so.
    "api:refer_to_champion": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/referrals/champion",
        expect(CHOOSES, ok_status=422, forbidden=IN_CASE - CHOOSES, anonymous=401),
        {},
    ),
    "api:save_policy": (
        "put",
        lambda w: f"/api/v1/cases/{w.case.pk}/referrals/policy",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"referred_on": "2026-11-02"},
    ),
    "api:list_orders": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/orders",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:record_order": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/orders",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {**order_helpers.api_order(), "person_id": w.person.pk},
    ),
    "api:read_order": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/orders/{order_helpers.order_of(w).pk}",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:amend_order": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/orders/{order_helpers.order_of(w).pk}/versions",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {**order_helpers.api_order(), "change_note": "Varied by the court."},
    ),
    "api:list_case_breaches": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/possible-breaches",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:record_police_reference": (
        "post",
        lambda w: (
            f"/api/v1/cases/{w.case.pk}/possible-breaches/{order_helpers.breach_of(w).pk}/police-reports"
        ),
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"police_reference": "CAD 1201", "reported_on": str(timezone.localdate())},
    ),
    "api:list_open_breaches": ("get", lambda w: "/api/v1/possible-breaches", everyone(anonymous=401), None),
    "api:read_risk": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/risk",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:decide": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/risk/decisions",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"level": "high", "reason": "Threats at the gate."},
    ),
    "api:screen": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/risk/screenings",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"fear": "very_frightened", "answers": {f.code: "no" for f in screening.FACTORS}},
    ),
    "api:acknowledge": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/risk/signals/threats_or_damage/acknowledgements",
        expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"decision": "no_change", "reason": "Already high; the plan covers it."},
    ),
    "api:list_alerts": (
        "get",
        lambda w: "/api/v1/front-desk/alerts?q=Pat",
        expect(FRONT_DESK | {"other_head"}, anonymous=401),
        None,
    ),
    "api:log_attempt": (
        "post",
        lambda w: f"/api/v1/front-desk/people/{w.person.pk}/attempts",
        expect(FRONT_DESK, ok_status=201, anonymous=401),
        lambda w, p: {"how": "phone_call"},
    ),
    "api:list_restrictions": (
        "get",
        lambda w: f"/api/v1/cases/{w.case.pk}/restrictions",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:warn": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/restrictions",
        expect({"head"}, ok_status=201, forbidden=IN_CASE - {"head"}, anonymous=401),
        lambda w, p: {
            "person_id": w.person.pk,
            "kind": "writing",
            "reason": "Shouting at staff in reception.",
            "warned_on": timezone.localdate().isoformat(),
            "representations_by": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        },
    ),
    "api:representations": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/restrictions/{w.restriction.pk}/representations",
        expect({"head"}, forbidden=IN_CASE - {"head"}, anonymous=401),
        lambda w, p: {
            "representations": "Apologised.",
            "representations_on": timezone.localdate().isoformat(),
        },
    ),
    "api:decide_restriction": (
        "post",
        lambda w: f"/api/v1/cases/{w.case.pk}/restrictions/{w.restriction.pk}/decision",
        expect({"head"}, forbidden=IN_CASE - {"head"}, anonymous=401),
        lambda w, p: {
            "confirm": True,
            "reason": "No representations were made.",
            "review_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        },
    ),
    "api:list_trust_patterns": (
        "get",
        lambda w: "/api/v1/trust/patterns",
        expect({"trust_lead"}, anonymous=401),
        None,
    ),
    # The awareness module: anyone on a school's staff takes it for their own
    # record; the rates are for headteachers (their school) and trust leads (their
    # trusts' schools). The world's school is the head's and the trust lead's.
    "api:read_module": ("get", lambda w: "/api/v1/awareness/module", everyone(anonymous=401), None),
    "api:submit_answers": (
        "post",
        lambda w: "/api/v1/awareness/answers",
        everyone(anonymous=401),
        lambda w, p: {"answers": [{"question": q, "answer": a} for q, a in AWARENESS_RIGHT.items()]},
    ),
    "api:read_status": ("get", lambda w: "/api/v1/awareness/status", everyone(anonymous=401), None),
    "api:list_rates": (
        "get",
        lambda w: "/api/v1/awareness/rates",
        expect(AWARENESS_RATES, anonymous=401),
        None,
    ),
    "api:read_rate": (
        "get",
        lambda w: f"/api/v1/awareness/rates/{w.school.pk}",
        expect({"head", "trust_lead"}, anonymous=401),
        None,
    ),
    # The renewal period is a school setting: for those who change the school's settings.
    "api:read_renewal": (
        "get",
        lambda w: f"/api/v1/awareness/schools/{w.school.pk}/renewal",
        expect({"head", "admin"}, anonymous=401),
        None,
    ),
    "api:set_renewal": (
        "put",
        lambda w: f"/api/v1/awareness/schools/{w.school.pk}/renewal",
        expect({"head", "admin"}, anonymous=401),
        lambda w, p: {"renewal_months": 18},
    ),
    "api:list_entries": ("get", lambda w: "/api/v1/diary", everyone(anonymous=401), None),
    "api:write_entry": (
        "post",
        lambda w: "/api/v1/diary",
        everyone(201, anonymous=401),
        lambda w, p: {
            "occurred_on": "2026-11-21",
            "location": "online",
            "behaviours": ["unwanted_messages"],
            "account": "Four messages overnight.",
        },
    ),
    "api:share": (
        "post",
        lambda w: "/api/v1/diary/share",
        expect({"employee"}, anonymous=401),
        lambda w, p: {"entry_ids": [w.diary_entry.pk], "case_id": w.case.pk},
    ),
    "api:list_notices": ("get", lambda w: "/api/v1/notices", everyone(anonymous=401), None),
    "api:list_people": ("get", lambda w: "/api/v1/people", everyone(anonymous=401), None),
    "api:create_person": (
        "post",
        lambda w: "/api/v1/people",
        expect(MANAGERS, ok_status=201, forbidden=SIGNED_IN - MANAGERS, anonymous=401),
        lambda w, p: {"relationship": "customer_visitor", "description": "Tall man in a red coat"},
    ),
    "api:read_person": (
        "get",
        lambda w: f"/api/v1/people/{w.person.pk}",
        expect(IN_CASE, anonymous=401),
        None,
    ),
    "api:update_person": (
        "patch",
        lambda w: f"/api/v1/people/{w.person.pk}",
        expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
        lambda w, p: {"vehicle": "Blue van"},
    ),
}


def _staff_id(w, persona) -> int:
    return 0 if persona == "anonymous" else getattr(w, persona).pk


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


# --- evidence ------------------------------------------------------------------------------
OWNER_OR_HEAD_PACKS = expect(RUNS_CASE)  # anyone else, even in the case, is told the pack does not exist
ROWS.update(
    {
        "evidence-index": ("get", lambda w: f"/cases/{w.case.pk}/evidence/", expect(IN_CASE), None),
        "evidence-new": (
            "get",
            lambda w: f"/cases/{w.case.pk}/incidents/{w.incident.pk}/evidence/new/",
            expect(IN_CASE),
            None,
        ),
        "cctv-new": (
            "get",
            lambda w: f"/cases/{w.case.pk}/incidents/{w.incident.pk}/cctv/new/",
            expect(IN_CASE),
            None,
        ),
        "evidence-download": (
            "get",
            lambda w: f"/cases/{w.case.pk}/evidence/{w.evidence.pk}/file/",
            expect(IN_CASE),
            None,
        ),
        "evidence-preview": (
            "get",
            lambda w: f"/cases/{w.case.pk}/evidence/{w.evidence.pk}/preview/",
            expect(IN_CASE),
            None,
        ),
        # What a pack leaves out is the employee's choice alone.
        "evidence-withhold": (
            "post",
            lambda w: f"/cases/{w.case.pk}/evidence/withhold/",
            expect({"employee"}, ok_status=302, forbidden=IN_CASE - {"employee"}),
            lambda w, p: {"item": w.evidence.pk, "withheld": "yes"},
        ),
        "pack-new": (
            "post",
            lambda w: f"/cases/{w.case.pk}/evidence/packs/new/",
            expect(RUNS_CASE, ok_status=302, forbidden=IN_CASE - RUNS_CASE),
            {},
        ),
        "pack-detail": (
            "get",
            lambda w: f"/cases/{w.case.pk}/evidence/packs/{w.ready_pack().pk}/",
            OWNER_OR_HEAD_PACKS,
            None,
        ),
        "pack-download": (
            "get",
            lambda w: f"/cases/{w.case.pk}/evidence/packs/{w.ready_pack().pk}/zip/",
            OWNER_OR_HEAD_PACKS,
            None,
        ),
        "api:list_evidence": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence",
            expect(IN_CASE, anonymous=401),
            None,
        ),
        "api:add_evidence": (
            "multipart",
            lambda w: f"/api/v1/cases/{w.case.pk}/incidents/{w.incident.pk}/evidence",
            expect(IN_CASE, ok_status=201, anonymous=401),
            lambda w, p: {"kind": "gift", "description": "A card", "held_where": "school_secure"},
        ),
        "api:download_evidence": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence/{w.evidence.pk}/file",
            expect(IN_CASE, anonymous=401),
            None,
        ),
        "api:preview_evidence": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence/{w.evidence.pk}/preview",
            expect(IN_CASE, anonymous=401),
            None,
        ),
        "api:request_cctv": (
            "post",
            lambda w: f"/api/v1/cases/{w.case.pk}/incidents/{w.incident.pk}/cctv",
            expect(IN_CASE, ok_status=201, anonymous=401),
            lambda w, p: {
                "requested_by_name": "Dan Price",
                "requested_of": "Site manager",
                "requested_on": "2026-11-02",
                "footage_from": "2026-11-01T15:00:00Z",
                "footage_to": "2026-11-01T15:30:00Z",
                "overwritten_on": "2026-11-30",
                "kept_where": "Head's safe",
            },
        ),
        "api:set_withholding": (
            "put",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence/withholding",
            expect({"employee"}, forbidden=IN_CASE - {"employee"}, anonymous=401),
            lambda w, p: {"evidence_id": w.evidence.pk, "withheld": True},
        ),
        "api:check_chain": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/chain",
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            None,
        ),
        "api:list_packs": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence/packs",
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            None,
        ),
        "api:build_pack": (
            "post",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence/packs",
            expect(RUNS_CASE, ok_status=202, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            {},
        ),
        "api:read_pack": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence/packs/{w.ready_pack().pk}",
            expect(RUNS_CASE, anonymous=401),
            None,
        ),
        "api:download_pack": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/evidence/packs/{w.ready_pack().pk}/zip",
            expect(RUNS_CASE, anonymous=401),
            None,
        ),
    }
)


# Retention, legal holds and subject access: the school's administrator's, but for
# the export of one's own data, which everyone with a staff record may download.
ADMIN = {"admin"}


def _hold_then(body: dict):
    """A body for lifting a hold: the hold is placed first, so the admin's lift succeeds."""

    def build(w, persona):
        from harbour.retention import holds

        if holds.hold_in_place(w.case) is None:
            holds.place_hold(origin=Origin(user=w.admin.user), case=w.case, reason="Tribunal claim")
        return body

    return build


ROWS.update(
    {
        "retention-schedule": (
            "get",
            lambda w: f"/school-settings/{w.school.pk}/retention/",
            expect(ADMIN),
            None,
        ),
        "legal-holds": ("get", lambda w: "/legal-holds/", expect(ADMIN), None),
        "legal-hold": ("get", lambda w: f"/legal-holds/{w.case.pk}/", expect(ADMIN), None),
        "subject-access-mine": ("get", lambda w: "/your-support/subject-access.zip", everyone(), None),
        "subject-access-people": ("get", lambda w: "/subject-access/?q=Pat", expect(ADMIN), None),
        "subject-access-person": (
            "post",
            lambda w: f"/subject-access/people/{w.person.pk}/",
            expect(ADMIN),
            {},
        ),
        "api:read_schedule": (
            "get",
            lambda w: f"/api/v1/retention/schools/{w.school.pk}/schedule",
            expect(ADMIN, anonymous=401),
            None,
        ),
        "api:set_schedule": (
            "put",
            lambda w: f"/api/v1/retention/schools/{w.school.pk}/schedule",
            expect(ADMIN, anonymous=401),
            {"closed_case": 84},
        ),
        "api:list_holds": ("get", lambda w: "/api/v1/retention/holds", expect(ADMIN, anonymous=401), None),
        "api:read_holds": (
            "get",
            lambda w: f"/api/v1/retention/holds/{w.case.pk}",
            expect(ADMIN, anonymous=401),
            None,
        ),
        "api:place_hold": (
            "post",
            lambda w: f"/api/v1/retention/holds/{w.case.pk}",
            expect(ADMIN, ok_status=201, anonymous=401),
            {"reason": "Tribunal claim"},
        ),
        "api:lift_hold": (
            "post",
            lambda w: f"/api/v1/retention/holds/{w.case.pk}/lift",
            expect(ADMIN, anonymous=401),
            _hold_then({"reason": "Claim settled"}),
        ),
        "api:export_mine": ("get", lambda w: "/api/v1/subject-access/me", everyone(anonymous=401), None),
        "api:find_people": (
            "get",
            lambda w: "/api/v1/subject-access/people?q=Pat",
            expect(ADMIN, anonymous=401),
            None,
        ),
        "api:export_person": (
            "post",
            lambda w: f"/api/v1/subject-access/people/{w.person.pk}",
            expect(ADMIN, anonymous=401),
            {},
        ),
    }
)


# Anonymised statistics: the trust lead sees the whole trust and each school; each
# headteacher (the other school's too) their own school. Anyone else: not found.
STATISTICS = {"trust_lead", "head", "other_head"}
ROWS.update(
    {
        "statistics": ("get", lambda w: "/statistics/", expect(STATISTICS), None),
        "statistics-csv": ("get", lambda w: "/statistics/download.csv", expect(STATISTICS), None),
        "api:read_statistics": (
            "get",
            lambda w: "/api/v1/statistics/",
            expect(STATISTICS, anonymous=401),
            None,
        ),
    }
)


# Onboarding: the school's administrator imports its staff list; an administrator
# of a school in a trust adds a school to it. The others in the directory are told
# they may not (as for adding one member of staff); anyone else, not found.
def _staff_import(w):
    from harbour.onboarding.models import StaffImport

    if not hasattr(w, "staff_import"):
        w.staff_import = StaffImport.objects.create(
            school=w.school,
            uploaded_by=w.admin.user,
            rows=[
                {
                    "line": 2,
                    "name": "Nia Newton",
                    "email": "nia@riverside.example",
                    "job_title": "",
                    "line_manager_email": "",
                    "roles": ["employee"],
                }
            ],
            columns=["email", "name"],
            content_sha256="0" * 64,
            staff_fingerprint="0" * 64,
        )
    return w.staff_import


ROWS.update(
    {
        "staff-import": (
            "get",
            lambda w: f"/staff/{w.school.pk}/import/",
            expect({"admin"}, forbidden={"manager", "head", "other_manager"}),
            None,
        ),
        "staff-import-preview": (
            "get",
            lambda w: f"/staff/import/{_staff_import(w).pk}/",
            expect({"admin"}),
            None,
        ),
        "staff-import-template": ("get", lambda w: "/staff/import/template.csv", expect({"admin"}), None),
        "school-new": ("get", lambda w: "/school-settings/new/", expect({"admin"}), None),
        "api:import_staff": (
            "post",
            lambda w: f"/api/v1/schools/{w.school.pk}/staff-import",
            expect({"admin"}, anonymous=401),
            {"csv": "Name,Email\nNia Newton,nia@riverside.example\n"},
        ),
        "api:add_school": (
            "post",
            lambda w: "/api/v1/schools",
            expect({"admin"}, ok_status=201, anonymous=401),
            lambda w, p: {"trust_id": w.school.trust_id, "name": f"New school ({p})"},
        ),
    }
)


# The employee kept informed (issue 13): their timeline is their own; the travel
# arrangement is the employee's and their case manager's unless the employee shares
# it (then the head and the circle too); only the employee writes it. The school's
# support resources are settings, for the headteacher and the administrator.
TRAVEL_READERS = {"employee", "manager"}
TRAVEL_BODY = {"contact_name": "Sam Partner", "contact_phone": "07700 900123"}

ROWS.update(
    {
        "support-timeline": ("get", lambda w: "/your-support/timeline/", everyone(), None),
        "plan-travel": (
            "get",
            lambda w: f"/cases/{w.case.pk}/plan/travel/",
            expect(TRAVEL_READERS, forbidden=IN_CASE - TRAVEL_READERS),
            None,
        ),
        "school-support": (
            "get",
            lambda w: f"/school-settings/{w.school.pk}/support/",
            expect({"head", "admin"}),
            None,
        ),
        "api:your_support": ("get", lambda w: "/api/v1/your-support", everyone(anonymous=401), None),
        "api:your_timeline": (
            "get",
            lambda w: "/api/v1/your-support/timeline",
            everyone(anonymous=401),
            None,
        ),
        "api:read_travel_arrangement": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/travel-arrangement",
            expect(TRAVEL_READERS, forbidden=IN_CASE - TRAVEL_READERS, anonymous=401),
            None,
        ),
        "api:save_travel_arrangement": (
            "put",
            lambda w: f"/api/v1/cases/{w.case.pk}/travel-arrangement",
            expect({"employee"}, forbidden=IN_CASE - {"employee"}, anonymous=401),
            TRAVEL_BODY,
        ),
        "api:read_support_resources": (
            "get",
            lambda w: f"/api/v1/schools/{w.school.pk}/support-resources",
            expect({"head", "admin"}, anonymous=401),
            None,
        ),
        "api:save_support_resources": (
            "put",
            lambda w: f"/api/v1/schools/{w.school.pk}/support-resources",
            expect({"head", "admin"}, anonymous=401),
            {"employee_assistance_name": "Care First"},
        ),
    }
)


# My work over the API (issue 13): what is due for the caller, read from their own
# reach, so it is there (perhaps empty) for everyone with a token.
ROWS.update(
    {
        "api:my_work": ("get", lambda w: "/api/v1/my-work", everyone(anonymous=401), None),
        **{
            f"api:my_work_{section}": (
                "get",
                lambda w, section=section: f"/api/v1/my-work/{section}",
                everyone(anonymous=401),
                None,
            )
            for section in ("signals", "reviews", "actions", "decisions")
        },
    }
)


# The reasonable-steps report: counts only. A school's is for its headteacher and
# the trust lead; the trust's for the trust lead. The head of the other school has
# the list (their own school), never this school's report.
STEPS_SCHOOL = {"head", "trust_lead"}
ROWS.update(
    {
        "reasonable-steps": (
            "get",
            lambda w: "/reasonable-steps/",
            expect(STEPS_SCHOOL | {"other_head"}),
            None,
        ),
        "reasonable-steps-school": (
            "get",
            lambda w: f"/reasonable-steps/schools/{w.school.pk}/",
            expect(STEPS_SCHOOL),
            None,
        ),
        "reasonable-steps-school-pdf": (
            "get",
            lambda w: f"/reasonable-steps/schools/{w.school.pk}/report.pdf",
            expect(STEPS_SCHOOL),
            None,
        ),
        "reasonable-steps-trust": (
            "get",
            lambda w: f"/reasonable-steps/trusts/{w.school.trust_id}/",
            expect({"trust_lead"}),
            None,
        ),
        "reasonable-steps-trust-pdf": (
            "get",
            lambda w: f"/reasonable-steps/trusts/{w.school.trust_id}/report.pdf",
            expect({"trust_lead"}),
            None,
        ),
        "api:read_report": (
            "get",
            lambda w: f"/api/v1/reasonable-steps?school_id={w.school.pk}",
            expect(STEPS_SCHOOL, anonymous=401),
            None,
        ),
        "api:download_report": (
            "get",
            lambda w: f"/api/v1/reasonable-steps/pdf?trust_id={w.school.trust_id}",
            expect({"trust_lead"}, anonymous=401),
            None,
        ),
    }
)


# The API's side of the case's status, circle, access log and meetings, check-ins,
# the online-safety checklist and the staff directory (tests/api/test_api_covers_pages.py):
# the same predicates as the pages above, so the same personas.
def _yesterday():
    return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def _check_in_statuses():
    statuses = expect({"manager", "head", "other_manager"}, ok_status=201, anonymous=401)
    # The other school's head holds check-ins, but not with this school's staff.
    statuses["other_head"] = 422
    return statuses


ROWS.update(
    {
        "api:read_case_status": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/status-changes",
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            None,
        ),
        "api:change_case_status": (
            "post",
            lambda w: f"/api/v1/cases/{w.case.pk}/status-changes",
            expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            {"status": "monitoring", "note": "No contact for six weeks."},
        ),
        "api:read_circle": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/circle",
            expect(CHOOSES, forbidden=IN_CASE - CHOOSES, anonymous=401),
            None,
        ),
        "api:add_member": (
            "post",
            lambda w: f"/api/v1/cases/{w.case.pk}/circle",
            expect(CHOOSES, ok_status=201, forbidden=IN_CASE - CHOOSES, anonymous=401),
            lambda w, p: {"staff_id": w.colleague.pk},
        ),
        "api:remove_member": (
            "delete",
            lambda w: f"/api/v1/cases/{w.case.pk}/circle/{w.case.members.get(staff=w.member).pk}",
            expect(CHOOSES, ok_status=204, forbidden=IN_CASE - CHOOSES, anonymous=401),
            None,
        ),
        "api:read_access_log": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/access-log",
            expect(RUNS_CASE | {"employee"}, forbidden={"member"}, anonymous=401),
            None,
        ),
        "api:list_meetings": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/meetings",
            expect(IN_CASE, anonymous=401),
            None,
        ),
        "api:record_meeting": (
            "post",
            lambda w: f"/api/v1/cases/{w.case.pk}/meetings",
            expect(RUNS_CASE, ok_status=201, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            lambda w, p: {
                "held_on": _yesterday(),
                "next_meeting_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
                "areas": {"explore": {"covered": True, "notes": "Talked it through."}},
            },
        ),
        "api:read_meeting": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/meetings/{w.meeting.pk}",
            expect(IN_CASE, anonymous=401),
            None,
        ),
        "api:meeting_invitation": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/meetings/{w.meeting.pk}/invitation",
            expect(IN_CASE, anonymous=401),
            None,
        ),
        "api:review_invitation": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/review/invitation",
            expect(IN_CASE, anonymous=401),
            None,
        ),
        "api:download_letter": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/restrictions/{w.restriction.pk}/letters/warning",
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            None,
        ),
        "api:read_letter_template": (
            "get",
            lambda w: f"/api/v1/schools/{w.school.pk}/letters/warning",
            expect({"head", "admin"}, anonymous=401),
            None,
        ),
        "api:save_letter_template": (
            "put",
            lambda w: f"/api/v1/schools/{w.school.pk}/letters/warning",
            expect({"head", "admin"}, anonymous=401),
            {"body": "Dear {person_name}, this letter is from {school_name}."},
        ),
        "api:list_school_settings": (
            "get",
            lambda w: "/api/v1/schools/settings",
            everyone(anonymous=401),
            None,
        ),
        "api:read_school_settings": (
            "get",
            lambda w: f"/api/v1/schools/{w.school.pk}/settings",
            expect({"head", "admin"}, anonymous=401),
            None,
        ),
        "api:change_school_settings": (
            "patch",
            lambda w: f"/api/v1/schools/{w.school.pk}/settings",
            expect({"head", "admin"}, anonymous=401),
            {"conduct_gap_days": 60},
        ),
        "api:list_check_ins": ("get", lambda w: "/api/v1/check-ins", everyone(anonymous=401), None),
        "api:check_in_staff": (
            "get",
            lambda w: "/api/v1/check-ins/staff",
            expect(MANAGERS, anonymous=401),
            None,
        ),
        "api:record_check_in": (
            "post",
            lambda w: "/api/v1/check-ins",
            _check_in_statuses(),
            lambda w, p: {"employee_id": w.employee.pk, "held_on": _yesterday(), "concern": "no"},
        ),
        "api:read_check_in": (
            "get",
            lambda w: f"/api/v1/check-ins/{w.check_in.pk}",
            expect({"manager", "head", "employee"}, anonymous=401),
            None,
        ),
        "api:read_online_safety": ("get", lambda w: "/api/v1/online-safety", everyone(anonymous=401), None),
        "api:complete_online_safety": (
            "post",
            lambda w: "/api/v1/online-safety",
            everyone(201, anonymous=401),
            lambda w, p: {"completed_on": _yesterday(), "items": ["social_media_private"]},
        ),
        "api:list_staff": ("get", lambda w: "/api/v1/staff", expect(DIRECTORY, anonymous=401), None),
        "api:add_staff": (
            "post",
            lambda w: "/api/v1/staff",
            expect({"admin"}, ok_status=201, forbidden={"manager", "head", "other_manager"}, anonymous=401),
            lambda w, p: {"school_id": w.school.pk, "full_name": "Nia Newton", "roles": ["line_manager"]},
        ),
        "api:read_staff": (
            "get",
            lambda w: f"/api/v1/staff/{w.colleague.pk}",
            expect({"admin"}, anonymous=401),
            None,
        ),
        "api:change_staff": (
            "patch",
            lambda w: f"/api/v1/staff/{w.colleague.pk}",
            expect({"admin"}, anonymous=401),
            {"job_title": "Head of science"},
        ),
    }
)


# The referral summary for the police or a stalking service: the owner or the head
# make it, once the employee has said yes (recorded first here); only the employee
# gives or withdraws consent, which the owner and the head may read.
def _consented(w, path: str) -> str:
    from harbour.referrals import services as referrals

    if not w.case.sharing_consents.filter(recipient="police", decision="given").exists():
        with transaction.atomic():
            referrals.record_consent(
                origin=Origin(user=w.employee.user),
                case=w.case,
                employee=w.employee,
                recipient="police",
                consents=True,
            )
    return path


ONLY_EMPLOYEE = {"employee"}
ROWS.update(
    {
        "referral-summary": (
            "get",
            lambda w: _consented(w, f"/cases/{w.case.pk}/referral-summary/?to=police"),
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
            None,
        ),
        "referral-summary-pdf": (
            "get",
            lambda w: _consented(w, f"/cases/{w.case.pk}/referral-summary.pdf?to=police"),
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE),
            None,
        ),
        "sharing-consent": (
            "get",
            lambda w: f"/your-support/cases/{w.case.pk}/sharing/",
            expect(ONLY_EMPLOYEE, forbidden=IN_CASE - ONLY_EMPLOYEE),
            None,
        ),
        "api:read_sharing_consent": (
            "get",
            lambda w: f"/api/v1/cases/{w.case.pk}/sharing-consent",
            expect(CHOOSES, forbidden=IN_CASE - CHOOSES, anonymous=401),
            None,
        ),
        "api:record_sharing_consent": (
            "post",
            lambda w: f"/api/v1/cases/{w.case.pk}/sharing-consent",
            expect(ONLY_EMPLOYEE, ok_status=201, forbidden=IN_CASE - ONLY_EMPLOYEE, anonymous=401),
            {"recipient": "stalking_service", "consents": True},
        ),
        "api:withdraw_sharing_consent": (
            "post",
            lambda w: _consented(w, f"/api/v1/cases/{w.case.pk}/sharing-consent/police/withdrawal"),
            expect(ONLY_EMPLOYEE, ok_status=201, forbidden=IN_CASE - ONLY_EMPLOYEE, anonymous=401),
            {},
        ),
        "api:read_referral_summary": (
            "get",
            lambda w: _consented(w, f"/api/v1/cases/{w.case.pk}/referral-summary?to=police"),
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            None,
        ),
        "api:download_referral_summary": (
            "get",
            lambda w: _consented(w, f"/api/v1/cases/{w.case.pk}/referral-summary/pdf?to=police"),
            expect(RUNS_CASE, forbidden=IN_CASE - RUNS_CASE, anonymous=401),
            None,
        ),
    }
)


# Observations: any colleague files; the headteacher, the owner of the employee's
# case, the employee and whoever filed it (what they wrote only) may read it; only
# the employee decides. Everyone else, the rest of the staff included: 404.
def _observation(w):
    if getattr(w, "observation", None) is None:
        from harbour.observations import services as observations

        with transaction.atomic():
            w.observation = observations.file_observation(
                origin=Origin(user=w.colleague.user),
                filer=w.colleague,
                about=w.employee,
                kind="asked_about",
                description="Asked which room Erin teaches in on Thursdays.",
                seen_on=datetime.date(2026, 11, 2),
                location="on_site",
                person_description="Man in a red coat",
            )
    return w.observation


OBSERVATION_READERS = {"head", "manager", "colleague", "employee"}
# The other school's head is its only member of staff: nobody to report about.
HAS_COLLEAGUES = SIGNED_IN - {"other_head"}
OBSERVATION_BODY = {
    "description": "Asked whether Erin is in today.",
    "seen_on": "2026-11-02",
    "location": "phone",
    "person_description": "A man's voice",
}


def _file_statuses(ok: set[str]) -> dict:
    statuses = expect(ok, ok_status=201, anonymous=401)
    # About themselves (the employee), or not their school's staff (the other head).
    statuses.update({persona: 422 for persona in {"employee", "other_head"} & set(statuses) if persona in ok})
    return statuses


ROWS.update(
    {
        "observation-list": ("get", lambda w: "/observations/", everyone(), None),
        "observation-new": ("get", lambda w: "/observations/new/", expect(HAS_COLLEAGUES), None),
        "observation-front-desk": ("get", lambda w: "/observations/front-desk/", expect(FRONT_DESK), None),
        # The employee is sent on to their own page of it (under Your support).
        "observation-detail": (
            "get",
            lambda w: f"/observations/{_observation(w).pk}/",
            {**expect(OBSERVATION_READERS), "employee": 302},
            None,
        ),
        "support-observations": ("get", lambda w: "/your-support/observations/", everyone(), None),
        "support-observation": (
            "get",
            lambda w: f"/your-support/observations/{_observation(w).pk}/",
            expect({"employee"}),
            None,
        ),
        "api:list_observations": ("get", lambda w: "/api/v1/observations", everyone(anonymous=401), None),
        "api:list_observations_about_me": (
            "get",
            lambda w: "/api/v1/observations/about-me",
            everyone(anonymous=401),
            None,
        ),
        "api:list_filed_observations": (
            "get",
            lambda w: "/api/v1/observations/filed",
            everyone(anonymous=401),
            None,
        ),
        "api:observation_choices": (
            "get",
            lambda w: "/api/v1/observations/choices",
            expect(HAS_COLLEAGUES, anonymous=401),
            None,
        ),
        "api:file_observation": (
            "post",
            lambda w: "/api/v1/observations",
            _file_statuses(SIGNED_IN),
            lambda w, p: {"about_id": w.employee.pk, "kind": "asked_about", **OBSERVATION_BODY},
        ),
        "api:log_asked_for_by_name": (
            "post",
            lambda w: "/api/v1/observations/front-desk",
            _file_statuses(FRONT_DESK | {"other_head"}),
            lambda w, p: {"about_id": w.employee.pk, **OBSERVATION_BODY},
        ),
        "api:read_observation": (
            "get",
            lambda w: f"/api/v1/observations/{_observation(w).pk}",
            expect(OBSERVATION_READERS, anonymous=401),
            None,
        ),
        "api:accept_observation": (
            "post",
            lambda w: f"/api/v1/observations/{_observation(w).pk}/acceptance",
            expect({"employee"}, anonymous=401),
            {},
        ),
        "api:decline_observation": (
            "post",
            lambda w: f"/api/v1/observations/{_observation(w).pk}/decline",
            expect({"employee"}, anonymous=401),
            {},
        ),
    }
)


def test_every_url_has_a_row():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(ROWS) == set(), "add these URLs to the role × URL matrix"
    assert set(ROWS) - names == set(), "these rows name URLs that no longer exist"


@pytest.fixture
def matrix_world(world):
    world.manager_token, _ = _token(world.manager)
    world.spare_person = factories.make_person(world.school, world.manager, name="Spare Person")
    world.check_in = _check_in(world)
    world.meeting = _meeting(world)
    world.action = _contact_action(world)
    world.diary_entry = _diary_entry(world)
    factories.record(world.case, world.manager, world.employee, world.person, behaviours=["threats"])
    world.restriction = _warning(world)
    world.evidence = evidence_helpers.add_file(world)
    # Built only for the rows that need one: a pack per persona × row would be slow.
    world.ready_pack = functools.cache(lambda: evidence_helpers.built_pack(world))
    # The employee chose front-desk instructions, so reception has an alert for the person.
    confidentiality.set_choices(
        origin=Origin(user=world.employee.user),
        case=world.case,
        colleagues_may_know="front_desk",
        champion_sees="nothing",
        front_desk_instruction="Ask them to wait; fetch the deputy head.",
    )
    return world


def _warning(w):
    today = timezone.localdate()
    return frontdesk.warn(
        origin=Origin(user=w.head.user),
        case=w.case,
        person=w.person,
        values={
            "kind": "site_ban",
            "reason": "Waited at the gate for a member of staff.",
            "warned_on": today - datetime.timedelta(days=20),
            "representations_by": today - datetime.timedelta(days=6),
        },
    )


def _contact_action(w):
    return plans.add_action(
        origin=Origin(user=w.manager.user),
        case=w.case,
        section="contact",
        measure="contact_not_on_site",
        values={"agreed": "Colleagues do not say whether Erin is in.", "status": "agreed"},
    )


def _diary_entry(w):
    return diary.write_entry(
        origin=Origin(user=w.employee.user),
        author=w.employee,
        values={
            "occurred_on": datetime.date(2026, 11, 20),
            "location": "near_site",
            "behaviours": ["seeking_out"],
            "account": "Waited at the bus stop again.",
        },
    )


def _check_in(w):
    with transaction.atomic():
        return prevention.record_check_in(
            origin=Origin(user=w.manager.user),
            employee=w.employee,
            held_on=datetime.date(2026, 11, 2),
            concern="yes",
        )


def _meeting(w):
    with transaction.atomic():
        return plans.record_meeting(
            origin=Origin(user=w.manager.user),
            case=w.case,
            held_on=datetime.date(2026, 11, 3),
            areas={"explore": {"covered": True, "notes": "Talked it through."}},
            next_meeting_on=datetime.date(2026, 11, 17),
        )


def _token(staff):
    with transaction.atomic():
        return api_services.issue_token(origin=Origin(user=staff.user), name="matrix")


@pytest.mark.parametrize("name", sorted(ROWS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_url_matrix(matrix_world, name, persona):
    method, path_for, statuses, body = ROWS[name]
    w = matrix_world
    path = path_for(w)
    payload = body(w, persona) if callable(body) else body
    if name.startswith("api:"):
        client = Client()
        headers = {}
        if persona != "anonymous":
            _, raw = _token(getattr(w, persona))
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        if method == "get":
            response = client.get(path, **headers)
        elif method == "multipart":
            response = client.post(path, data=payload, **headers)
        else:
            response = getattr(client, method)(path, data=payload, content_type="application/json", **headers)
    else:
        client = w.client(persona)
        response = client.get(path) if method == "get" else client.post(path, data=payload or {})
    expected = statuses[persona]
    assert response.status_code == expected, f"{persona} {method.upper()} {path}: {response.status_code}"
    if expected == 302 and persona == "anonymous" and not name.startswith("api:") and name not in {"logout"}:
        assert response["Location"].startswith("/sign-in/")


def test_not_found_is_the_same_for_hidden_and_missing_cases(world):
    """An outsider learns nothing: a real case and a made-up one answer alike."""
    client = world.client("colleague")
    hidden = client.get(f"/cases/{world.case.pk}/")
    missing = client.get("/cases/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden.content) == _without_csrf(missing.content)


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_admin_role_never_sees_case_content(world):
    client = world.client("admin")
    for path in ("/cases/", "/", "/people/"):
        body = client.get(path).content.decode()
        assert world.case.reference not in body
        assert "Pat Concern" not in body
