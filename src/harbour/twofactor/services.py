"""Setting up, passing and turning off the second factor. Each change is one
transaction with its audit event; the codes themselves are never logged."""

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.audit.services import Origin, record_event
from harbour.twofactor import devices, recovery


@dataclass(frozen=True)
class Attempt:
    """What came of a code: the device that accepted it, or why not."""

    device: object = None
    throttled: bool = False
    wait_seconds: int = 0

    @property
    def ok(self) -> bool:
        return self.device is not None


def _try(device, code: str) -> Attempt:
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        return Attempt(throttled=True, wait_seconds=_seconds_until((detail or {}).get("locked_until")))
    if device.verify_token(code):
        return Attempt(device=device)
    return Attempt()


def _seconds_until(moment) -> int:
    from django.utils import timezone

    if moment is None:
        return 0
    return max(1, int((moment - timezone.now()).total_seconds() + 0.999))


@transaction.atomic
def confirm_authenticator(*, origin: Origin, device: TOTPDevice, code: str) -> tuple[Attempt, list[str]]:
    """Confirm a new authenticator with a code from it; on success make fresh
    recovery codes and return them (shown once, never again)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=origin.user, confirmed=False)
    attempt = _try(device, recovery.normalise(code))
    if not attempt.ok:
        return attempt, []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=origin.user, confirmed=False).delete()
    codes = _replace_recovery_codes(origin.user)
    record_event(origin=origin, action="two_factor.set_up", obj=device, recovery_codes=len(codes))
    return attempt, codes


def _replace_recovery_codes(user) -> list[str]:
    """Fresh codes, returned to be shown once; only their keyed hashes are kept (recovery.py)."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=devices.RECOVERY, confirmed=True)
    codes = [recovery.new_code() for _ in range(devices.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=recovery.digest(static.pk, code)) for code in codes]
    )
    return codes


def _try_recovery(device: StaticDevice, code: str) -> Attempt:
    """django-otp's StaticDevice.verify_token with the stored hashes: the code's hash
    is compared with each of the device's; a match is deleted, so it works once."""
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        return Attempt(throttled=True, wait_seconds=_seconds_until((detail or {}).get("locked_until")))
    stored = list(device.token_set.values_list("pk", "token"))
    match = recovery.matching(stored, device.pk, code)
    if match is None:
        device.throttle_increment()
        return Attempt()
    StaticToken.objects.filter(pk=match, device=device).delete()
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return Attempt(device=device)


@transaction.atomic
def new_recovery_codes(*, origin: Origin) -> list[str]:
    """Replace every recovery code: the old ones stop working at once."""
    codes = _replace_recovery_codes(origin.user)
    record_event(
        origin=origin, action="two_factor.recovery_codes_replaced", obj=devices.recovery_device(origin.user)
    )
    return codes


@transaction.atomic
def check_code(*, origin: Origin, code: str) -> Attempt:
    """A code from the user's authenticator (six digits) or one of their recovery
    codes. Each device counts its own failures and makes the user wait longer
    after each (django-otp's throttling); a recovery code is deleted as it is used."""
    user = origin.user
    code = recovery.normalise(code)
    if code.isdigit() and len(code) == 6:  # recovery codes are 8 or 12 letters and digits
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        )
    else:
        device = (
            StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        )
    if device is None:
        return Attempt()
    attempt = _try_recovery(device, code) if isinstance(device, StaticDevice) else _try(device, code)
    if attempt.ok and isinstance(device, StaticDevice):
        record_event(
            origin=origin, action="two_factor.recovery_code_used", obj=device, left=device.token_set.count()
        )
    elif not attempt.ok:
        record_event(origin=origin, action="two_factor.code_refused", throttled=attempt.throttled)
    return attempt


@transaction.atomic
def turn_off(*, origin: Origin) -> None:
    """Remove the authenticator and recovery codes (only for those who need no second factor)."""
    user = origin.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(origin=origin, action="two_factor.turned_off", obj=user)


@transaction.atomic
def reset_by_administrator(*, origin: Origin, staff) -> None:
    """For someone who lost their phone and their recovery codes: their
    authenticator goes, and they set up a new one at their next sign-in. Their
    verified sessions stop counting within a minute (lifetime.py)."""
    TOTPDevice.objects.filter(user=staff.user).delete()
    StaticDevice.objects.filter(user=staff.user).delete()
    record_event(origin=origin, action="two_factor.reset", obj=staff.user, school=staff.school)
