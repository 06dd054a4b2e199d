from harbour.audit.services import Origin


def origin(request) -> Origin:
    return Origin.from_request(request, via="api")
