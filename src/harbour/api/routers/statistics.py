"""Anonymised statistics: the same suppressed figures as the page and its CSV."""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from harbour.api.pagination import PageIn
from harbour.api.routers.common import refuse_unknown_parameters
from harbour.api.types import Id, answers
from harbour.statistics import choice, selectors
from harbour.statistics.suppression import MARKERS

router = Router(tags=["statistics"])

# A count as published: a number (5 or more), or the words that stand for one.
Count = Annotated[
    int | Literal[MARKERS],
    Field(
        description='A count of 5 or more, or "fewer than 5" (a count from 0 to 4), "withheld" (5 or more, '
        'held back so that no small count can be worked out) or "not published" (nothing could be shown).'
    ),
]
# An academic year as "2026-27" (September 2026 to August 2027).
PeriodCode = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", max_length=7)]
ALLOWED = {"period", "school_id", "page", "page_size"}
PREPARING = "The figures are being prepared. Try again in a few minutes."


class FigureOut(Schema):
    code: str
    label: str
    value: Count


class BreakdownOut(Schema):
    code: str
    title: str
    figures: list[FigureOut]
    total: Count


class MonthOut(Schema):
    month: datetime.date
    incidents: Count
    cases_opened: Count
    cases_closed: Count


class DurationOut(Schema):
    code: str
    title: str
    median_days: int | None = Field(description="Median days, or null when there are fewer than 5 cases.")


class SchoolOut(Schema):
    school_id: int
    name: str
    incidents: Count
    cases_opened: Count
    cases_closed: Count
    repeat_people: Count


class StatisticsOut(Schema):
    period: str = Field(description='The academic year, as "2026-27".')
    period_label: str
    school_id: int | None = Field(description="The school the figures are for; null for the whole trust.")
    scope: str = Field(description="The school's or the trust's name.")
    incidents: Count
    cases_opened: Count
    cases_closed: Count
    repeat_people: Count
    breakdowns: list[BreakdownOut]
    months: list[MonthOut]
    durations: list[DurationOut]
    reviews_on_time_percent: int | None = Field(
        description="Share of reviews held on time, or null unless 5 or more were on time and 5 or more not."
    )
    prepared_at: datetime.datetime = Field(description="When these figures were prepared.")
    stale: bool = Field(description="Records have changed since: newer figures are being prepared.")
    schools: list[SchoolOut] = Field(
        description="One page (`page`, `page_size`) of the trust's schools; empty for one school's figures."
    )
    schools_count: int = Field(description="How many schools the per-school figures have in all.")


@router.get("/", response=answers(StatisticsOut, 404, 422, 503))
def read_statistics(
    request, pages: Query[PageIn], period: PeriodCode | None = None, school_id: Id | None = None
):
    """The figures of one academic year for the caller's trust as a whole (a trust
    lead), or one school (`school_id`: a school of their trust, or the headteacher's
    own), as last prepared (`prepared_at`), with one page of the per-school figures.
    Counts under 5 and any that would let one be worked out are words, not numbers.
    Unknown query parameters are refused. 503 while the figures are first being
    prepared."""
    refuse_unknown_parameters(request, ALLOWED)
    chosen_period = choice.default_period()
    if period is not None:
        chosen_period = choice.period_for(period)
        if chosen_period is None:
            raise ValidationError({"period": "Choose an academic year offered, such as 2026-27."})
    chosen = choice.choose(request.user, period=chosen_period, school_id=school_id)
    if not chosen.ready:
        raise HttpError(503, PREPARING)
    figures = chosen.figures
    start = (pages.page - 1) * pages.page_size
    rows = chosen.school_rows[start : start + pages.page_size]
    count = chosen.published.school_count if chosen.school_id is None else 0
    return {
        "period": figures.period.code,
        "period_label": figures.period.label,
        "school_id": chosen.school_id,
        "scope": figures.scope,
        "incidents": figures.incidents,
        "cases_opened": figures.cases_opened,
        "cases_closed": figures.cases_closed,
        "repeat_people": figures.repeat_people,
        "breakdowns": figures.breakdowns,
        "months": figures.months,
        "durations": figures.durations,
        "reviews_on_time_percent": figures.reviews_on_time_percent,
        "prepared_at": chosen.published.prepared_at,
        "stale": chosen.published.stale,
        "schools": [selectors.school_row(row) for row in rows],
        "schools_count": count,
    }
