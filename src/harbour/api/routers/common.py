"""What every router shares."""

from harbour.audit.services import Origin


def origin(request) -> Origin:
    """Who is calling, recorded in the audit as coming through the API."""
    return Origin.from_request(request, via="api")
