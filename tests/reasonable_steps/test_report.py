"""The report's evidence per step equals the records: counts worked out by hand in
tests/reasonable_steps/records.py, records outside the period or in other schools
and trusts left out, and what is shown follows the statistics' small-number rule."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harbour.reasonable_steps import mapping, numbers, selectors
from harbour.statistics import suppression
from harbour.statistics.periods import AcademicYear
from tests import factories
from tests.reasonable_steps import records

TODAY = datetime.date(2026, 12, 1)
MEASURES = (
    "staff",
    "staff_checked_in",
    "staff_checklist",
    "check_ins",
    "check_in_concerns",
    "awareness_staff",
    "awareness_current",
    "screenings",
    "cases_screened",
    "cases_unscreened",
    "cases_unplanned",
    "meetings",
    "cases_met",
    "cases_opened_unmet",
    "actions_in_place",
    "cases_in_place",
    "warnings",
    "warnings_waiting",
    "restrictions_confirmed",
    "cases_referred",
)


@pytest.fixture
def estate(db):
    return records.estate()


def test_every_count_of_the_report_is_worked_out_by_hand(estate):
    found = selectors.counts(selectors.school_scope(estate.a.school), records.PERIOD, TODAY)
    assert set(found) == set(MEASURES) == set(estate.a.expected)


def test_counts_equal_the_records_school_by_school(estate):
    scope = selectors.school_scope(estate.a.school)
    found = selectors.counts(scope, records.PERIOD, TODAY)
    assert set(scope.group) == {estate.a.school.pk, estate.b.school.pk}
    for measure in MEASURES:
        for made in (estate.a, estate.b):
            assert found[measure].get(made.school.pk, 0) == made.expected[measure], (
                measure,
                made.school.name,
            )
        # Another trust's school is never read.
        assert estate.c.school.pk not in found[measure], measure
    # The scales differ, so a count taken from the wrong school would show.
    assert found["check_ins"][estate.a.school.pk] != found["check_ins"][estate.b.school.pk]


def test_the_trust_reads_its_own_schools_only(estate):
    scope = selectors.trust_scope(estate.trust)
    found = selectors.counts(scope, records.PERIOD, TODAY)
    for measure in MEASURES:
        assert sum(found[measure].values()) == estate.a.expected[measure] + estate.b.expected[measure], (
            measure
        )


def test_a_period_that_holds_nothing_counts_nothing(estate):
    empty = AcademicYear(2010)
    found = selectors.counts(selectors.trust_scope(estate.trust), empty, TODAY)
    for measure in MEASURES:
        if measure in ("staff", "awareness_staff"):
            continue  # staff are counted as they are now
        assert sum(found[measure].values()) == 0, measure


def _shown(report) -> dict[str, str]:
    return {f.label: f.shown for step in report.steps for e in step.evidence for f in [*e.held, *e.missing]}


def _expected_single(estate, measure, row):
    margin = [made.expected[measure] for made in sorted((estate.a, estate.b), key=lambda m: m.school.pk)]
    group = suppression.protect(margin)
    return str(group.total if row is None else group.row_totals[row])


def test_what_is_shown_is_the_statistics_protection_of_the_records(estate):
    ordered = sorted((estate.a, estate.b), key=lambda m: m.school.pk)
    for scope, row in (
        (selectors.trust_scope(estate.trust), None),
        (selectors.school_scope(estate.a.school), ordered.index(estate.a)),
    ):
        report = selectors.report(
            scope=scope, period=records.PERIOD, prepared_by="T", prepared_as="Trust lead"
        )
        shown = _shown(report)
        assert shown["Check-ins held"] == _expected_single(estate, "check_ins", row)
        assert shown["Risk screenings recorded"] == _expected_single(estate, "screenings", row)
        assert shown["Warnings given under the Unacceptable Actions policy"] == _expected_single(
            estate, "warnings", row
        )
        # Staff with and without a check-in: one table whose rows add up to the staff.
        table = suppression.protect(
            [m.expected["staff"] for m in ordered],
            [
                [
                    [m.expected["staff_checked_in"], m.expected["staff"] - m.expected["staff_checked_in"]]
                    for m in ordered
                ]
            ],
        ).tables[0]
        cells = table.column_totals if row is None else table.cells[row]
        assert shown["Active staff with a check-in in the period"] == str(cells[0])
        assert shown["Active staff with no check-in in the period"] == str(cells[1])


def test_small_numbers_are_never_shown(estate):
    report = selectors.report(
        scope=selectors.school_scope(estate.a.school), period=records.PERIOD, prepared_by="T", prepared_as="H"
    )
    counts = [
        f for step in report.steps for e in step.evidence for f in [*e.held, *e.missing] if f.kind == "count"
    ]
    assert counts
    for figure in counts:
        assert figure.value is None or figure.value >= suppression.MINIMUM, figure
        assert figure.shown in suppression.MARKERS or int(figure.shown) >= suppression.MINIMUM, figure
    # Every school count here is under 5 (scale 1), so each is suppressed.
    assert all(figure.suppressed for figure in counts)


def test_big_enough_numbers_are_shown_as_they_are(db):
    school = factories.make_school("Lone School")  # in no trust: protected on its own
    manager = factories.make_staff(school, "line_manager")
    staff = [factories.make_staff(school) for _ in range(6)]
    from django.db import transaction

    from harbour.prevention import services as prevention

    for member in staff:
        with transaction.atomic():
            prevention.record_check_in(
                origin=factories.origin(manager), employee=member, held_on=records.INSIDE, concern="no"
            )
    report = selectors.report(
        scope=selectors.school_scope(school), period=records.PERIOD, prepared_by="M", prepared_as="H"
    )
    shown = _shown(report)
    assert shown["Check-ins held"] == "6"
    # 6 with a check-in of 7 staff: the one without is suppressed, so the 6 is too.
    assert shown["Active staff with no check-in in the period"] == suppression.FEWER_THAN_5
    assert shown["Active staff with a check-in in the period"] == suppression.WITHHELD


def test_every_step_has_evidence_and_every_source_a_step():
    for step in mapping.STEPS:
        assert mapping.sources_for(step), step.code
    for source in mapping.SOURCES:
        assert source.steps and set(source.steps) <= {step.number for step in mapping.STEPS}, source.code
    assert [step.number for step in mapping.STEPS] == list(range(1, 9))


def test_each_step_carries_the_evidence_of_its_mapped_sources(estate):
    report = selectors.report(
        scope=selectors.trust_scope(estate.trust),
        period=records.PERIOD,
        prepared_by="T",
        prepared_as="Trust lead",
    )
    for step in report.steps:
        assert [e.source.code for e in step.evidence] == [s.code for s in mapping.sources_for(step.step)]


def test_settings_evidence_names_schools_not_people(estate):
    estate.a.school.unacceptable_actions_policy_url = "https://alder.example/unacceptable-actions"
    estate.a.school.save()
    report = selectors.report(
        scope=selectors.trust_scope(estate.trust),
        period=records.PERIOD,
        prepared_by="T",
        prepared_as="Trust lead",
    )
    shown = _shown(report)
    assert shown["Schools with the Unacceptable Actions policy linked"] == "1 of 2"
    assert shown["Schools with no Unacceptable Actions policy link"] == "Birch School"
    assert shown["Schools with no CCTV policy link"] == "Alder School, Birch School"
    own = selectors.report(
        scope=selectors.school_scope(estate.a.school), period=records.PERIOD, prepared_by="H", prepared_as="H"
    )
    assert _shown(own)["Unacceptable Actions policy link"] == "https://alder.example/unacceptable-actions"
    assert _shown(own)["CCTV policy link"] == "Not set in school settings"


def _by_source(report) -> dict:
    return {e.source.code: e for step in report.steps for e in step.evidence}


def test_the_statistics_figures_are_theirs_for_an_academic_year(estate):
    from harbour.statistics import periods
    from harbour.statistics import selectors as statistics

    year = periods.AcademicYear(2025)
    for scope, ids in (
        (selectors.school_scope(estate.a.school), [estate.a.school.pk]),
        (selectors.trust_scope(estate.trust), [estate.a.school.pk, estate.b.school.pk]),
    ):
        found = _by_source(
            selectors.report(scope=scope, period=records.PERIOD, prepared_by="T", prepared_as="T")
        )
        theirs = statistics.summary(school_ids=ids, period=year)
        shown = {f.label: f.shown for f in found["statistics"].held}
        assert shown == {
            "Incidents recorded": str(theirs.incidents),
            "Cases opened": str(theirs.cases_opened),
            "Cases closed": str(theirs.cases_closed),
            "People of concern named at two or more of the trust's schools": str(theirs.repeat_people),
        }
        assert found["reviews"].available and found["statistics"].available
        assert "2025" in found["statistics"].note


def test_the_statistics_are_shown_for_every_year_on_offer(estate):
    """The period is always one of the statistics' own academic years, so the
    sources they back are never "Not shown for this period" - for a year with
    records and for one with none."""
    from harbour.statistics import periods

    for year in periods.choices(TODAY):
        found = _by_source(
            selectors.report(
                scope=selectors.school_scope(estate.a.school), period=year, prepared_by="H", prepared_as="H"
            )
        )
        for code in ("reviews", "statistics"):
            assert found[code].available is True, (year, code)
            assert "Not shown" not in found[code].note
            assert found[code].note == f"From the anonymised statistics for {year.label}."
            assert len(found[code].held) >= 3
        labels = [f.label for f in found["statistics"].held]
        assert labels[:3] == ["Incidents recorded", "Cases opened", "Cases closed"]
        shown = {f.label: f.shown for f in found["reviews"].held}
        assert "Reviews due in the period that were held on time" in shown


def _queries(scope) -> int:
    with CaptureQueriesContext(connection) as captured:
        selectors.report(scope=scope, period=records.PERIOD, prepared_by="T", prepared_as="Trust lead")
    return len(captured)


def test_the_report_costs_the_same_queries_however_much_the_trust_holds(db):
    trust = factories.make_trust("Growing Trust")
    first = records.build(factories.make_school("First School", trust), scale=1)
    small = _queries(selectors.trust_scope(trust))
    small_school = _queries(selectors.school_scope(first.school))
    for name in ("Second School", "Third School", "Fourth School"):
        records.build(factories.make_school(name, trust), scale=2)
    assert _queries(selectors.trust_scope(trust)) == small
    assert _queries(selectors.school_scope(first.school)) == small_school
    # About 17 of the report's own (one grouped query per kind of record) and the
    # statistics' snapshot, prepared on the spot here (tests run tasks at once; in
    # production the worker prepares it and the report only reads it).
    assert small <= 40


def test_a_trust_with_no_schools_reports_without_error(db):
    trust = factories.make_trust("Empty Trust")
    report = selectors.report(
        scope=selectors.trust_scope(trust), period=records.PERIOD, prepared_by="T", prepared_as="Trust lead"
    )
    counts = [f for step in report.steps for e in step.evidence for f in e.held if f.kind == "count"]
    assert counts and all(f.shown == suppression.FEWER_THAN_5 for f in counts)
    assert isinstance(numbers.Cut(school_ids=()), numbers.Cut)
