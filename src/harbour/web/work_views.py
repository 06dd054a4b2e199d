"""The whole of one section of My work, a page at a time. My work shows the first
rows of each section; "there are more" links here."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from harbour import access
from harbour.plans import selectors as plan_selectors
from harbour.risk import selectors as risk_selectors
from harbour.web.pagination import paginate

SECTION_PAGE = 25
TITLES = {
    "signals": "Signs of escalation",
    "reviews": "Reviews due",
    "actions": "Plan actions to look at again",
    "decisions": "Decisions waiting for you",
}


def _rows(user, section: str, today):
    """The section's rows as a queryset, from the same selectors My work uses, and
    how to shape one page of them for the template."""
    answered = access.answered_for_cases(user)
    if section == "signals":
        return risk_selectors.open_signal_cases(answered), risk_selectors.with_open_signals
    if section == "reviews":
        rows = plan_selectors.due_reviews(owned_cases=answered, today=today)
        return rows, lambda page: plan_selectors.review_items(page, today)
    if section == "actions":
        rows = plan_selectors.due_actions(owned_cases=answered, today=today)
        return rows, lambda page: plan_selectors.action_items(page, today)
    return plan_selectors.pending_decisions(access.head_cases(user)), list


@login_required
def my_work_section(request, section):
    if section not in TITLES:
        raise Http404("No such section")
    rows, shape = _rows(request.user, section, timezone.localdate())
    page = paginate(request, rows, per_page=SECTION_PAGE)
    return render(
        request,
        "web/my_work_section.html",
        {"section": section, "title": TITLES[section], "page": page, "rows": shape(page.object_list)},
    )
