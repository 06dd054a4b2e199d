"""What every router shares."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from harbour.audit.services import Origin


def origin(request) -> Origin:
    """Who is calling, recorded in the audit as coming through the API."""
    return Origin.from_request(request, via="api")


def refuse_unknown_parameters(request, allowed: Iterable[str]) -> None:
    """A query parameter the operation does not take is a 422 naming it, rather
    than silently ignored (ninja does not refuse them itself, even for a schema
    with extra="forbid"): a misspelt or unsupported filter must not answer as if
    it had been applied."""
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ValidationError({name: "Unknown parameter." for name in unknown})
