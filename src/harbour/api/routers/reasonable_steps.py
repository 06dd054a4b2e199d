"""The reasonable-steps report under /api/v1/: the same report as the page, as
JSON, and its PDF (audited like the page's download)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from harbour import access
from harbour.api.routers.common import origin, refuse_unknown_parameters
from harbour.api.routers.statistics import PeriodCode
from harbour.api.types import Id, Input, answers
from harbour.reasonable_steps import selectors, services
from harbour.statistics import choice

router = Router(tags=["reasonable steps"])


class ReportQuery(Input):
    """Which report: `school_id` or `trust_id` (one of them), and the academic year
    `year` (as "2025-26", one the statistics offer; without it the current one).
    Whole years only: there is no range of dates, so no two reports can be set
    against each other to work out a count shown as "fewer than 5". Any other
    parameter (`start`, `end` among them) is refused."""

    school_id: Id | None = None
    trust_id: Id | None = None
    year: PeriodCode | None = Field(None, description='An academic year, as "2025-26".')


class FigureOut(Schema):
    label: str
    shown: str  # a number, "fewer than 5", "withheld", a link or school names
    value: int | None  # the count, only when it may be shown
    kind: str  # count or text
    suppressed: bool


class EvidenceOut(Schema):
    source: str
    title: str
    records: str
    available: bool
    note: str
    held: list[FigureOut]
    missing: list[FigureOut]


class StepOut(Schema):
    number: int
    code: str
    title: str
    asks: str
    elsewhere: str
    evidence: list[EvidenceOut]


class ScopeOut(Schema):
    kind: str
    id: int
    name: str


class PeriodOut(Schema):
    year: str = Field(description='The academic year, as "2025-26".')
    label: str
    start: datetime.date
    end: datetime.date


class ReportOut(Schema):
    scope: ScopeOut
    period: PeriodOut
    prepared_at: datetime.datetime
    prepared_by: str
    prepared_as: str
    steps: list[StepOut]


def _chosen(query: ReportQuery, request):
    refuse_unknown_parameters(request, ReportQuery.model_fields)
    if (query.school_id is None) == (query.trust_id is None):
        raise ValidationError({"school_id": "Give school_id or trust_id, not both and not neither."})
    chosen = choice.default_period()
    if query.year is not None:
        chosen = choice.period_for(query.year)
        if chosen is None:
            raise ValidationError({"year": "Choose an academic year offered, such as 2025-26."})
    user = request.user
    if query.school_id is not None:
        school = access.get_reasonable_steps_school(user, query.school_id)
        scope, subject, capacity = (
            selectors.school_scope(school),
            school,
            access.reasonable_steps_capacity(user, school),
        )
    else:
        trust = access.get_reasonable_steps_trust(user, query.trust_id)
        scope, subject, capacity = selectors.trust_scope(trust), trust, access.reasonable_steps_capacity(user)
    report = selectors.report(
        scope=scope,
        period=chosen,
        prepared_by=user.get_full_name() or user.get_username(),
        prepared_as=capacity,
    )
    return report, subject


def _figure(figure) -> dict:
    return {
        "label": figure.label,
        "shown": figure.shown,
        "value": figure.value,
        "kind": figure.kind,
        "suppressed": figure.suppressed,
    }


def report_out(report) -> dict:
    """The report as the API gives it (and the tests compare with the page)."""
    return {
        "scope": {"kind": report.scope.kind, "id": report.scope.pk, "name": report.scope.name},
        "period": {
            "year": report.period.code,
            "label": report.period.label,
            "start": report.period.start,
            "end": report.period.end,
        },
        "prepared_at": report.prepared_at,
        "prepared_by": report.prepared_by,
        "prepared_as": report.prepared_as,
        "steps": [
            {
                "number": step.step.number,
                "code": step.step.code,
                "title": step.step.title,
                "asks": step.step.asks,
                "elsewhere": step.step.elsewhere,
                "evidence": [
                    {
                        "source": evidence.source.code,
                        "title": evidence.source.title,
                        "records": evidence.source.records,
                        "available": evidence.available,
                        "note": evidence.note,
                        "held": [_figure(f) for f in evidence.held],
                        "missing": [_figure(f) for f in evidence.missing],
                    }
                    for evidence in step.evidence
                ],
            }
            for step in report.steps
        ],
    }


@router.get("", response=answers(ReportOut, 404, 422))
def read_report(request, query: Query[ReportQuery]):
    """A school's report (its headteacher, or the trust lead) or a trust's (the trust lead)."""
    report, _ = _chosen(query, request)
    return report_out(report)


@router.get("/pdf", response=answers({200: None}, 404, 422))
def download_report(request, query: Query[ReportQuery]):
    """The same report as a PDF. Each download is audited."""
    report, subject = _chosen(query, request)
    data = services.download_pdf(origin=origin(request), report=report, subject=subject)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.filename(report)}"'
    response["Cache-Control"] = "no-store"
    return response
