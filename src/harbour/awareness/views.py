"""The awareness module (for every member of staff, their own record only) and
its completion rates (headteachers and trust leads)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.awareness import content, rules, selectors, services
from harbour.awareness.forms import AnswersForm
from harbour.cases.forms import apply_service_errors
from harbour.web.pagination import paginate

RATES_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def module(request):
    staff = access.awareness_staff(request.user)
    form = AnswersForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                marked, _ = services.submit_answers(
                    origin=Origin.from_request(request), staff=staff, answers=form.answers()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if marked.passed:
                    messages.success(request, "All your answers are right. Your completion is recorded.")
                    return redirect("awareness-module")
                form.show_marking(marked)
        else:
            # Some left out: still say which of the answers given are wrong, and why.
            form.show_marking(rules.mark(form.answers(), content.CORRECT))
    return render(
        request,
        "awareness/module.html",
        {
            "form": form,
            "sections": content.SECTIONS,
            "myths_heading": content.MYTHS_HEADING,
            "myths_intro": content.MYTHS_INTRO,
            "myths": content.MYTHS,
            **selectors.own_status([s.pk for s in staff], timezone.localdate()),
        },
    )


@login_required
def rates(request):
    if not access.sees_awareness_rates(request.user):
        raise Http404("No such page")
    schools = selectors.rate_schools(access.awareness_rate_schools(request.user))
    page = paginate(request, schools, per_page=RATES_PAGE, noun="schools")
    today = timezone.localdate()
    rows = selectors.rate_rows(page.object_list, today)
    return render(request, "awareness/rates.html", {"rows": rows, "page": page, "today": today})
