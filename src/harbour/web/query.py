"""Reading list filters from a query string. A value that is not one of the
choices is treated as no filter: a stale or edited link shows the usual list,
never an error page."""

from django.http import Http404

from harbour.access import as_id
from harbour.schools.models import School


def school_param(raw, allowed) -> int | None:
    """A school id among `allowed` (the user's own schools), or None for any school."""
    if raw in (None, ""):
        return None
    try:
        school_id = as_id(raw)
    except Http404:  # not a usable id
        return None
    return school_id if school_id in allowed else None


def school_choices(schools):
    """The schools a list can be filtered by: none to choose between for a user in one school."""
    return School.objects.filter(pk__in=schools).order_by("name") if len(schools) > 1 else []
