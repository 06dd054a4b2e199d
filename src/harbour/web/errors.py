from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "web/not_found.html", status=404)


def forbidden(request, exception=None, reason=""):
    """403 for someone inside a case without the right to do this; `reason` "closed"
    says the case is closed rather than that they may not."""
    return render(request, "web/forbidden.html", {"reason": reason}, status=403)


def bad_request(request, exception=None):
    return render(request, "web/bad_request.html", status=400)


def server_error(request):
    return render(request, "web/server_error.html", status=500)
