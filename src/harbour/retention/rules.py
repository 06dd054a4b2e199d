"""The retention rule itself, with no database: a record is due to be erased
once its period in calendar months, counted from the moment the schedule names,
has passed. Month ends clamp (31 January + 1 month is 28 or 29 February), as a
person reading "kept 6 years after closure" would count."""

import datetime

from dateutil.relativedelta import relativedelta

# A record due by the rule is never more than this much newer than now minus the
# period (month-end clamping moves the boundary by at most three days), so a
# query for records older than `cutoff` finds every one the rule would erase.
SLACK = datetime.timedelta(days=4)


def kept_until(start: datetime.datetime | datetime.date, months: int):
    return start + relativedelta(months=months)


def is_due(start: datetime.datetime | datetime.date, months: int, now: datetime.datetime) -> bool:
    if isinstance(start, datetime.datetime):
        return kept_until(start, months) <= now
    return kept_until(start, months) <= now.date()


def cutoff(months: int, now: datetime.datetime) -> datetime.datetime:
    """Everything due by the rule started before this (and a few days' more)."""
    return now - relativedelta(months=months) + SLACK
