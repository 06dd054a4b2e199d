"""The reasonable-steps report's pages: which reports the user may read, and one
school's or trust's report for a chosen academic year, with its PDF."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from harbour import access
from harbour.audit.services import Origin
from harbour.reasonable_steps import forms, selectors, services
from harbour.schools.models import Trust
from harbour.statistics import choice
from harbour.statistics.periods import AcademicYear
from harbour.web.pagination import paginate


def _period_form(request) -> tuple[forms.YearForm, AcademicYear | None]:
    """The academic year asked for, or the current one when none was (and nothing
    else was sent: a range of dates is answered with an error, not the default)."""
    asked = [name for name in request.GET if name == "year" or name.startswith(forms.DATE_RANGE_FIELDS)]
    if not asked:
        default = choice.default_period()
        return forms.YearForm(initial={"year": default.code}), default
    form = forms.YearForm(request.GET)
    return form, form.chosen() if form.is_valid() else None


def _prepared_by(request) -> str:
    return request.user.get_full_name() or request.user.get_username()


@login_required
def index(request):
    if not access.sees_reasonable_steps(request.user):
        raise Http404("No such page")
    trusts = list(Trust.objects.filter(pk__in=access.trust_lead_trusts(request.user)).order_by("name", "pk"))
    schools = access.reasonable_steps_schools(request.user).order_by("name", "pk")
    page = paginate(request, schools, noun="schools")
    return render(request, "reasonable_steps/index.html", {"trusts": trusts, "page": page})


def _report_page(request, *, scope, subject, capacity, pdf_name):
    form, chosen = _period_form(request)
    report = None
    if chosen is not None:
        report = selectors.report(
            scope=scope, period=chosen, prepared_by=_prepared_by(request), prepared_as=capacity
        )
    return render(
        request,
        "reasonable_steps/report.html",
        {
            "form": form,
            "report": report,
            "scope": scope,
            "subject": subject,
            "pdf_url": f"{pdf_name}?{urlencode({'year': chosen.code})}" if chosen else "",
        },
        status=200 if chosen is not None else 400,
    )


def _pdf(request, *, scope, subject, capacity):
    form, chosen = _period_form(request)
    if chosen is None:
        return render(
            request,
            "reasonable_steps/report.html",
            {"form": form, "report": None, "scope": scope, "subject": subject, "pdf_url": ""},
            status=400,
        )
    report = selectors.report(
        scope=scope, period=chosen, prepared_by=_prepared_by(request), prepared_as=capacity
    )
    data = services.download_pdf(origin=Origin.from_request(request), report=report, subject=subject)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.filename(report)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def school_report(request, school_id):
    school = access.get_reasonable_steps_school(request.user, school_id)
    return _report_page(
        request,
        scope=selectors.school_scope(school),
        subject=school,
        capacity=access.reasonable_steps_capacity(request.user, school),
        pdf_name="report.pdf",
    )


@login_required
def school_pdf(request, school_id):
    school = access.get_reasonable_steps_school(request.user, school_id)
    return _pdf(
        request,
        scope=selectors.school_scope(school),
        subject=school,
        capacity=access.reasonable_steps_capacity(request.user, school),
    )


@login_required
def trust_report(request, trust_id):
    trust = access.get_reasonable_steps_trust(request.user, trust_id)
    return _report_page(
        request,
        scope=selectors.trust_scope(trust),
        subject=trust,
        capacity=access.reasonable_steps_capacity(request.user),
        pdf_name="report.pdf",
    )


@login_required
def trust_pdf(request, trust_id):
    trust = access.get_reasonable_steps_trust(request.user, trust_id)
    return _pdf(
        request,
        scope=selectors.trust_scope(trust),
        subject=trust,
        capacity=access.reasonable_steps_capacity(request.user),
    )
