"""Passing the second factor in tests and benchmarks, with a real confirmed TOTP
device: a client signed in with `force_login` is a fully signed-in user (see the
autouse fixture in tests/conftest.py), and a browser journey types a real code."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.twofactor import devices
from harbour.twofactor.session import HAS_DEVICE


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device = devices.authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=devices.AUTHENTICATOR, confirmed=True)
    return device


def verify_client(client, user) -> TOTPDevice:
    """After `client.force_login(user)`: the session has passed the second factor
    with the user's authenticator, as django_otp.login leaves it."""
    device = authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_DEVICE] = True
    session.save()
    return device


def fresh_code(device: TOTPDevice) -> str:
    """A code the device will accept now: TOTP refuses a code of a time step
    already used, so after a recent sign-in this waits for the next step."""
    device.refresh_from_db()
    step = int((time.time() - device.t0) // device.step)
    if step <= device.last_t:
        time.sleep((device.last_t + 1) * device.step + device.t0 - time.time() + 0.1)
    return devices.current_code(device)
