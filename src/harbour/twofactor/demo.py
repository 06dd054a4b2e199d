"""The demo's authenticators. Demo accounts that can open cases have a TOTP
device whose key is published here, so the demo stays two commands: `make run`,
then a code from `harbour demo-code <username>` (or any authenticator app given
the key). `demo-code` answers only with the demo setting on (HARBOUR_DEBUG) and
only for a device whose key is the published one, never for a real account."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour import access
from harbour.twofactor import devices


def demo_key(username: str) -> str:
    """The published demo key of a username (20 bytes, hex), known to everyone who reads this file."""
    return hashlib.sha1(f"harbour-demo-totp:{username}".encode(), usedforsecurity=False).hexdigest()


@transaction.atomic
def give_authenticators(usernames) -> dict[str, str]:
    """A confirmed demo authenticator for each demo account that needs a second
    factor (safe to run again). Returns {username: key as an app asks for it}."""
    keys = {}
    for user in get_user_model().objects.filter(username__in=list(usernames)).order_by("username"):
        if not access.needs_second_factor(user):
            continue
        device = devices.authenticator(user)
        if device is None:
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(
                user=user, name=devices.AUTHENTICATOR, key=demo_key(user.username), confirmed=True
            )
        if device.key == demo_key(user.username):
            keys[user.username] = devices.secret_for_people(device)
    return keys


class NotADemo(Exception):
    pass


def code_for(username: str) -> str:
    if not settings.DEBUG:
        raise NotADemo("demo-code works only for the demo (HARBOUR_DEBUG=true), never in production.")
    user = get_user_model().objects.filter(username=username).first()
    device = devices.authenticator(user) if user else None
    if device is None or device.key != demo_key(username):
        raise NotADemo(f"{username!r} has no demo authenticator.")
    return devices.current_code(device)
