"""Employee pages: a quick exit to a neutral site and a page title that says
nothing about a case, for someone who may be watched while they use Harbour.

Which pages count: the employee's own (Your support, their timeline, their diary)
always, and the pages of a case when the person reading is its employee (the
record, reporting an incident, the plan and their travel arrangements, their
choices, who opened it, their evidence and referrals). A manager reading the same
case page sees its usual title and no exit button."""

from django.conf import settings

from harbour import access

DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"
PORTAL = "Staff portal"

# url name: the neutral word the browser tab and history show
OWN_PAGES = {
    "your-support": "Home",
    "support-timeline": "Updates",
    "diary": "Notes",
    "diary-new": "New note",
    "diary-share": "Notes",
    "diary-entry": "Note",
    "support-observations": "Notes",
    "support-observation": "Note",
}
OWN_CASE_PAGES = {
    "case-detail": "Record",
    "incident-new": "Add to record",
    "incident-detail": "Record",
    "plan": "Plan",
    "plan-travel": "Plan",
    "case-confidentiality": "Choices",
    "case-access-log": "Access",
    "case-circle": "People",
    "evidence-index": "Files",
    "referrals": "Contacts",
    "sharing-consent": "Choices",
}


def exit_url() -> str:
    return getattr(settings, "HARBOUR_EXIT_URL", DEFAULT_EXIT_URL)


def label_for(request) -> str:
    """The discreet label of this page, or "" if it is not an employee page (no query)."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return ""
    if match.url_name in OWN_PAGES:
        return OWN_PAGES[match.url_name]
    if match.url_name in OWN_CASE_PAGES and access.is_own_case_id(user, match.kwargs.get("case_id")):
        return OWN_CASE_PAGES[match.url_name]
    return ""
