"""The statistics selectors: counts from the records, suppressed, the same for every
view of a trust, no names or free text, and a fixed number of queries."""

import dataclasses
import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.cases import services as case_services
from harbour.plans import services as plans
from harbour.schools.models import Role
from harbour.statistics import periods, selectors
from harbour.statistics.suppression import FEWER_THAN_5, MARKERS
from tests import factories
from tests.statistics.test_suppression import disclosed

ACCOUNT = "Stood at the gate shouting the employee's name at 8.40."


@dataclasses.dataclass
class Trust:
    trust: object
    schools: list
    heads: list
    lead: object
    cases: list


def _year():
    return periods.AcademicYear.containing(timezone.localdate())


def build_trust(incidents_per_school=(12, 3, 0), name_prefix="Stats"):
    trust = factories.make_trust(f"{name_prefix} Trust")
    schools, heads, cases = [], [], []
    for i, count in enumerate(incidents_per_school):
        school = factories.make_school(f"{name_prefix} School {i}", trust)
        head = factories.make_staff(school, Role.HEADTEACHER, Role.LINE_MANAGER, full_name=f"Head Teacher{i}")
        employee = factories.make_staff(school, full_name=f"Emp Loyee{i}")
        person = factories.make_person(school, head, name="Pat Repeated")
        schools.append(school)
        heads.append(head)
        if count:
            case = factories.make_case(head, employee, people=[person])
            cases.append(case)
            for n in range(count):
                factories.record(case, head, employee, person, days_ago=1 + n % 20, account=ACCOUNT)
    lead = factories.make_staff(schools[0], Role.TRUST_LEAD, full_name="Lead Person")
    return Trust(trust=trust, schools=schools, heads=heads, lead=lead, cases=cases)


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_counts_come_from_the_records_and_small_ones_are_suppressed():
    world = build_trust()
    counts = selectors.count(("trust", world.trust.pk), _year())
    assert counts.incident_totals == [12, 3, 0]
    by_group, by_place, by_channel, by_month = counts.incident_tables
    on_site = [code for code, _ in selectors.PLACES].index("on_site")
    assert [row[on_site] for row in by_place] == [12, 3, 0]
    assert [sum(row) for row in by_month] == [12, 3, 0]
    assert [sum(row) for row in counts.opened] == [1, 1, 0]
    assert counts.repeat_people == [1, 1, 1] and counts.repeat_people_total == 1
    # What is published is protected: the auditor finds nothing to work out.
    protected = selectors.protect(counts)
    assert disclosed(counts.incident_totals, counts.incident_tables, protected.incidents) == []
    assert disclosed([1, 1, 0], [counts.opened], protected.opened) == []
    trust = protected.figures()
    first = protected.figures(world.schools[0].pk)
    second = protected.figures(world.schools[1].pk)
    assert first.incidents == 12
    assert second.incidents == FEWER_THAN_5
    # Every figure anywhere is a count of 5 or more or a marker.
    for figures in (trust, first, second):
        for breakdown in figures.breakdowns:
            for figure in breakdown.figures:
                assert figure.value in MARKERS or figure.value >= 5
        for month in figures.months:
            for value in (month.incidents, month.cases_opened, month.cases_closed):
                assert value in MARKERS or value >= 5
    # A name at all three schools: one person named across schools, fewer than 5.
    assert trust.repeat_people == FEWER_THAN_5


@pytest.mark.django_db
def test_one_school_and_the_trust_read_the_same_protected_table():
    world = build_trust()
    year = _year()
    whole = selectors.summary(school_ids=[s.pk for s in world.schools], period=year)
    assert whole == selectors.protected_for(("trust", world.trust.pk), year).figures()
    one = selectors.summary(school_ids=[world.schools[0].pk], period=year)
    assert one == selectors.protected_for(("trust", world.trust.pk), year).figures(world.schools[0].pk)
    with pytest.raises(ValueError):
        selectors.summary(school_ids=[world.schools[0].pk, world.schools[1].pk], period=year)
    with pytest.raises(ValueError):
        selectors.summary(school_ids=[], period=year)


@pytest.mark.django_db
def test_no_names_no_case_references_no_free_text():
    world = build_trust()
    protected = selectors.protected_for(("trust", world.trust.pk), _year())
    text = json.dumps(
        [dataclasses.asdict(protected.figures()), *[dataclasses.asdict(r) for r in protected.school_rows()]],
        default=str,
    )
    for secret in (ACCOUNT, "Pat Repeated", "pat repeated", "Head Teacher", "Emp Loyee", "HB-"):
        assert secret not in text
    assert "Stats School 0" in text  # school names are what the figures are by


@pytest.mark.django_db
def test_durations_need_five_cases():
    world = build_trust(incidents_per_school=(3,))
    head, school = world.heads[0], world.schools[0]
    today = timezone.localdate()

    def case_with_meeting(days_later):
        employee = factories.make_staff(school, full_name=f"Another Employee{days_later}")
        case = factories.make_case(head, employee)
        factories.record(case, head, employee, days_ago=10)
        plans.record_meeting(
            origin=factories.origin(head),
            case=case,
            held_on=today - datetime.timedelta(days=10 - days_later),
            areas={},
            next_meeting_on=today + datetime.timedelta(days=14),
        )

    for days_later in range(4):
        case_with_meeting(days_later)
    figures = selectors.build(("trust", world.trust.pk), _year()).figures()
    assert figures.durations[0].code == "meeting" and figures.durations[0].median_days is None
    case_with_meeting(4)
    figures = selectors.build(("trust", world.trust.pk), _year()).figures()
    assert figures.durations[0].median_days == 2  # 0, 1, 2, 3 and 4 days
    assert figures.durations[1].median_days is None  # no action in place anywhere


@pytest.mark.django_db
def test_closed_cases_are_counted_by_month():
    world = build_trust(incidents_per_school=(5, 5))
    for case, head in zip(world.cases, world.heads, strict=True):
        case_services.change_case_status(origin=factories.origin(head), case=case, status="closed")
    protected = selectors.build(("trust", world.trust.pk), _year())
    assert protected.figures().cases_closed == FEWER_THAN_5
    assert protected.figures().cases_opened == FEWER_THAN_5


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_data():
    small = build_trust(incidents_per_school=(1, 1), name_prefix="Small")
    year = _year()
    few = _queries(lambda: selectors.build(("trust", small.trust.pk), year))
    big = build_trust(incidents_per_school=(9, 7, 6, 5, 3, 8), name_prefix="Big")
    many = _queries(lambda: selectors.build(("trust", big.trust.pk), year))
    assert few == many
    # Cached: the data version and nothing else.
    selectors.protected_for(("trust", big.trust.pk), year)
    assert _queries(lambda: selectors.protected_for(("trust", big.trust.pk), year)) == 1


@pytest.mark.django_db
def test_a_new_record_moves_the_data_version():
    world = build_trust(incidents_per_school=(6,))
    year = _year()
    before = selectors.protected_for(("trust", world.trust.pk), year).figures().incidents
    case = world.cases[0]
    factories.record(case, world.heads[0], case.members.first().staff, days_ago=2)
    after = selectors.protected_for(("trust", world.trust.pk), year).figures().incidents
    assert (before, after) == (6, 7)
