"""Every page has its API: what a person can do on a page, a token can do through
/api/v1/. Each page URL name is mapped below to the API operations that read what
the page shows and (for a page with a form) make the change the page makes. A page
in neither PAGE_OPERATIONS nor PAGE_ONLY fails `test_every_page_is_mapped`; a page
that takes a POST with no write operation mapped fails too, and so does a mapped
operation the OpenAPI document does not have.

PAGE_ONLY is kept short, each with the reason the page has no API of its own."""

import inspect

from django.urls import URLPattern, URLResolver, get_resolver

from harbour.api.api import api
from harbour.api.models import ApiToken
from tests import factories


def op(method: str, path: str) -> str:
    return f"{method.upper()} /api/v1{path}"


CASE = "/cases/{case_id}"

# page URL name: {"read": [operations], "write": [operations]}
PAGE_OPERATIONS: dict[str, dict[str, list[str]]] = {
    "my-work": {"read": [op("get", "/my-work")]},
    # /work/<section>/: one operation per section, each typed for its rows.
    "my-work-section": {
        "read": [
            op("get", f"/my-work/{section}") for section in ("signals", "reviews", "actions", "decisions")
        ]
    },
    "case-list": {"read": [op("get", "/cases")]},
    "case-open": {"read": [op("get", "/people")], "write": [op("post", "/cases")]},
    "case-detail": {
        "read": [op("get", CASE), op("get", f"{CASE}/incidents"), op("get", f"{CASE}/conduct")],
    },
    "case-status": {
        "read": [op("get", f"{CASE}/status-changes")],
        "write": [op("post", f"{CASE}/status-changes")],
    },
    "case-circle": {"read": [op("get", f"{CASE}/circle")], "write": [op("post", f"{CASE}/circle")]},
    "case-circle-remove": {"write": [op("delete", f"{CASE}/circle/{{member_id}}")]},
    "case-people": {"read": [op("get", CASE)], "write": [op("post", f"{CASE}/people")]},
    "case-access-log": {"read": [op("get", f"{CASE}/access-log")]},
    "incident-new": {"read": [op("get", "/behaviours")], "write": [op("post", f"{CASE}/incidents")]},
    "incident-detail": {"read": [op("get", f"{CASE}/incidents/{{incident_id}}")]},
    "incident-amend": {
        "read": [op("get", f"{CASE}/incidents/{{incident_id}}")],
        "write": [op("post", f"{CASE}/incidents/{{incident_id}}/amendments")],
    },
    "meeting-new": {"read": [op("get", f"{CASE}/meetings")], "write": [op("post", f"{CASE}/meetings")]},
    "meeting-detail": {"read": [op("get", f"{CASE}/meetings/{{meeting_id}}")]},
    "meeting-invitation": {"read": [op("get", f"{CASE}/meetings/{{meeting_id}}/invitation")]},
    "review-book": {"read": [op("get", f"{CASE}/plan")], "write": [op("put", f"{CASE}/review")]},
    "review-invitation": {"read": [op("get", f"{CASE}/review/invitation")]},
    "plan": {"read": [op("get", f"{CASE}/plan")]},
    "plan-action-new": {"read": [op("get", f"{CASE}/plan")], "write": [op("post", f"{CASE}/plan/actions")]},
    "plan-action-edit": {
        "read": [op("get", f"{CASE}/plan")],
        "write": [op("patch", f"{CASE}/plan/actions/{{action_id}}")],
    },
    "plan-action-approval": {
        "read": [op("get", f"{CASE}/plan")],
        "write": [op("post", f"{CASE}/plan/actions/{{action_id}}/decision")],
    },
    "plan-cctv": {"read": [op("get", f"{CASE}/plan")], "write": [op("put", f"{CASE}/plan/cctv")]},
    "plan-travel": {
        "read": [op("get", f"{CASE}/travel-arrangement")],
        "write": [op("put", f"{CASE}/travel-arrangement")],
    },
    "case-confidentiality": {
        "read": [op("get", f"{CASE}/confidentiality")],
        "write": [op("put", f"{CASE}/confidentiality")],
    },
    "risk": {"read": [op("get", f"{CASE}/risk")], "write": [op("post", f"{CASE}/risk/decisions")]},
    "risk-screening": {"read": [op("get", f"{CASE}/risk")], "write": [op("post", f"{CASE}/risk/screenings")]},
    "risk-signal": {
        "read": [op("get", f"{CASE}/risk")],
        "write": [op("post", f"{CASE}/risk/signals/{{code}}/acknowledgements")],
    },
    "referrals": {"read": [op("get", f"{CASE}/referrals")]},
    "referral-police": {"write": [op("put", f"{CASE}/referrals/police")]},
    "referral-champion": {"write": [op("post", f"{CASE}/referrals/champion")]},
    "referral-policy": {"write": [op("put", f"{CASE}/referrals/policy")]},
    "referral-summary": {
        "read": [op("get", f"{CASE}/referral-summary"), op("get", f"{CASE}/sharing-consent")]
    },
    "referral-summary-pdf": {"read": [op("get", f"{CASE}/referral-summary/pdf")]},
    "sharing-consent": {
        "read": [op("get", f"{CASE}/sharing-consent")],
        "write": [
            op("post", f"{CASE}/sharing-consent"),
            op("post", f"{CASE}/sharing-consent/{{recipient}}/withdrawal"),
        ],
    },
    "case-orders": {"read": [op("get", f"{CASE}/orders"), op("get", f"{CASE}/possible-breaches")]},
    "order-new": {"read": [op("get", CASE)], "write": [op("post", f"{CASE}/orders")]},
    "order-detail": {"read": [op("get", f"{CASE}/orders/{{order_id}}")]},
    "order-amend": {
        "read": [op("get", f"{CASE}/orders/{{order_id}}")],
        "write": [op("post", f"{CASE}/orders/{{order_id}}/versions")],
    },
    "breach-detail": {
        "read": [op("get", f"{CASE}/possible-breaches")],
        "write": [op("post", f"{CASE}/possible-breaches/{{breach_id}}/police-reports")],
    },
    "possible-breaches": {"read": [op("get", "/possible-breaches")]},
    "restriction-new": {
        "read": [op("get", f"{CASE}/restrictions")],
        "write": [op("post", f"{CASE}/restrictions")],
    },
    "restriction-detail": {"read": [op("get", f"{CASE}/restrictions")]},
    "restriction-step": {
        "read": [op("get", f"{CASE}/restrictions")],
        "write": [
            op("post", f"{CASE}/restrictions/{{restriction_id}}/representations"),
            op("post", f"{CASE}/restrictions/{{restriction_id}}/decision"),
        ],
    },
    "restriction-letter": {"read": [op("get", f"{CASE}/restrictions/{{restriction_id}}/letters/{{kind}}")]},
    "school-letter": {
        "read": [op("get", "/schools/{school_id}/letters/{kind}")],
        "write": [op("put", "/schools/{school_id}/letters/{kind}")],
    },
    "front-desk": {"read": [op("get", "/front-desk/alerts")]},
    "front-desk-attempt": {
        "read": [op("get", "/front-desk/alerts")],
        "write": [op("post", "/front-desk/people/{person_id}/attempts")],
    },
    "diary": {"read": [op("get", "/diary")]},
    "diary-new": {"read": [op("get", "/behaviours")], "write": [op("post", "/diary")]},
    "diary-share": {"read": [op("get", "/diary")], "write": [op("post", "/diary/share")]},
    "diary-entry": {"read": [op("get", "/diary")]},
    "your-support": {"read": [op("get", "/your-support")]},
    "support-timeline": {"read": [op("get", "/your-support/timeline")]},
    "notices": {"read": [op("get", "/notices")]},
    "trust-patterns": {"read": [op("get", "/trust/patterns")]},
    "person-list": {"read": [op("get", "/people")]},
    "person-new": {"read": [op("get", "/people")], "write": [op("post", "/people")]},
    "person-detail": {"read": [op("get", "/people/{person_id}")]},
    "person-edit": {
        "read": [op("get", "/people/{person_id}")],
        "write": [op("patch", "/people/{person_id}")],
    },
    "check-in-list": {"read": [op("get", "/check-ins")]},
    "check-in-new": {"read": [op("get", "/check-ins/staff")], "write": [op("post", "/check-ins")]},
    "check-in-detail": {"read": [op("get", "/check-ins/{check_in_id}")]},
    "online-safety": {"read": [op("get", "/online-safety")], "write": [op("post", "/online-safety")]},
    "staff-directory": {"read": [op("get", "/staff")]},
    "staff-new": {"read": [op("get", "/staff")], "write": [op("post", "/staff")]},
    "staff-edit": {"read": [op("get", "/staff/{staff_id}")], "write": [op("patch", "/staff/{staff_id}")]},
    "school-settings-list": {"read": [op("get", "/schools/settings")]},
    "school-settings": {
        "read": [op("get", "/schools/{school_id}/settings")],
        "write": [op("patch", "/schools/{school_id}/settings")],
    },
    "school-support": {
        "read": [op("get", "/schools/{school_id}/support-resources")],
        "write": [op("put", "/schools/{school_id}/support-resources")],
    },
    "two-factor": {"read": [op("get", "/account/two-factor")]},
    "api-tokens": {"read": [op("get", "/account/tokens")]},
    "api-token-revoke": {"write": [op("post", "/account/tokens/{token_id}/revocation")]},
    "admin-api-tokens": {"read": [op("get", "/admin/tokens")]},
    "admin-api-token-revoke": {"write": [op("post", "/admin/tokens/{token_id}/revocation")]},
    "staff-import": {
        "read": [op("get", "/staff")],
        "write": [op("post", "/schools/{school_id}/staff-import")],
    },
    # The API's import is one call: dry_run=true is the preview, false applies it.
    "staff-import-preview": {
        "read": [op("post", "/schools/{school_id}/staff-import")],
        "write": [op("post", "/schools/{school_id}/staff-import")],
    },
    "school-new": {"read": [op("get", "/staff")], "write": [op("post", "/schools")]},
    "evidence-index": {"read": [op("get", f"{CASE}/evidence"), op("get", f"{CASE}/chain")]},
    "evidence-new": {
        "read": [op("get", f"{CASE}/evidence")],
        "write": [op("post", f"{CASE}/incidents/{{incident_id}}/evidence")],
    },
    "cctv-new": {
        "read": [op("get", f"{CASE}/evidence")],
        "write": [op("post", f"{CASE}/incidents/{{incident_id}}/cctv")],
    },
    "evidence-download": {"read": [op("get", f"{CASE}/evidence/{{item_id}}/file")]},
    "evidence-preview": {"read": [op("get", f"{CASE}/evidence/{{item_id}}/preview")]},
    "evidence-withhold": {
        "read": [op("get", f"{CASE}/evidence")],
        "write": [op("put", f"{CASE}/evidence/withholding")],
    },
    "pack-new": {
        "read": [op("get", f"{CASE}/evidence/packs")],
        "write": [op("post", f"{CASE}/evidence/packs")],
    },
    "pack-detail": {"read": [op("get", f"{CASE}/evidence/packs/{{pack_id}}")]},
    "pack-download": {"read": [op("get", f"{CASE}/evidence/packs/{{pack_id}}/{{fmt}}")]},
    "retention-schedule": {
        "read": [op("get", "/retention/schools/{school_id}/schedule")],
        "write": [op("put", "/retention/schools/{school_id}/schedule")],
    },
    "legal-holds": {"read": [op("get", "/retention/holds")]},
    "legal-hold": {
        "read": [op("get", "/retention/holds/{case_id}")],
        "write": [op("post", "/retention/holds/{case_id}"), op("post", "/retention/holds/{case_id}/lift")],
    },
    "subject-access-mine": {"read": [op("get", "/subject-access/me")]},
    "subject-access-people": {"read": [op("get", "/subject-access/people")]},
    "subject-access-person": {
        "read": [op("get", "/subject-access/people")],
        "write": [op("post", "/subject-access/people/{person_id}")],
    },
    "statistics": {"read": [op("get", "/statistics/")]},
    # The same figures as the page, as JSON; the CSV is the page's way of carrying them.
    "statistics-csv": {"read": [op("get", "/statistics/")]},
    "reasonable-steps": {"read": [op("get", "/reasonable-steps")]},
    "reasonable-steps-school": {"read": [op("get", "/reasonable-steps")]},
    "reasonable-steps-school-pdf": {"read": [op("get", "/reasonable-steps/pdf")]},
    "reasonable-steps-trust": {"read": [op("get", "/reasonable-steps")]},
    "reasonable-steps-trust-pdf": {"read": [op("get", "/reasonable-steps/pdf")]},
    "awareness-module": {
        "read": [op("get", "/awareness/module"), op("get", "/awareness/status")],
        "write": [op("post", "/awareness/answers")],
    },
    "awareness-rates": {"read": [op("get", "/awareness/rates"), op("get", "/awareness/rates/{school_id}")]},
    "observation-list": {"read": [op("get", "/observations"), op("get", "/observations/filed")]},
    "observation-new": {"read": [op("get", "/observations/choices")], "write": [op("post", "/observations")]},
    "observation-front-desk": {
        "read": [op("get", "/observations/choices")],
        "write": [op("post", "/observations/front-desk")],
    },
    "observation-detail": {"read": [op("get", "/observations/{observation_id}")]},
    "support-observations": {"read": [op("get", "/observations/about-me")]},
    "support-observation": {
        "read": [op("get", "/observations/{observation_id}")],
        "write": [
            op("post", "/observations/{observation_id}/acceptance"),
            op("post", "/observations/{observation_id}/decline"),
        ],
    },
}

# Pages with no API of their own, and why. Kept short: every entry is a page a
# token holder cannot use, or one whose API is owed (said so, with whose).
PAGE_ONLY: dict[str, str] = {
    "login": "signing in with a password starts a browser session; a token is already the sign-in",
    "logout": "ends a browser session; a token is ended by revoking it",
    "oidc-sign-in": "a browser redirect to the school's identity provider",
    "oidc-callback": "the identity provider's redirect back to the browser",
    "two-factor-code": "the browser session's second step; tokens are made by a verified session",
    "two-factor-set-up": "pairing an authenticator app needs the person and their phone",
    "two-factor-recovery-codes": "new recovery codes are shown once, to the person, in the browser",
    "two-factor-turn-off": "turning off a second factor is never done by a token",
    "two-factor-reset": "an administrator resets a second factor in person, never by a token",
    "healthz": "for load balancers; no sign-in, nothing to read",
    "staff-import-template": "a blank CSV to fill in; the API takes typed rows instead",
    "plan-pdf": "the plan as a PDF for printing; GET /cases/{case_id}/plan gives the same content",
}


# Pages whose read has its API but whose form is, by design, for a person in the
# browser only.
WRITE_ONLY_ON_THE_PAGE: dict[str, str] = {
    "api-tokens": "a token never makes a token (POST /account/tokens answers 403): a stolen one must not "
    "mint another that outlives its revocation; tokens come from a session that passed the second factor",
}


def _pages(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue
            yield from _pages(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _source(callback) -> str:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return "POST" if hasattr(view_class, "post") else ""
    return inspect.getsource(callback)


def takes_post(callback) -> bool:
    """Whether the page has a form: it takes a POST."""
    return "POST" in _source(callback)


def only_post(callback) -> bool:
    source = _source(callback)
    return "@require_POST" in source or '@require_http_methods(["POST"])' in source


def _operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}


def _pages_now() -> dict:
    return dict(_pages(get_resolver().url_patterns))


def unmapped(pages: dict) -> set[str]:
    return set(pages) - set(PAGE_OPERATIONS) - set(PAGE_ONLY)


def gaps(pages: dict) -> list[str]:
    """Pages missing a read, and forms missing a write."""
    found = []
    for name, callback in pages.items():
        if name in PAGE_ONLY:
            continue
        kinds = PAGE_OPERATIONS.get(name, {})
        if not only_post(callback) and not kinds.get("read"):
            found.append(f"{name}: no read operation")
        if takes_post(callback) and not kinds.get("write") and name not in WRITE_ONLY_ON_THE_PAGE:
            found.append(f"{name}: a form with no write operation")
    return found


def test_every_page_is_mapped():
    names = set(_pages_now())
    assert unmapped(_pages_now()) == set(), "give these pages their API operations (or a reason in PAGE_ONLY)"
    assert set(PAGE_OPERATIONS) & set(PAGE_ONLY) == set()
    assert (set(PAGE_OPERATIONS) | set(PAGE_ONLY)) - names == set(), "these pages no longer exist"


def test_every_mapped_operation_is_in_the_openapi_document():
    operations = _operations()
    missing = {
        name: sorted(set(ops) - operations)
        for name, kinds in PAGE_OPERATIONS.items()
        for ops in kinds.values()
        if set(ops) - operations
    }
    assert missing == {}, "these pages name API operations that do not exist"


def test_every_page_has_a_read_and_every_form_a_write():
    assert gaps(_pages_now()) == []


def test_reads_are_gets_and_writes_are_not():
    for name, kinds in PAGE_OPERATIONS.items():
        for operation in kinds.get("write", []):
            assert not operation.startswith("GET "), f"{name}: a write must change something"
    # The staff import's preview is a POST with dry_run=true: it reads without saving.
    reads = {o for n, k in PAGE_OPERATIONS.items() if n != "staff-import-preview" for o in k.get("read", [])}
    assert {o for o in reads if not o.startswith("GET ")} == set()


def _new_form(request):  # a page with a form, as a view would be written
    if request.method == "POST":
        return None
    return None


def _new_read(request):
    return None


def test_the_gap_test_sees_a_new_page():
    """A page added without an API is caught: the checks are not vacuous."""
    pages = {**_pages_now(), "brand-new": _new_form, "brand-new-list": _new_read}
    assert unmapped(pages) == {"brand-new", "brand-new-list"}
    assert gaps(pages) == [
        "brand-new: no read operation",
        "brand-new: a form with no write operation",
        "brand-new-list: no read operation",
    ]


def test_a_form_page_mapped_with_only_a_read_is_a_gap(monkeypatch):
    monkeypatch.setitem(PAGE_OPERATIONS, "case-status", {"read": [op("get", f"{CASE}/status-changes")]})
    assert gaps(_pages_now()) == ["case-status: a form with no write operation"]


def _api_names(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.name


def test_no_two_api_operations_share_a_name():
    """The matrix keys API rows by URL name (the function's name): two operations of
    one name would share a row, and one of them would go untested."""
    (api_resolver,) = [p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api"]
    names = list(_api_names(api_resolver.url_patterns))
    assert len(names) > 50
    assert {name for name in names if names.count(name) > 1} == set()


def test_page_only_reasons_are_given():
    for name, reason in {**PAGE_ONLY, **WRITE_ONLY_ON_THE_PAGE}.items():
        assert len(reason) > 20, name
    assert set(WRITE_ONLY_ON_THE_PAGE) <= set(PAGE_OPERATIONS)


def test_a_token_cannot_make_a_token(world):
    client = factories.api_client(world.manager)
    response = client.post("/api/v1/account/tokens", {"name": "another"}, content_type="application/json")
    assert response.status_code == 403
    assert ApiToken.objects.filter(user=world.manager.user).count() == 1
