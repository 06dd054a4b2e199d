import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "hbr_"
# How long a new token works, chosen by its owner: a forgotten script's token
# should not work for ever.
LIFETIME_CHOICES = [(30, "30 days"), (90, "90 days"), (365, "1 year")]
DEFAULT_LIFETIME_DAYS = 90


def hash_token(raw: str) -> str:
    # Tokens are long random strings, so a fast hash is enough; only the hash is stored.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)  # the first characters, so the owner can tell tokens apart
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    # Who revoked it: the owner or an administrator of a school the owner works in.
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @classmethod
    def new_raw_token(cls) -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)
