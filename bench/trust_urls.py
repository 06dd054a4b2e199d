"""Harbour's URLs plus the benchmark's bare page (see trust_settings.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from harbour.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@login_required
def bare(request):
    return HttpResponse(f"<!doctype html><title>Bare</title><p>Signed in as {request.user.pk}</p>")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *urlpatterns]
