"""The reasonable-steps report, read from the records: for a school or a trust
and an academic year (harbour.statistics.periods, the statistics' own: whole
years only, so no two reports can be differenced), each of the eight steps with
the evidence Harbour holds for it and what is missing (mapping.py says which records count for which step).

Counts only, never a name, a case reference or anything typed into a case. Every
count about cases, people or incidents goes through the statistics' own
small-number rule (harbour.statistics.suppression): under 5 is "fewer than 5",
and of a pair that adds up to a known whole (staff with and without a check-in)
neither is shown when one is suppressed. Counts of schools are not about people
and are shown as they are.

The cost is a fixed number of aggregate queries whatever the size of the school
or trust (tests/reasonable_steps/test_report.py counts them)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from harbour.awareness import selectors as awareness
from harbour.cases.models import Case, CaseStatus
from harbour.frontdesk.models import ContactRestriction, RestrictionStep, Stage
from harbour.plans.models import Meeting, PlanAction
from harbour.prevention.models import CheckIn, Concern, OnlineSafetyCheck
from harbour.reasonable_steps import mapping, numbers
from harbour.referrals.models import PolicyReferral
from harbour.risk.models import Level, RiskScreening
from harbour.schools.models import Role, RoleAssignment, School, StaffMember
from harbour.statistics import selectors as statistics
from harbour.statistics.periods import AcademicYear


@dataclass(frozen=True)
class Scope:
    """What a report is about: one school, or every school of a trust. `group` is
    every school whose counts are protected together (numbers.Cut): the trust's
    schools, or the one school when it is in no trust."""

    kind: str  # "school" or "trust"
    pk: int
    name: str
    schools: tuple  # the School rows the report covers, in name order
    group: tuple[int, ...]  # ids of the schools protected together, in id order

    @property
    def school_ids(self) -> list[int]:
        return [school.pk for school in self.schools]

    @property
    def cut(self) -> numbers.Cut:
        row = self.group.index(self.pk) if self.kind == "school" else None
        return numbers.Cut(school_ids=self.group, row=row)


def school_scope(school: School) -> Scope:
    if school.trust_id is None:
        group = (school.pk,)
    else:
        group = tuple(
            School.objects.filter(trust_id=school.trust_id).order_by("pk").values_list("pk", flat=True)
        )
    return Scope(kind="school", pk=school.pk, name=school.name, schools=(school,), group=group)


def trust_scope(trust) -> Scope:
    schools = tuple(trust.schools.order_by("name", "pk"))
    group = tuple(sorted(school.pk for school in schools))
    return Scope(kind="trust", pk=trust.pk, name=trust.name, schools=schools, group=group)


@dataclass(frozen=True)
class Evidence:
    """One source's part in the report: what Harbour holds, and what is missing."""

    source: mapping.Source
    held: tuple[numbers.Figure, ...] = ()
    missing: tuple[numbers.Figure, ...] = ()
    available: bool = True
    note: str = ""  # why it is not available, or what the figures mean


@dataclass(frozen=True)
class StepReport:
    step: mapping.Step
    evidence: tuple[Evidence, ...]

    @property
    def held(self) -> list[numbers.Figure]:
        return [figure for evidence in self.evidence for figure in evidence.held]

    @property
    def missing(self) -> list[numbers.Figure]:
        return [figure for evidence in self.evidence for figure in evidence.missing]


@dataclass(frozen=True)
class Report:
    scope: Scope
    period: AcademicYear
    prepared_at: datetime.datetime
    prepared_by: str
    prepared_as: str
    steps: tuple[StepReport, ...] = field(default_factory=tuple)


def _bounds(period: AcademicYear) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as moments on the school's clock: from its first midnight to
    the midnight after its last day (exclusive)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, after


def _active_in(period: AcademicYear) -> Q:
    """A case open at some time in the period: opened before it ended and not
    closed before it began (a closed case's status last changed when it closed)."""
    start, after = _bounds(period)
    return Q(opened_at__lt=after) & (~Q(status=CaseStatus.CLOSED) | Q(status_changed_at__gte=start))


# --- one function per source: (scope, period, today) -> Evidence --------------------------------


NAMES_SHOWN = 20  # schools named in a "missing" line; beyond that, how many more


def _school_names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    return f"{shown} and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else shown


def _policy_links(scope: Scope, period: AcademicYear, today) -> Evidence:
    source = mapping.SOURCE_BY_CODE["policy_links"]
    links = (
        ("unacceptable_actions_policy_url", "Unacceptable Actions policy"),
        ("cctv_policy_url", "CCTV policy"),
    )
    held, missing = [], []
    for attribute, title in links:
        linked = [school for school in scope.schools if getattr(school, attribute)]
        unlinked = [school.name for school in scope.schools if not getattr(school, attribute)]
        if scope.kind == "school":
            if linked:
                held.append(numbers.text(f"{title} link", getattr(linked[0], attribute)))
            else:
                missing.append(numbers.text(f"{title} link", "Not set in school settings"))
        else:
            held.append(
                numbers.text(f"Schools with the {title} linked", f"{len(linked)} of {len(scope.schools)}")
            )
            if unlinked:
                missing.append(numbers.text(f"Schools with no {title} link", _school_names(unlinked)))
    return Evidence(
        source, tuple(held), tuple(missing), note="As set in school settings on the day prepared."
    )


def _champion(scope: Scope, period: AcademicYear, today) -> Evidence:
    source = mapping.SOURCE_BY_CODE["champion"]
    by_role = set(
        RoleAssignment.objects.filter(
            role=Role.WORKPLACE_CHAMPION, staff__school_id__in=scope.school_ids, staff__is_active=True
        ).values_list("staff__school_id", flat=True)
    )
    # A champion named in school settings counts while their staff record is active.
    chosen = {
        school.pk: school.workplace_champion_id for school in scope.schools if school.workplace_champion_id
    }
    active = set(
        StaffMember.objects.filter(pk__in=set(chosen.values()), is_active=True).values_list("pk", flat=True)
    )
    named = {school_id for school_id, staff_id in chosen.items() if staff_id in active}
    with_one = by_role | named
    without = [school.name for school in scope.schools if school.pk not in with_one]
    if scope.kind == "school":
        held = (numbers.text("Workplace Champion", "Named"),) if with_one else ()
        missing = () if with_one else (numbers.text("Workplace Champion", "None named for the school"),)
    else:
        held = (
            numbers.text("Schools with a Workplace Champion", f"{len(with_one)} of {len(scope.schools)}"),
        )
        missing = (
            (numbers.text("Schools with no Workplace Champion", _school_names(without)),) if without else ()
        )
    return Evidence(source, held, missing, note="As set on the day prepared; no one is named here.")


def _by_school(rows, school="school_id", **counts) -> dict[str, dict[int, int]]:
    """{count name: {school id: n}} from one grouped query: `rows` is a queryset
    whose `school` column is each row's school."""
    found = {name: {} for name in counts}
    for row in rows.values(school).annotate(**counts).order_by():
        for name in counts:
            found[name][row[school]] = row[name]
    return found


def _cases(scope: Scope) -> dict:
    """Cases of the group's schools that are not erased (of those only a bare row stays)."""
    return {"school_id__in": scope.group, "erasure__isnull": True}


def _of_cases(scope: Scope, via: str = "case") -> dict:
    return {f"{via}__school_id__in": scope.group, f"{via}__erasure__isnull": True}


def counts(scope: Scope, period: AcademicYear, today: datetime.date) -> dict[str, dict[int, int]]:
    """Every count of the report as it is in the records, before any suppression:
    {measure: {school id: n}} for each school of the scope's group (a school with
    none is left out). A fixed number of grouped queries, whatever the data."""
    start, after = _bounds(period)
    days = (period.start, period.end)
    found: dict[str, dict[int, int]] = {}
    # Staff: active now; who had a check-in, and completed a checklist, in the period.
    check_in = CheckIn.objects.filter(employee=OuterRef("pk"), held_on__range=days)
    checklist = OnlineSafetyCheck.objects.filter(employee=OuterRef("pk"), completed_on__range=days)
    found |= _by_school(
        StaffMember.objects.filter(school_id__in=scope.group, is_active=True),
        staff=Count("pk"),
        staff_checked_in=Count("pk", filter=Q(Exists(check_in))),
        staff_checklist=Count("pk", filter=Q(Exists(checklist))),
    )
    found |= _by_school(
        CheckIn.objects.filter(school_id__in=scope.group, held_on__range=days),
        check_ins=Count("pk"),
        check_in_concerns=Count("pk", filter=Q(concern__in=[Concern.YES, Concern.NOT_SURE])),
    )
    # Awareness: current on the period's last day, or today if that is still to come.
    summary = awareness.completion_summary(list(scope.group), min(period.end, today))
    found["awareness_staff"] = {row.school_id: row.active_staff for row in summary}
    found["awareness_current"] = {row.school_id: row.completed_current for row in summary}
    found |= _by_school(
        RiskScreening.objects.filter(**_of_cases(scope), recorded_at__gte=start, recorded_at__lt=after),
        school="case__school_id",
        screenings=Count("pk"),
        cases_screened=Count("case", distinct=True),
    )
    active = Case.objects.filter(_active_in(period), **_cases(scope))
    screened = RiskScreening.objects.filter(case=OuterRef("pk"), recorded_at__lt=after)
    planned = PlanAction.objects.filter(case=OuterRef("pk"), created_at__lt=after)
    found |= _by_school(
        active,
        cases_unscreened=Count(
            "pk", filter=Q(risk_level__in=[Level.MEDIUM, Level.HIGH]) & ~Q(Exists(screened))
        ),
        cases_unplanned=Count("pk", filter=~Q(Exists(planned))),
    )
    found |= _by_school(
        Meeting.objects.filter(**_of_cases(scope), held_on__range=days),
        school="case__school_id",
        meetings=Count("pk"),
        cases_met=Count("case", distinct=True),
    )
    met = Meeting.objects.filter(case=OuterRef("pk"), held_on__lte=period.end)
    found |= _by_school(
        Case.objects.filter(**_cases(scope), opened_at__gte=start, opened_at__lt=after).exclude(Exists(met)),
        cases_opened_unmet=Count("pk"),
    )
    found |= _by_school(
        PlanAction.objects.filter(**_of_cases(scope), in_place_on__range=days),
        school="case__school_id",
        actions_in_place=Count("pk"),
        cases_in_place=Count("case", distinct=True),
    )
    found |= _by_school(
        ContactRestriction.objects.filter(**_of_cases(scope)),
        school="case__school_id",
        warnings=Count("pk", filter=Q(warned_on__range=days)),
        # Still waiting for the headteacher's decision after the date given for
        # representations, as they stand now (for a past period: warned in or
        # before it, and still waiting).
        warnings_waiting=Count(
            "pk",
            filter=Q(
                stage=Stage.WARNING,
                representations_by__lt=min(period.end, today),
                warned_on__lte=period.end,
            ),
        ),
    )
    found |= _by_school(
        RestrictionStep.objects.filter(
            **_of_cases(scope, "restriction__case"), step="confirmed", at__gte=start, at__lt=after
        ),
        school="restriction__case__school_id",
        restrictions_confirmed=Count("pk"),
    )
    found |= _by_school(
        PolicyReferral.objects.filter(**_of_cases(scope), referred_on__range=days),
        school="case__school_id",
        cases_referred=Count("case", distinct=True),
    )
    return found


def _missing(*figures: numbers.Figure) -> tuple[numbers.Figure, ...]:
    """What is missing, as counts shown whatever they are: leaving out a line when
    its count is nought would tell the reader that a "fewer than 5" elsewhere is
    not nought."""
    return figures


def _parts(found: dict, whole: str, part: str) -> dict[int, tuple[int, int]]:
    """{school: (part, whole - part)}: staff with and without something."""
    return {pk: (found[part].get(pk, 0), n - found[part].get(pk, 0)) for pk, n in found[whole].items()}


def _from_counts(scope: Scope, period: AcademicYear, today, found: dict) -> dict[str, Evidence]:
    cut = scope.cut

    def one(label, measure):
        return numbers.count(cut, label, found.get(measure, {}))

    source = mapping.SOURCE_BY_CODE
    checked_in, not_checked_in = numbers.split(
        cut,
        ("Active staff with a check-in in the period", "Active staff with no check-in in the period"),
        _parts(found, "staff", "staff_checked_in"),
    )
    checklist, no_checklist = numbers.split(
        cut,
        (
            "Active staff who completed the checklist in the period",
            "Active staff who did not complete it in the period",
        ),
        _parts(found, "staff", "staff_checklist"),
    )
    current, not_current = numbers.split(
        cut,
        ("Active staff whose completion is current", "Active staff not completed, or due again"),
        _parts(found, "awareness_staff", "awareness_current"),
    )
    on = min(period.end, today)
    return {
        "check_ins": Evidence(
            source["check_ins"],
            (
                one("Check-ins held", "check_ins"),
                checked_in,
                one("Check-ins at which a concern was raised", "check_in_concerns"),
            ),
            _missing(not_checked_in),
        ),
        "online_safety": Evidence(source["online_safety"], (checklist,), _missing(no_checklist)),
        "awareness": Evidence(
            source["awareness"],
            (current,),
            _missing(not_current),
            note=f"As on {on:%-d %B %Y}, under each school's own renewal period.",
        ),
        "risk_screenings": Evidence(
            source["risk_screenings"],
            (one("Risk screenings recorded", "screenings"), one("Cases screened", "cases_screened")),
            _missing(
                one(
                    "Cases at medium or high risk with no screening by the end of the period",
                    "cases_unscreened",
                )
            ),
        ),
        # Only the cases still without a meeting, not those with one: the two would
        # add up to the cases opened, which the statistics publish under their own
        # protection.
        "meetings": Evidence(
            source["meetings"],
            (one("Meetings held with employees", "meetings"), one("Cases with a meeting held", "cases_met")),
            _missing(one("Cases opened in the period with no meeting by its end", "cases_opened_unmet")),
        ),
        "plans": Evidence(
            source["plans"],
            (
                one("Actions put in place", "actions_in_place"),
                one("Cases with an action put in place", "cases_in_place"),
            ),
            _missing(one("Cases open in the period with no action plan", "cases_unplanned")),
        ),
        "restrictions": Evidence(
            source["restrictions"],
            (
                one("Warnings given under the Unacceptable Actions policy", "warnings"),
                one("Restrictions confirmed after the chance to respond", "restrictions_confirmed"),
            ),
            _missing(
                one("Warnings waiting for a decision after the date for representations", "warnings_waiting")
            ),
        ),
        "policy_referrals": Evidence(
            source["policy_referrals"],
            (one("Cases referred under the Unacceptable Actions policy", "cases_referred"),),
        ),
    }


def _not_available(code: str, why: str) -> Evidence:
    return Evidence(mapping.SOURCE_BY_CODE[code], available=False, note=why)


def _share(label: str, percent: int | None) -> numbers.Figure:
    if percent is None:
        return numbers.Figure(label=label, shown="too few to show", kind="share", suppressed=True)
    return numbers.Figure(label=label, shown=f"{percent}%", value=percent, kind="share")


def _days(label: str, median: int | None) -> numbers.Figure:
    if median is None:
        return numbers.Figure(label=label, shown="too few cases to show", kind="days", suppressed=True)
    return numbers.Figure(label=label, shown=f"{median} days", value=median, kind="days")


def _statistics(scope: Scope, period: AcademicYear, today) -> dict[str, Evidence]:
    """Reviews on time, time to act and the headline figures, from the anonymised
    statistics as they publish them (harbour.statistics.selectors.summary), already
    protected. The report's period is one of the statistics' own academic years, so
    they are always in it."""
    year = period
    if not scope.school_ids:
        why = "Not available: the trust has no schools yet."
        return {"reviews": _not_available("reviews", why), "statistics": _not_available("statistics", why)}
    figures = statistics.summary(school_ids=scope.school_ids, period=year)
    if figures is None:
        why = "Not available yet: the anonymised statistics are being prepared. Try again in a few minutes."
        return {"reviews": _not_available("reviews", why), "statistics": _not_available("statistics", why)}
    durations = {duration.code: duration.median_days for duration in figures.durations}
    note = f"From the anonymised statistics for {year.label}."
    return {
        "reviews": Evidence(
            mapping.SOURCE_BY_CODE["reviews"],
            (
                _share("Reviews due in the period that were held on time", figures.reviews_on_time_percent),
                _days("Median time from the first incident to the first meeting", durations.get("meeting")),
                _days(
                    "Median time from the first incident to the first action in place", durations.get("plan")
                ),
            ),
            note=note,
        ),
        "statistics": Evidence(
            mapping.SOURCE_BY_CODE["statistics"],
            (
                numbers.shown("Incidents recorded", figures.incidents),
                numbers.shown("Cases opened", figures.cases_opened),
                numbers.shown("Cases closed", figures.cases_closed),
                numbers.shown(
                    "People of concern named at two or more of the trust's schools", figures.repeat_people
                ),
            ),
            note=note,
        ),
    }


def evidence_of(scope: Scope, period: AcademicYear, today: datetime.date) -> dict[str, Evidence]:
    """Every source's evidence for the scope and period, by source code."""
    found = {
        "policy_links": _policy_links(scope, period, today),
        "champion": _champion(scope, period, today),
        **_from_counts(scope, period, today, counts(scope, period, today)),
        **_statistics(scope, period, today),
    }
    assert set(found) == set(mapping.SOURCE_BY_CODE), "every source of the mapping is read"
    return found


def report(*, scope: Scope, period: AcademicYear, prepared_by: str, prepared_as: str) -> Report:
    now = timezone.now()
    found = evidence_of(scope, period, timezone.localdate(now))
    steps = tuple(
        StepReport(step=step, evidence=tuple(found[source.code] for source in mapping.sources_for(step)))
        for step in mapping.STEPS
    )
    return Report(
        scope=scope,
        period=period,
        prepared_at=now,
        prepared_by=prepared_by,
        prepared_as=prepared_as,
        steps=steps,
    )
