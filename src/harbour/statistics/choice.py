"""Which figures a request is for: one academic year, and the whole trust or one
school. Shared by the page, the CSV and the API, so they answer alike: each reads
one prepared snapshot (selectors.published), never builds one."""

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
    # All from one snapshot; None while the first is being prepared (see `ready`).
    published: selectors.Published | None

    @property
    def ready(self) -> bool:
        return self.published is not None

    @property
    def figures(self) -> selectors.Figures | None:
        return self.published.figures if self.published else None

    @property
    def school_rows(self):
        """Each school of the trust (a queryset of the snapshot's rows, to read a page
        of), for the whole trust only; empty otherwise."""
        if self.school_id is not None or self.published is None:
            return []
        return selectors.school_rows(self.published.snapshot_id, self.published.school_count)


def schools_on_offer(user, limit: int | None = None) -> list[tuple[int, str]]:
    """The schools whose figures the user may see, by name (at most `limit`)."""
    return list(access.statistics_schools(user).order_by("name", "pk").values_list("pk", "name")[:limit])


def offers_school(user, school_id: int) -> bool:
    return access.statistics_schools(user).filter(pk=school_id).exists()


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
        return Choice(
            period=period, school_id=None, published=selectors.published(("trust", trusts[0]), period)
        )
    school = access.get_statistics_school(user, school_id)
    scope = selectors.scope_of(school.pk, school.trust_id)
    return Choice(period=period, school_id=school.pk, published=selectors.published(scope, period, school.pk))
