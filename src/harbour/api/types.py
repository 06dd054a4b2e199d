"""What every API input is made of. A value outside these shapes is refused with a
422 naming the field before an endpoint runs, so nothing malformed reaches a
service or the database (where it would be a 500, or be stored as something else:
"maybe" is not a yes)."""

import datetime
from enum import Enum
from typing import Annotated, Literal

from django.db.models import Model
from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, StrictBool, StringConstraints

from harbour import limits
from harbour.access import MAX_ID


class Input(Schema):
    """An input body: unknown keys are refused, not silently dropped, so a misspelt
    field is an error rather than an answer left out."""

    model_config = ConfigDict(extra="forbid")


# An id the database's primary keys can hold (BigAutoField on both databases).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# A yes or no: JSON true or false only (no "maybe", no 1, no "yes").
Flag = StrictBool


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded at all:
    # either would be a database error after the checks had passed.
    if "\x00" in value:
        raise ValueError("Remove the null character.")
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError("Use real characters only.")
    return value


def text(max_length: int, min_length: int = 0) -> type[str]:
    """Free text of at most `max_length` characters (the model field's limit, or the
    service's for a TextField)."""
    return Annotated[
        str, StringConstraints(min_length=min_length, max_length=max_length), AfterValidator(_storable)
    ]


def limit_of(model: type[Model], name: str) -> int:
    """The max_length a model's CharField declares, so the API says the same."""
    return model._meta.get_field(name).max_length


def model_text(model: type[Model], name: str, min_length: int = 0) -> type[str]:
    return text(limit_of(model, name), min_length=min_length)


def _sane_day(value: datetime.date) -> datetime.date:
    if not limits.EARLIEST <= value <= limits.LATEST:
        raise ValueError(f"Enter a date between {limits.EARLIEST} and {limits.LATEST}.")
    return value


def _sane_moment(value: datetime.datetime) -> datetime.datetime:
    _sane_day(value.date())
    return value


def _local_time(value: datetime.time) -> datetime.time:
    # A time of day on the school's clock: the database keeps no offset with a time.
    if value.tzinfo is not None:
        raise ValueError("Give the time without an offset, like 14:30.")
    return value


Day = Annotated[datetime.date, AfterValidator(_sane_day)]
ClockTime = Annotated[datetime.time, AfterValidator(_local_time)]
# A moment with its offset ("2026-11-01T10:15:00Z"): a time without one is ambiguous
# around the clock change.
Moment = Annotated[AwareDatetime, AfterValidator(_sane_moment)]


def one_of(choices) -> type[str]:
    """One code of a set: a TextChoices class, or any iterable of codes."""
    values = choices.values if isinstance(choices, type) and issubclass(choices, Enum) else choices
    return Literal[tuple(str(value) for value in values)]


def codes(choices, *, min_length: int = 0) -> type[list[str]]:
    """A list of known codes, no longer than the set itself."""
    values = choices.values if isinstance(choices, type) and issubclass(choices, Enum) else list(choices)
    return Annotated[list[one_of(values)], Field(min_length=min_length, max_length=len(values))]


def _leave_out_default(schema: dict) -> None:
    schema.pop("default", None)


# A field a change may leave out (PATCH, a correction); sent, it must hold a value of
# its type: null is only accepted where the type says so.
LEFT_AS_IT_IS = Field(None, json_schema_extra=_leave_out_default)


class ErrorOut(Schema):
    """Every 4xx answer: what went wrong and, for a 422, the messages by field
    (`__all__` for the request as a whole)."""

    detail: str
    errors: dict[str, list[str]] | None = None


def answers(ok: dict | type, *errors: int) -> dict:
    """An operation's `response=`: its success answer(s) and the 4xx it can give.
    401 (no valid token) applies to every operation."""
    documented = dict(ok) if isinstance(ok, dict) else {200: ok}
    for status in (401, *errors):
        documented[status] = ErrorOut
    return documented
