"""Reading list filters from a query string. A value that is not one of the
choices is treated as no filter: a stale or edited link shows the usual list,
never an error page."""

from django.http import Http404

from harbour.access import as_id


def school_param(raw, allowed) -> int | None:
    """A school id among `allowed` (the user's own schools), or None for any school."""
    if raw in (None, ""):
        return None
    try:
        school_id = as_id(raw)
    except Http404:  # not a usable id
        return None
    return school_id if school_id in allowed else None
