"""Harbour's settings plus one bare page, for the trust-scale benchmark only.

The bare page is what every measured page is compared with: a login-required
Django page served by the same server process, with the same middleware,
session and sign-in, doing nothing else. It never ships: only the benchmark
points DJANGO_SETTINGS_MODULE here."""

from harbour.settings import *  # noqa: F403

ROOT_URLCONF = "trust_urls"
# The in-process measurements use Django's test client, which calls itself "testserver".
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
