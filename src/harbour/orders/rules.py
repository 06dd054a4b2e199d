"""The rules about orders, as plain functions of dates: no database, no HTTP.

An order is in force from the day it starts to the last day it has effect
(`expires_on`, included), or with no end if it has no expiry date. A contact
attempt at a moment when any of the person's orders is in force is a possible
breach: Harbour flags it and the case owner decides with the police whether it
was one (an order may allow some contact, through a solicitor for example)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone

IN_FORCE, NOT_YET, ENDED = "in_force", "not_yet", "ended"
STATUS_NAMES = {IN_FORCE: "In force", NOT_YET: "Not in force yet", ENDED: "No longer in force"}


class Terms(Protocol):
    starts_on: datetime.date
    expires_on: datetime.date | None


@dataclass(frozen=True)
class Dates:
    """Terms as plain values, for tests and callers without a record."""

    starts_on: datetime.date
    expires_on: datetime.date | None = None


def local_day(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The school's calendar day of a moment (an aware time is read on the school's clock)."""
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def status_on(terms: Terms, day: datetime.date) -> str:
    if day < terms.starts_on:
        return NOT_YET
    if terms.expires_on is not None and day > terms.expires_on:
        return ENDED
    return IN_FORCE


def in_force(terms: Terms, day: datetime.date) -> bool:
    return status_on(terms, day) == IN_FORCE


def in_force_at(orders: Iterable[Terms], moment) -> list:
    """The orders in force at a moment (or on a day)."""
    day = local_day(moment)
    return [order for order in orders if in_force(order, day)]


def is_possible_breach(orders: Iterable[Terms] | Terms, attempt_time) -> bool:
    """Whether contact at `attempt_time` by the person these orders are against is
    a possible breach: at least one of them was in force then."""
    if hasattr(orders, "starts_on"):
        orders = [orders]
    return bool(in_force_at(orders, attempt_time))


def date_errors(
    *, made_on: datetime.date | None, starts_on: datetime.date | None, expires_on: datetime.date | None, today
) -> dict[str, str]:
    """What is wrong with an order's dates, by field."""
    errors = {}
    if made_on is None:
        errors["made_on"] = "Enter the date the order was made or the warning given."
    elif made_on > today:
        errors["made_on"] = "The date it was made must be today or in the past."
    start = starts_on or made_on
    if starts_on is not None and made_on is not None and starts_on < made_on:
        errors["starts_on"] = "An order cannot start before it was made."
    if expires_on is not None and start is not None and expires_on < start:
        errors["expires_on"] = "The expiry date must be on or after the day it starts."
    return errors
