"""The period a reasonable-steps report covers: plain rules, no database.

A school's year runs September to August, so the default period is the academic
year holding the day asked about. A period is two dates, the first not after the
second, both plausible (harbour.limits) and at most MAX_YEARS long: a report over
decades says nothing about the steps taken now."""

import datetime
from dataclasses import dataclass

from harbour import limits

ACADEMIC_YEAR_STARTS = 9  # September
MAX_YEARS = 5


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def academic_year(on: datetime.date) -> Period:
    """1 September to 31 August of the school year holding `on`.

    >>> academic_year(datetime.date(2026, 12, 1))
    Period(start=datetime.date(2026, 9, 1), end=datetime.date(2027, 8, 31))
    >>> academic_year(datetime.date(2027, 8, 31))
    Period(start=datetime.date(2026, 9, 1), end=datetime.date(2027, 8, 31))
    >>> academic_year(datetime.date(2027, 9, 1)).start
    datetime.date(2027, 9, 1)
    """
    first_year = on.year if on.month >= ACADEMIC_YEAR_STARTS else on.year - 1
    return Period(
        start=datetime.date(first_year, ACADEMIC_YEAR_STARTS, 1),
        end=datetime.date(first_year + 1, ACADEMIC_YEAR_STARTS, 1) - datetime.timedelta(days=1),
    )


def problems(start: datetime.date, end: datetime.date) -> dict[str, str]:
    """What is wrong with a period, by field ("start" or "end"); empty when it is fine.

    >>> problems(datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    {}
    >>> problems(datetime.date(2027, 1, 2), datetime.date(2027, 1, 1))
    {'end': 'The end of the period must be the same as or after its start.'}
    >>> sorted(problems(datetime.date(2010, 1, 1), datetime.date(2020, 1, 1)))
    ['end']
    """
    found = {}
    for name, day in (("start", start), ("end", end)):
        if not limits.EARLIEST <= day <= limits.LATEST:
            found[name] = f"Enter a date between {limits.EARLIEST:%-d %-m %Y} and {limits.LATEST:%-d %-m %Y}."
    if found:
        return found
    if end < start:
        return {"end": "The end of the period must be the same as or after its start."}
    if end > _years_after(start, MAX_YEARS):
        return {"end": f"A report covers at most {MAX_YEARS} years. Choose a later start or an earlier end."}
    return {}


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
