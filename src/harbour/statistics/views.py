"""The statistics page and its CSV: thin — parse the filters, choose through the
authorisation module, render what the selectors published (one prepared snapshot,
the per-school table a page at a time)."""

import csv
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from harbour import access
from harbour.audit.services import Origin, record_event
from harbour.statistics import chart, choice, selectors
from harbour.statistics.suppression import FEWER_THAN_5
from harbour.web.pagination import paginate

TOO_FEW = "too few cases to show"
TOO_FEW_REVIEWS = "too few reviews to show"
SCHOOLS_PAGE = 25


# Up to this many schools, the filter offers them in a list; a bigger trust's lead
# picks a school from the per-school table (a page at a time), so the page does not
# grow with the trust.
SCHOOL_LIST_LIMIT = 25
NOT_A_SCHOOL = "Choose one of the trust's schools from the table."


class FilterForm(forms.Form):
    period = forms.ChoiceField(label="Academic year", required=False)
    school = forms.ChoiceField(label="School", required=False)

    def __init__(self, data, *, schools, whole_trust: bool, user=None):
        super().__init__(data)
        self.user = user
        self.fields["period"].choices = [(year.code, year.label) for year in choice.period_choices()]
        if schools is None:
            # Too many to list: a school's id, checked against the user's own.
            self.fields["school"] = forms.CharField(
                required=False, max_length=12, error_messages={"max_length": NOT_A_SCHOOL}
            )
        else:
            options = [("", "All schools of the trust")] if whole_trust else []
            self.fields["school"].choices = options + [(str(pk), name) for pk, name in schools]
            self.fields["school"].error_messages["invalid_choice"] = "Choose a school from the list."
        self.fields["period"].error_messages["invalid_choice"] = "Choose an academic year from the list."

    def clean_school(self):
        value = self.cleaned_data.get("school") or ""
        if isinstance(self.fields["school"], forms.ChoiceField) or not value:
            return value
        if not value.isdigit() or not choice.offers_school(self.user, int(value)):
            raise forms.ValidationError(NOT_A_SCHOOL)
        return value

    def chosen(self):
        code = self.cleaned_data.get("period") or choice.default_period().code
        period = choice.period_for(code)
        school = self.cleaned_data.get("school")
        return period, int(school) if school else None


def _form(request):
    if not access.sees_statistics(request.user):
        raise Http404("No such page")
    schools = choice.schools_on_offer(request.user, limit=SCHOOL_LIST_LIMIT + 1)
    whole_trust = bool(access.statistics_trust_ids(request.user))
    listed = schools if len(schools) <= SCHOOL_LIST_LIMIT else None
    return FilterForm(request.GET, schools=listed, whole_trust=whole_trust, user=request.user)


def _chosen(request):
    form = _form(request)
    if form.is_valid():
        period, school_id = form.chosen()
    else:
        period, school_id = choice.default_period(), None
    return form, choice.choose(request.user, period=period, school_id=school_id)


def _duration(value) -> str:
    return TOO_FEW if value is None else f"{value} days"


def _shown_fields(form) -> set[str]:
    """The filters the page shows: the year always, the school only as a list of
    more than one (a big trust picks its school from the table of schools)."""
    fields = form.fields.items()
    return {name for name, field in fields if name == "period" or len(getattr(field, "choices", ())) > 1}


@login_required
@require_GET
def statistics(request):
    form, chosen = _chosen(request)
    # An error links to its field; one the page doesn't show is text alone.
    shown = _shown_fields(form)
    errors = [
        {"text": error, "href": f"#{name}" if name in shown else ""}
        for name, field_errors in form.errors.items()
        for error in field_errors
    ]
    context = {
        "form": form,
        "errors": errors,
        "shown_fields": shown,
        "chosen": chosen,
        "query": request.GET.urlencode(),
        "selected_period": chosen.period.code,
        "selected_school": str(chosen.school_id) if chosen.school_id else "",
        "fewer_than_5": FEWER_THAN_5,
        "schools_listed": isinstance(form.fields["school"], forms.ChoiceField),
        "whole_trust": bool(access.statistics_trust_ids(request.user)),
    }
    if not chosen.ready:
        # Nothing prepared yet (a refresh has been queued): say so, count nothing here.
        return render(request, "statistics/statistics.html", context)
    figures = chosen.figures
    page = paginate(request, chosen.school_rows, per_page=SCHOOLS_PAGE, noun="schools")
    charts = [
        {
            "breakdown": b,
            "svg": chart.bars(
                f"chart-{b.code}", f"{b.title}, {figures.scope}", [(f.label, f.value) for f in b.figures]
            ),
        }
        for b in figures.breakdowns
    ]
    month_chart = chart.bars(
        "chart-months",
        f"Incidents by month, {figures.scope}",
        [(f"{m.month:%B %Y}", m.incidents) for m in figures.months],
    )
    context.update(
        {
            "figures": figures,
            "charts": charts,
            "month_chart": month_chart,
            "durations": [(d.title, _duration(d.median_days)) for d in figures.durations],
            "reviews": TOO_FEW_REVIEWS
            if figures.reviews_on_time_percent is None
            else f"{figures.reviews_on_time_percent}%",
            "page": page,
            "school_rows": [selectors.school_row(row) for row in page.object_list],
        }
    )
    return render(request, "statistics/statistics.html", context)


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (a school's name is
    typed by people)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(chosen) -> list[list[str]]:
    """The same figures as the page, as rows of (section, figure, value)."""
    figures = chosen.figures
    rows = [
        ["section", "figure", "value"],
        ["scope", "for", figures.scope],
        ["scope", "academic year", figures.period.label],
        ["scope", "prepared at", f"{timezone.localtime(chosen.published.prepared_at):%Y-%m-%d %H:%M}"],
        ["totals", "incidents", figures.incidents],
        ["totals", "cases opened", figures.cases_opened],
        ["totals", "cases closed", figures.cases_closed],
        ["totals", "people of concern named at two or more schools", figures.repeat_people],
    ]
    for breakdown in figures.breakdowns:
        rows += [[breakdown.title.lower(), f.label, f.value] for f in breakdown.figures]
    for month in figures.months:
        label = f"{month.month:%Y-%m}"
        rows += [
            ["incidents by month", label, month.incidents],
            ["cases opened by month", label, month.cases_opened],
            ["cases closed by month", label, month.cases_closed],
        ]
    rows += [["median days", d.title, _duration(d.median_days)] for d in figures.durations]
    rows.append(
        [
            "reviews",
            "reviewed on time (percent)",
            TOO_FEW_REVIEWS if figures.reviews_on_time_percent is None else figures.reviews_on_time_percent,
        ]
    )
    for school in map(selectors.school_row, chosen.school_rows):
        rows += [
            [f"school: {school.name}", "incidents", school.incidents],
            [f"school: {school.name}", "cases opened", school.cases_opened],
            [f"school: {school.name}", "cases closed", school.cases_closed],
            [
                f"school: {school.name}",
                "people of concern named at two or more schools",
                school.repeat_people,
            ],
        ]
    return [[_cell(value) for value in row] for row in rows]


@login_required
@require_GET
def statistics_csv(request):
    _, chosen = _chosen(request)
    if not chosen.ready:
        return statistics(request)  # the page says the figures are being prepared
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(chosen))
    with transaction.atomic():
        school = access.get_statistics_school(request.user, chosen.school_id) if chosen.school_id else None
        record_event(
            origin=Origin.from_request(request),
            action="statistics.exported",
            school=school,
            period=chosen.period.code,
            scope="school" if school else "trust",
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = (
        f"harbour-statistics-{chosen.period.code}{'-school-' + str(chosen.school_id) if school else ''}.csv"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
