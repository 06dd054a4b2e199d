"""Reads of observations for the pages and the API. Callers pass what
harbour.access allows; nothing here widens it."""

from harbour.cases import taxonomy
from harbour.observations.models import Status


def observation_rows(observations):
    """Newest first, with the id as tie-breaker so pages never overlap; each row's
    names in the same query."""
    return observations.select_related("about", "filed_by", "school").order_by("-filed_at", "-id")


def subject_choices(staff):
    return list(staff.select_related("school").order_by("full_name", "pk"))


def person_choices(people):
    return list(people.order_by("name", "pk"))


def behaviour_choices() -> list[tuple[str, str]]:
    """For "something else": the guidance's behaviours, to say which it was."""
    return [(b.code, b.name) for b in taxonomy.BEHAVIOURS]


def awaiting_count(observations) -> int:
    """How many of these are still waiting for the employee's decision (for the
    prompt on Your support; one indexed count)."""
    return observations.filter(status=Status.AWAITING).count()
