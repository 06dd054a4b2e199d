"""Course of conduct: does the record show persistent unwanted behaviour?

The guidance's test is behaviour on two or more occasions, directed at one person
by another, that causes them alarm or distress or makes them fear violence. This
module reads occasions and says, for each (person of concern, employee) pair,
whether their record meets that test, with the dates and incidents behind it.

Choices made where the definition is silent:
- each recorded incident is one occasion;
- an occasion counts only if it records at least one unwanted behaviour and names
  the person of concern (an unknown person cannot be "the same person"); those
  left out are listed so nobody mistakes silence for absence;
- the harm need not be recorded on every occasion: the course causes it if at
  least one of its occasions records alarm, distress or fear of violence;
- occasions further apart than `gap_days` still count, but the gap is reported,
  because a court may not read them as one course.
It also reports one person whose conduct is directed at two or more employees,
which is a course of conduct in itself.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

HARM_IMPACTS = frozenset({"alarm", "distress", "fear_of_violence"})
DEFAULT_GAP_DAYS = 90


@dataclass(frozen=True)
class Occasion:
    incident_id: int
    occurred_on: datetime.date
    person_id: int | None
    employee_id: int
    behaviours: frozenset[str]
    impacts: frozenset[str]

    @property
    def counts(self) -> bool:
        return self.person_id is not None and bool(self.behaviours)

    @property
    def sort_key(self):
        return (self.occurred_on, self.incident_id)


@dataclass(frozen=True)
class Gap:
    after: datetime.date
    before: datetime.date

    @property
    def days(self) -> int:
        return (self.before - self.after).days


@dataclass(frozen=True)
class Course:
    """The occasions of one person's behaviour towards one employee, oldest first."""

    person_id: int
    employee_id: int
    occasions: tuple[Occasion, ...]
    long_gaps: tuple[Gap, ...]

    @property
    def causes_harm(self) -> bool:
        return any(occasion.impacts & HARM_IMPACTS for occasion in self.occasions)

    @property
    def meets_test(self) -> bool:
        return len(self.occasions) >= 2 and self.causes_harm

    @property
    def incident_ids(self) -> tuple[int, ...]:
        return tuple(occasion.incident_id for occasion in self.occasions)

    @property
    def first_date(self) -> datetime.date:
        return self.occasions[0].occurred_on

    @property
    def last_date(self) -> datetime.date:
        return self.occasions[-1].occurred_on

    @property
    def met_on(self) -> datetime.date | None:
        """The date of the occasion on which the record first met the test."""
        harmed = False
        for index, occasion in enumerate(self.occasions):
            harmed = harmed or bool(occasion.impacts & HARM_IMPACTS)
            if index >= 1 and harmed:
                return occasion.occurred_on
        return None


@dataclass(frozen=True)
class SeveralStaff:
    """One person's conduct towards two or more employees."""

    person_id: int
    employee_ids: tuple[int, ...]
    incident_ids: tuple[int, ...]


@dataclass(frozen=True)
class ConductResult:
    courses: tuple[Course, ...]
    several_staff: tuple[SeveralStaff, ...]
    not_counted: tuple[int, ...]  # incidents with no named person or no behaviour
    gap_days: int

    @property
    def met(self) -> bool:
        return any(course.meets_test for course in self.courses)

    @property
    def meeting(self) -> tuple[Course, ...]:
        return tuple(course for course in self.courses if course.meets_test)


def assess(occasions: Iterable[Occasion], gap_days: int = DEFAULT_GAP_DAYS) -> ConductResult:
    if gap_days < 1:
        raise ValueError("gap_days must be at least 1")
    ordered = sorted(occasions, key=lambda occasion: occasion.sort_key)
    by_pair: dict[tuple[int, int], list[Occasion]] = defaultdict(list)
    by_person: dict[int, list[Occasion]] = defaultdict(list)
    not_counted = []
    for occasion in ordered:
        if not occasion.counts:
            not_counted.append(occasion.incident_id)
            continue
        by_pair[(occasion.person_id, occasion.employee_id)].append(occasion)
        by_person[occasion.person_id].append(occasion)

    courses = tuple(
        Course(
            person_id=person_id,
            employee_id=employee_id,
            occasions=tuple(pair_occasions),
            long_gaps=_long_gaps(pair_occasions, gap_days),
        )
        for (person_id, employee_id), pair_occasions in sorted(by_pair.items())
    )
    several = tuple(
        SeveralStaff(
            person_id=person_id,
            employee_ids=tuple(sorted({o.employee_id for o in person_occasions})),
            incident_ids=tuple(o.incident_id for o in person_occasions),
        )
        for person_id, person_occasions in sorted(by_person.items())
        if len({o.employee_id for o in person_occasions}) >= 2
    )
    return ConductResult(
        courses=courses, several_staff=several, not_counted=tuple(not_counted), gap_days=gap_days
    )


def _long_gaps(occasions: list[Occasion], gap_days: int) -> tuple[Gap, ...]:
    gaps = []
    for earlier, later in zip(occasions, occasions[1:], strict=False):
        if (later.occurred_on - earlier.occurred_on).days > gap_days:
            gaps.append(Gap(after=earlier.occurred_on, before=later.occurred_on))
    return tuple(gaps)
