"""The period rule: statistics are for one whole academic year (1 September to 31
August), and within it by calendar month. Years never overlap and months always
start on the 1st, so one period's figures can never be taken from another's to
isolate a month or a day; there are no free date ranges."""

import datetime
from dataclasses import dataclass

# The first academic year Harbour offers (2020 to 2021); nothing was recorded before.
FIRST_YEAR = 2020


@dataclass(frozen=True, order=True)
class AcademicYear:
    start_year: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    @property
    def code(self) -> str:
        """As in a URL or the API: "2026-27"."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"September {self.start_year} to August {self.start_year + 1}"

    @property
    def months(self) -> list[datetime.date]:
        """The first day of each month, September first."""
        return [
            datetime.date(self.start_year + (month < 9), month, 1) for month in (*range(9, 13), *range(1, 9))
        ]

    @classmethod
    def containing(cls, day: datetime.date) -> "AcademicYear":
        return cls(day.year if day.month >= 9 else day.year - 1)


def choices(today: datetime.date) -> list[AcademicYear]:
    """The years on offer, newest first: this academic year back to FIRST_YEAR."""
    current = AcademicYear.containing(today).start_year
    return [AcademicYear(year) for year in range(current, FIRST_YEAR - 1, -1)]


def parse(code: str, today: datetime.date) -> AcademicYear | None:
    """The year a code such as "2026-27" names, if it is on offer."""
    for year in choices(today):
        if year.code == code:
            return year
    return None
