from django.db import transaction
from django.utils import timezone

from harbour.api.models import ApiToken, hash_token
from harbour.audit.services import Origin, record_event


@transaction.atomic
def issue_token(*, origin: Origin, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw value, which is shown once and never stored."""
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(user=origin.user, name=name, token_hash=hash_token(raw), hint=raw[:8])
    record_event(origin=origin, action="api_token.issued", obj=token)
    return token, raw


@transaction.atomic
def revoke_token(*, origin: Origin, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(origin=origin, action="api_token.revoked", obj=token)


def user_for_token(raw: str):
    """The active user a bearer token belongs to, or None."""
    if not raw or not raw.startswith("hbr_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
