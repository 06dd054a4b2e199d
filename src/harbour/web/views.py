"""Signing in, "My work" and the user's own API tokens."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from harbour import access
from harbour.audit.services import Origin
from harbour.awareness import rules as awareness_rules
from harbour.awareness import selectors as awareness_selectors
from harbour.cases import selectors, services
from harbour.cases.models import CaseStatus
from harbour.oidc import page as oidc_page
from harbour.plans import selectors as plan_selectors
from harbour.risk import selectors as risk_selectors
from harbour.schools.models import Role


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your school's Harbour administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # The school's providers' buttons beside the password form (harbour/oidc/).
        return {**super().get_context_data(**kwargs), **oidc_page.sign_in_context(self.request)}


# Each section of My work shows this many rows and links to the whole list when
# there are more, so the page costs the same for a head of a 300-case school as
# for a new teacher. Ten is what a first look at the day needs; the section pages
# (/work/<section>/) and the case list page through the rest.
SECTION_LIMIT = 10


def _first(rows, limit: int = SECTION_LIMIT) -> tuple[list, bool]:
    """The first `limit` rows of a queryset or list, and whether there were more."""
    rows = list(rows[: limit + 1])
    return rows[:limit], len(rows) > limit


@login_required
def my_work(request):
    user = request.user
    mine = access.my_cases(user)
    counts = mine.aggregate(
        open=Count("pk", filter=Q(status=CaseStatus.OPEN)),
        monitoring=Count("pk", filter=Q(status=CaseStatus.MONITORING)),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
    )
    page, more_cases = _first(mine.exclude(status=CaseStatus.CLOSED).order_by("-opened_at", "-id"))
    cases = selectors.case_rows(page)
    services.record_list_view(origin=Origin.from_request(request), cases=cases)
    school_cases = None
    if access.schools_with_role(user, {Role.HEADTEACHER}):
        others = access.head_cases(user).exclude(pk__in=mine.values("pk"))
        school_cases = others.exclude(status=CaseStatus.CLOSED).count()
    today = timezone.localdate()
    # Reviews, actions and signals of the cases this user answers for; decisions
    # waiting for a headteacher. Signals come from each case's kept risk state.
    runs = access.answered_for_cases(user)
    due = plan_selectors.work_due(owned_cases=runs, today=today, limit=SECTION_LIMIT)
    signal_cases, more_signals = risk_selectors.cases_with_open_signals(runs, limit=SECTION_LIMIT)
    decisions, more_decisions = _first(plan_selectors.pending_decisions(access.head_cases(user)))
    own = access.own_staff(user).first()
    latest_check = own.online_checks.first() if own else None
    online_check_due = own is not None and (
        latest_check is None or latest_check.revisit_on <= timezone.localdate()
    )
    # The awareness module: one indexed query (the newest pass, with its school's period).
    awareness = None
    if own is not None:
        latest_pass = awareness_selectors.latest_completion(access.awareness_staff_ids(user))
        awareness = _awareness_prompt(latest_pass, today)
    return render(
        request,
        "web/my_work.html",
        {
            "due": due,
            "signals": [(case, case.open_signal_list) for case in signal_cases],
            "more_signals": more_signals,
            "decisions": decisions,
            "more_decisions": more_decisions,
            "online_check_due": online_check_due,
            "latest_check": latest_check,
            "awareness": awareness,
            "cases": cases,
            "more_cases": more_cases,
            "counts": counts,
            "school_cases": school_cases,
            "can_open": access.can_open_case(user),
            "has_staff_record": bool(access.roles_by_school(user)),
            "limit": SECTION_LIMIT,
        },
    )


def _awareness_prompt(latest, today) -> dict:
    if latest is None:
        return {"status": "missing"}
    months = latest.school.awareness_renewal_months
    return {
        "status": awareness_rules.status(latest.completed_on, months, today),
        "completed_on": latest.completed_on,
        "due_on": awareness_rules.due_on(latest.completed_on, months),
    }
