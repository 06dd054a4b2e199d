"""Anonymised statistics: counts, durations and shares, suppressed (suppression.py)
before anything leaves this module. No names, no case references, no free text.

For the reasonable-steps report and anything else that needs the figures:

    summary(*, school_ids: Sequence[int], period: AcademicYear) -> Figures

`school_ids` is one school (its own figures) or every school of one trust (the
trust's figures); anything else is a ValueError, because a sum over some other
set of schools would be a new total that could be set against the published
ones. `period` is a periods.AcademicYear (the period rule). Figures holds counts
as `Shown` values (an int, or suppression.FEWER_THAN_5 / WITHHELD /
NOT_PUBLISHED), medians in days or None ("too few cases") and percentages or
None ("too few").

Every view of a trust's figures — the whole trust, one school picked by the trust
lead, a headteacher's own school, the page, the CSV, the API and `summary` — is
read from the one protected set of tables for (trust, academic year), built by
`build` in a fixed number of queries.

No request builds them. services.prepare stores them as a StatisticsSnapshot
(published values only) off the request path, on the task queue or from
`harbour refresh-statistics`; `published` reads the newest snapshot, says when it
was prepared and whether the data has moved since, and when it has (or there is
none yet) queues a refresh (tasks.request_refresh, once per data version).
`summary` returns None while a scope's first snapshot is being prepared.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from harbour.cases import taxonomy
from harbour.cases.models import (
    Case,
    CasePerson,
    CaseStatus,
    CaseStatusChange,
    Channel,
    Incident,
    Location,
    PersonOfConcern,
)
from harbour.frontdesk.models import ContactRestriction, RestrictionStep
from harbour.plans.models import Meeting, PlanAction, PlanActionChange
from harbour.retention.models import CaseErasure
from harbour.schools.models import School
from harbour.statistics import suppression
from harbour.statistics.models import SnapshotSchool, StatisticsSnapshot
from harbour.statistics.periods import AcademicYear
from harbour.statistics.suppression import Shown

NO_GROUP = "not_recorded"
GROUPS = [(g.code, g.name) for g in taxonomy.GROUPS] + [(NO_GROUP, "No behaviour recorded")]
PLACES = list(Location.choices)
CHANNELS = list(Channel.choices)
SEVERITY = {b.code: b.severity for b in taxonomy.BEHAVIOURS}
GROUP_OF = {b.code: b.group for b in taxonomy.BEHAVIOURS}
GROUP_ORDER = {code: i for i, (code, _) in enumerate(GROUPS)}

DURATIONS = (
    ("meeting", "First incident to the first meeting"),
    ("plan", "First incident to the first action in place"),
    ("restriction", "First incident to the first contact restriction"),
)
# A protected table set stays cached this long even if nothing is written (a person's
# name can change without adding a row the data version sees).
CACHE_SECONDS = 600


def main_group(behaviours) -> str:
    """Each incident is counted once, under the group of its most serious behaviour
    (the taxonomy's order breaks ties), so the groups add up to the incidents."""
    known = [code for code in behaviours or [] if code in GROUP_OF]
    if not known:
        return NO_GROUP
    top = max(known, key=lambda code: (SEVERITY[code], -GROUP_ORDER[GROUP_OF[code]]))
    return GROUP_OF[top]


# --- what is published ----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    value: Shown


@dataclass(frozen=True)
class Breakdown:
    code: str
    title: str
    figures: list[Figure]
    total: Shown


@dataclass(frozen=True)
class Month:
    month: datetime.date
    incidents: Shown
    cases_opened: Shown
    cases_closed: Shown


@dataclass(frozen=True)
class Duration:
    code: str
    title: str
    median_days: int | None  # None: fewer than 5 cases


@dataclass(frozen=True)
class Figures:
    """One scope's figures: a school, or a whole trust."""

    period: AcademicYear
    scope: str  # the school's or the trust's name
    incidents: Shown
    cases_opened: Shown
    cases_closed: Shown
    breakdowns: list[Breakdown]  # by behaviour group, place, channel
    months: list[Month]
    durations: list[Duration]
    reviews_on_time_percent: int | None  # None: too few reviews either way
    repeat_people: Shown  # people of concern named at two or more schools of the trust


@dataclass(frozen=True)
class SchoolRow:
    school_id: int
    name: str
    incidents: Shown
    cases_opened: Shown
    cases_closed: Shown
    repeat_people: Shown


@dataclass(frozen=True)
class Protected:
    """Everything publishable for one trust (or one school outside any trust) and
    one academic year, already suppressed."""

    period: AcademicYear
    name: str
    school_ids: list[int]
    school_names: list[str]
    incidents: suppression.Group
    opened: suppression.Group
    closed: suppression.Group
    repeat_people: list[Shown]
    repeat_people_total: Shown
    durations: dict  # {code: (medians per school, median for all)}
    reviews: tuple  # (percent per school, percent for all)

    def figures(self, school_id: int | None = None) -> Figures:
        """The whole trust's figures, or one of its schools'."""
        if school_id is None:
            return self._figures(self.name, None)
        row = self.school_ids.index(school_id)
        return self._figures(self.school_names[row], row)

    def _figures(self, scope: str, row: int | None) -> Figures:
        def pick(group: suppression.Group) -> Shown:
            return group.total if row is None else group.row_totals[row]

        def line(table: suppression.Table) -> list[Shown]:
            return table.column_totals if row is None else table.cells[row]

        by_group, by_place, by_channel, by_month = self.incidents.tables
        breakdowns = []
        for code, title, table, labels in (
            ("behaviour_group", "Incidents by behaviour group", by_group, GROUPS),
            ("place", "Incidents by place", by_place, PLACES),
            ("channel", "Incidents by channel", by_channel, CHANNELS),
        ):
            values = line(table)
            breakdowns.append(
                Breakdown(
                    code=code,
                    title=title,
                    figures=[Figure(c, label, v) for (c, label), v in zip(labels, values, strict=True)],
                    total=pick(self.incidents),
                )
            )
        months = [
            Month(month=month, incidents=i, cases_opened=o, cases_closed=c)
            for month, i, o, c in zip(
                self.period.months,
                line(by_month),
                line(self.opened.tables[0]),
                line(self.closed.tables[0]),
                strict=True,
            )
        ]
        durations = [
            Duration(code, title, self.durations[code][1] if row is None else self.durations[code][0][row])
            for code, title in DURATIONS
        ]
        return Figures(
            period=self.period,
            scope=scope,
            incidents=pick(self.incidents),
            cases_opened=pick(self.opened),
            cases_closed=pick(self.closed),
            breakdowns=breakdowns,
            months=months,
            durations=durations,
            reviews_on_time_percent=self.reviews[1] if row is None else self.reviews[0][row],
            repeat_people=self.repeat_people_total if row is None else self.repeat_people[row],
        )

    def school_rows(self) -> list[SchoolRow]:
        return [
            SchoolRow(
                school_id=school_id,
                name=name,
                incidents=self.incidents.row_totals[row],
                cases_opened=self.opened.row_totals[row],
                cases_closed=self.closed.row_totals[row],
                repeat_people=self.repeat_people[row],
            )
            for row, (school_id, name) in enumerate(zip(self.school_ids, self.school_names, strict=True))
        ]


# --- the selector for other apps --------------------------------------------------------


def summary(*, school_ids: Sequence[int], period: AcademicYear) -> Figures | None:
    """One school's figures, or a whole trust's (see the module docstring), from the
    newest snapshot; None while the first one is being prepared."""
    ids = sorted(set(school_ids))
    if not ids:
        raise ValueError("Give one school, or every school of one trust.")
    schools = dict(School.objects.filter(pk__in=ids).values_list("pk", "trust_id"))
    if len(schools) != len(ids):
        raise ValueError("No such school.")
    if len(ids) == 1:
        school_id = ids[0]
        found = published(scope_of(school_id, schools[school_id]), period, school_id)
        return found.figures if found else None
    trusts = set(schools.values())
    if len(trusts) != 1 or None in trusts:
        raise ValueError("Give one school, or every school of one trust.")
    trust_id = trusts.pop()
    if School.objects.filter(trust_id=trust_id).count() != len(ids):
        raise ValueError("Give one school, or every school of one trust.")
    found = published(("trust", trust_id), period)
    return found.figures if found else None


def scope_of(school_id: int, trust_id: int | None) -> tuple[str, int]:
    """Whose table a school's figures come from: its trust's, or its own outside any trust."""
    return ("trust", trust_id) if trust_id else ("school", school_id)


# --- building and caching the protected tables ----------------------------------------

VERSION_MODELS = (
    Incident,
    Case,
    CaseStatusChange,
    Meeting,
    PlanActionChange,
    ContactRestriction,
    RestrictionStep,
    PersonOfConcern,
    CasePerson,
    School,
    # An erasure under the retention schedule deletes rows (lowering counts) but
    # adds its CaseErasure record, so it moves the version too.
    CaseErasure,
)


def data_version() -> str:
    """The newest row of every table the figures are made from, in one query of
    index lookups (a primary key's maximum): any record added moves it."""
    # Table names from the models, no input.
    parts = ", ".join(f"(SELECT MAX(id) FROM {model._meta.db_table})" for model in VERSION_MODELS)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return "-".join(str(value or 0) for value in cursor.fetchone())


def protected_for(scope: tuple[str, int], period: AcademicYear) -> Protected:
    """The protected tables, built here if not cached: for tests and scripts only.
    No request calls it (pages read prepared snapshots through `published`)."""
    key = f"harbour:statistics:{scope[0]}:{scope[1]}:{period.code}:{data_version()}"
    found = cache.get(key)
    if found is None:
        found = build(scope, period)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _bounds(period: AcademicYear) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


def _month_index(period: AcademicYear):
    index = {month: i for i, month in enumerate(period.months)}

    def of(value) -> int:
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return index[value.replace(day=1)]

    return of


@dataclass(frozen=True)
class Counts:
    """The true counts, before suppression: never shown, only protected."""

    period: AcademicYear
    name: str
    school_ids: list[int]
    school_names: list[str]
    incident_totals: list[int]
    incident_tables: list[list[list[int]]]  # by group, place, channel, month
    opened: list[list[int]]  # school × month
    closed: list[list[int]]
    repeat_people: list[int]
    repeat_people_total: int
    durations: dict
    reviews: tuple


def build(scope: tuple[str, int], period: AcademicYear) -> Protected:
    return protect(count(scope, period))


def protect(counts: Counts) -> Protected:
    return Protected(
        period=counts.period,
        name=counts.name,
        school_ids=counts.school_ids,
        school_names=counts.school_names,
        incidents=suppression.protect(counts.incident_totals, counts.incident_tables),
        opened=suppression.protect([sum(row) for row in counts.opened], [counts.opened]),
        closed=suppression.protect([sum(row) for row in counts.closed], [counts.closed]),
        repeat_people=[suppression.primary(n) for n in counts.repeat_people],
        repeat_people_total=suppression.primary(counts.repeat_people_total),
        durations=counts.durations,
        reviews=counts.reviews,
    )


def count(scope: tuple[str, int], period: AcademicYear) -> Counts:
    """Count in the database (GROUP BY over indexed columns, a fixed number of
    queries however much the trust holds)."""
    kind, pk = scope
    if kind == "trust":
        from harbour.schools.models import Trust

        name = Trust.objects.values_list("name", flat=True).get(pk=pk)
        schools = list(School.objects.filter(trust_id=pk).order_by("name", "pk").values_list("pk", "name"))
    else:
        schools = list(School.objects.filter(pk=pk).values_list("pk", "name"))
        name = schools[0][1]
    ids = [school_id for school_id, _ in schools]
    row_of = {school_id: row for row, school_id in enumerate(ids)}
    rows = len(ids)
    month_of = _month_index(period)
    start, end = _bounds(period)
    months = len(period.months)

    def zeros(width: int) -> list[list[int]]:
        return [[0] * width for _ in range(rows)]

    # Incidents: by behaviour group, place and channel (one query), and by month (one).
    incidents = Incident.objects.filter(
        case__school_id__in=ids,
        case__erasure__isnull=True,
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
    )
    group_col = {code: i for i, (code, _) in enumerate(GROUPS)}
    place_col = {code: i for i, (code, _) in enumerate(PLACES)}
    channel_col = {code: i for i, (code, _) in enumerate(CHANNELS)}
    by_group, by_place, by_channel = zeros(len(GROUPS)), zeros(len(PLACES)), zeros(len(CHANNELS))
    for school_id, behaviours, location, channel, n in incidents.values_list(
        "case__school_id", "behaviours", "location", "channel"
    ).annotate(n=Count("id")):
        row = row_of[school_id]
        by_group[row][group_col[main_group(behaviours)]] += n
        by_place[row][place_col.get(location, place_col[Location.ON_SITE])] += n
        by_channel[row][channel_col.get(channel, channel_col[Channel.OTHER])] += n
    by_month = zeros(months)
    for school_id, month, n in (
        incidents.annotate(month=TruncMonth("occurred_on"))
        .values_list("case__school_id", "month")
        .annotate(n=Count("id"))
    ):
        by_month[row_of[school_id]][month_of(month)] += n
    incident_totals = [sum(row) for row in by_month]

    # Cases opened and closed, by month (a case closed twice in a month counts once there).
    opened = zeros(months)
    for school_id, month, n in (
        Case.objects.filter(school_id__in=ids, erasure__isnull=True, opened_at__gte=start, opened_at__lt=end)
        .annotate(month=TruncMonth("opened_at"))
        .values_list("school_id", "month")
        .annotate(n=Count("id"))
    ):
        opened[row_of[school_id]][month_of(month)] += n
    closed = zeros(months)
    for school_id, month, n in (
        CaseStatusChange.objects.filter(
            case__school_id__in=ids,
            case__erasure__isnull=True,
            status=CaseStatus.CLOSED,
            at__gte=start,
            at__lt=end,
        )
        .annotate(month=TruncMonth("at"))
        .values_list("case__school_id", "month")
        .annotate(n=Count("case_id", distinct=True))
    ):
        closed[row_of[school_id]][month_of(month)] += n

    # Days from the first incident to the first meeting, action in place and
    # restriction, for the cases opened in the year (one query; the medians need
    # each case's figure).
    first = (
        Case.objects.filter(school_id__in=ids, erasure__isnull=True, opened_at__gte=start, opened_at__lt=end)
        .annotate(
            first_incident=Subquery(
                Incident.objects.filter(case=OuterRef("pk")).order_by("occurred_on").values("occurred_on")[:1]
            ),
            first_meeting=Subquery(
                Meeting.objects.filter(case=OuterRef("pk")).order_by("held_on").values("held_on")[:1]
            ),
            first_plan=Subquery(
                PlanAction.objects.filter(case=OuterRef("pk"), in_place_on__isnull=False)
                .order_by("in_place_on")
                .values("in_place_on")[:1]
            ),
            first_restriction=Subquery(
                ContactRestriction.objects.filter(case=OuterRef("pk"))
                .order_by("warned_on")
                .values("warned_on")[:1]
            ),
        )
        .values_list("school_id", "first_incident", "first_meeting", "first_plan", "first_restriction")
    )
    days = {code: [[] for _ in range(rows)] for code, _ in DURATIONS}
    for school_id, incident, *later in first:
        if incident is None:
            continue
        for (code, _), when in zip(DURATIONS, later, strict=True):
            if when is not None:
                days[code][row_of[school_id]].append(max(0, (when - incident).days))
    durations = {
        code: (
            [suppression.median_days(values) for values in per_school],
            suppression.median_days([d for values in per_school for d in values]),
        )
        for code, per_school in days.items()
    }

    # Reviews due in the year (a meeting's "next meeting" date, up to yesterday): on
    # time when a later meeting was held by then. Reviews of cases closed by then
    # were not due.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    later_meeting = Meeting.objects.filter(
        case=OuterRef("case"), held_on__gt=OuterRef("held_on"), held_on__lte=OuterRef("next_meeting_on")
    )
    on_time, late = [0] * rows, [0] * rows
    for school_id, was_on_time, n in (
        Meeting.objects.filter(
            case__school_id__in=ids,
            case__erasure__isnull=True,
            next_meeting_on__gte=period.start,
            next_meeting_on__lte=min(period.end, yesterday),
        )
        .alias(closed_on=TruncDate("case__status_changed_at"))
        .exclude(case__status=CaseStatus.CLOSED, closed_on__lte=F("next_meeting_on"))
        .annotate(on_time=Exists(later_meeting))
        .values_list("case__school_id", "on_time")
        .annotate(n=Count("id"))
    ):
        (on_time if was_on_time else late)[row_of[school_id]] += n
    reviews = (
        [suppression.share(on_time[row], late[row]) for row in range(rows)],
        suppression.share(sum(on_time), sum(late)),
    )

    # People of concern named (by normalised name) at two or more of the trust's
    # schools by the year's end. Counts only: the names never leave the database.
    repeat_people, repeat_total = [0] * rows, 0
    if kind == "trust":
        people = PersonOfConcern.objects.filter(school_id__in=ids, created_at__lt=end).exclude(name_key="")
        repeated = (
            people.values("name_key")
            .annotate(schools=Count("school_id", distinct=True))
            .filter(schools__gte=2)
        )
        repeat_total = repeated.count()
        per_school = dict(
            people.filter(name_key__in=repeated.values("name_key"))
            .values_list("school_id")
            .annotate(n=Count("name_key", distinct=True))
        )
        repeat_people = [per_school.get(school_id, 0) for school_id in ids]

    return Counts(
        period=period,
        name=name,
        school_ids=ids,
        school_names=[school_name for _, school_name in schools],
        incident_totals=incident_totals,
        incident_tables=[by_group, by_place, by_channel, by_month],
        opened=opened,
        closed=closed,
        repeat_people=repeat_people,
        repeat_people_total=repeat_total,
        durations=durations,
        reviews=reviews,
    )


# --- snapshots: what the pages read ----------------------------------------------------


def figures_json(figures: Figures) -> dict:
    """Figures as stored in a snapshot (published values only)."""
    return {
        "scope": figures.scope,
        "incidents": figures.incidents,
        "cases_opened": figures.cases_opened,
        "cases_closed": figures.cases_closed,
        "breakdowns": [
            {
                "code": b.code,
                "title": b.title,
                "figures": [[f.code, f.label, f.value] for f in b.figures],
                "total": b.total,
            }
            for b in figures.breakdowns
        ],
        "months": [
            [m.month.isoformat(), m.incidents, m.cases_opened, m.cases_closed] for m in figures.months
        ],
        "durations": [[d.code, d.title, d.median_days] for d in figures.durations],
        "reviews_on_time_percent": figures.reviews_on_time_percent,
        "repeat_people": figures.repeat_people,
    }


def figures_from_json(period: AcademicYear, data: dict) -> Figures:
    return Figures(
        period=period,
        scope=data["scope"],
        incidents=data["incidents"],
        cases_opened=data["cases_opened"],
        cases_closed=data["cases_closed"],
        breakdowns=[
            Breakdown(
                code=b["code"],
                title=b["title"],
                figures=[Figure(code, label, value) for code, label, value in b["figures"]],
                total=b["total"],
            )
            for b in data["breakdowns"]
        ],
        months=[
            Month(month=datetime.date.fromisoformat(month), incidents=i, cases_opened=o, cases_closed=c)
            for month, i, o, c in data["months"]
        ],
        durations=[Duration(code, title, median) for code, title, median in data["durations"]],
        reviews_on_time_percent=data["reviews_on_time_percent"],
        repeat_people=data["repeat_people"],
    )


def row_json(row: SchoolRow) -> dict:
    return {
        "incidents": row.incidents,
        "cases_opened": row.cases_opened,
        "cases_closed": row.cases_closed,
        "repeat_people": row.repeat_people,
    }


@dataclass(frozen=True)
class Published:
    """The figures a request reads, all from one snapshot."""

    snapshot_id: int
    period: AcademicYear
    prepared_at: datetime.datetime
    stale: bool  # records have changed since: newer figures are being prepared
    figures: Figures
    school_count: int  # schools in the snapshot (the per-school table's length)


def newest_snapshot(scope: tuple[str, int], period: AcademicYear, *, with_figures: bool):
    """The newest snapshot of a scope and year (one indexed query), or None."""
    found = StatisticsSnapshot.objects.filter(scope_kind=scope[0], scope_id=scope[1], period=period.code)
    if not with_figures:
        found = found.defer("figures")
    return found.order_by("-prepared_at", "-id").first()


def published(scope: tuple[str, int], period: AcademicYear, school_id: int | None = None) -> Published | None:
    """The newest prepared figures of the scope (the whole scope, or one school of
    it), or None while none has been prepared. When the data has moved since (or
    there is nothing yet), a refresh is queued — once per data version — and never
    built here (unless the task backend is the immediate one, for tests)."""
    from harbour.statistics import tasks

    version = data_version()
    snapshot = newest_snapshot(scope, period, with_figures=school_id is None)
    if (snapshot is None or snapshot.data_version != version) and tasks.request_refresh(
        scope, period, version
    ):
        # With the immediate backend (tests, one-off scripts) it is ready now.
        snapshot = newest_snapshot(scope, period, with_figures=school_id is None)
    if snapshot is None:
        return None
    if school_id is None:
        data = snapshot.figures
    else:
        data = (
            SnapshotSchool.objects.filter(snapshot=snapshot, school_id=school_id)
            .values_list("figures", flat=True)
            .first()
        )
        if data is None:  # a school added since: its figures are being prepared
            return None
    return Published(
        snapshot_id=snapshot.pk,
        period=period,
        prepared_at=snapshot.prepared_at,
        stale=snapshot.data_version != version,
        figures=figures_from_json(period, data),
        school_count=snapshot.school_count,
    )


class SchoolRows:
    """The per-school table of one snapshot, in the trust's order, for the page or
    the API to read one page of (a slice is one query; school_row turns a stored
    row into a SchoolRow). Its length is the snapshot's, so paging it asks no COUNT."""

    def __init__(self, snapshot_id: int, count: int):
        self._rows = (
            SnapshotSchool.objects.filter(snapshot_id=snapshot_id)
            .order_by("position")
            .only("school_id", "name", "row")
        )
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return list(self._rows[index]) if isinstance(index, slice) else self._rows[index]

    def __iter__(self):
        return iter(self._rows)


def school_rows(snapshot_id: int, count: int) -> SchoolRows:
    return SchoolRows(snapshot_id, count)


def school_row(stored: SnapshotSchool) -> SchoolRow:
    return SchoolRow(school_id=stored.school_id, name=stored.name, **stored.row)
