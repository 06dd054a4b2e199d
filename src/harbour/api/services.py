import datetime

from django.db import transaction
from django.utils import timezone

from harbour.api.models import DEFAULT_LIFETIME_DAYS, LIFETIME_CHOICES, ApiToken, hash_token
from harbour.audit.services import Origin, record_event

LIFETIMES = {days for days, _ in LIFETIME_CHOICES}


@transaction.atomic
def issue_token(
    *, origin: Origin, name: str, lifetime_days: int = DEFAULT_LIFETIME_DAYS
) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw value, which is shown once and never stored."""
    if lifetime_days not in LIFETIMES:
        raise ValueError(f"A token lasts one of {sorted(LIFETIMES)} days.")
    raw = ApiToken.new_raw_token()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=origin.user,
        name=name,
        token_hash=hash_token(raw),
        hint=raw[:8],
        created_at=now,
        expires_at=now + datetime.timedelta(days=lifetime_days),
    )
    record_event(origin=origin, action="api_token.issued", obj=token, lifetime_days=lifetime_days)
    return token, raw


@transaction.atomic
def revoke_token(*, origin: Origin, token: ApiToken) -> None:
    """Revoked by its owner or an administrator; the audit says which."""
    token.revoked_at = timezone.now()
    token.revoked_by = origin.user if getattr(origin.user, "is_authenticated", False) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        origin=origin, action="api_token.revoked", obj=token, by_owner=token.revoked_by_id == token.user_id
    )


def user_for_token(raw: str):
    """The active user a live (unrevoked, unexpired) bearer token belongs to, or None."""
    if not raw or not raw.startswith("hbr_"):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user.api_token = token
    return token.user
