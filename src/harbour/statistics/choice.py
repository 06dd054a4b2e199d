"""Which figures a request is for: one academic year, and the whole trust or one
school. Shared by the page, the CSV and the API, so they answer alike."""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from harbour import access
from harbour.statistics import periods, selectors
from harbour.statistics.periods import AcademicYear


@dataclass(frozen=True)
class Choice:
    period: AcademicYear
    school_id: int | None  # None: the whole trust
    figures: selectors.Figures
    school_rows: list[selectors.SchoolRow]  # each school of the trust, for the whole trust only


def schools_on_offer(user) -> list[tuple[int, str]]:
    return list(access.statistics_schools(user).order_by("name", "pk").values_list("pk", "name"))


def default_period() -> AcademicYear:
    return AcademicYear.containing(timezone.localdate())


def period_choices() -> list[AcademicYear]:
    return periods.choices(timezone.localdate())


def period_for(code: str) -> AcademicYear | None:
    """The academic year a code such as "2025-26" names, if it is on offer."""
    return periods.parse(code, timezone.localdate())


def choose(user, *, period: AcademicYear, school_id: int | None) -> Choice:
    """The figures the user asked for, or 404 when they are not theirs to see. With
    no school: the trust as a whole for a trust lead, else their own school."""
    if not access.sees_statistics(user):
        raise Http404("No such page")
    trusts = access.statistics_trust_ids(user)
    if school_id is None and not trusts:
        mine = schools_on_offer(user)
        if not mine:
            raise Http404("No such page")
        school_id = mine[0][0]
    if school_id is None:
        protected = selectors.protected_for(("trust", trusts[0]), period)
        return Choice(
            period=period, school_id=None, figures=protected.figures(), school_rows=protected.school_rows()
        )
    school = access.get_statistics_school(user, school_id)
    protected = selectors.protected_for(selectors.scope_of(school.pk, school.trust_id), period)
    return Choice(period=period, school_id=school.pk, figures=protected.figures(school.pk), school_rows=[])
