"""Recovery codes are kept only as keyed hashes, never as the codes themselves.

A code is shown once, when it is made; what the database keeps (django-otp's
StaticToken.token, 16 characters) is HMAC-SHA256 of the device's id and the
code, keyed by the site's secret key (Django's salted_hmac), cut to 96 bits and
written in URL-safe base64. Why a fast keyed hash and not a password hasher:

- A code is random, not chosen by a person: 12 characters of base32 are 60 bits
  (codes made before were 8 characters, 40 bits), so there is no dictionary to try.
- The key is not in the database or its backups, so a copy of the database alone
  cannot be tested against any code; with the key as well, each device's codes
  still need on the order of 2^59 guesses (the device id is in every hash).
- Guessing through the sign-in page is throttled per device (django-otp) and per
  account and address (axes), and each code works once.
- Sign-in checks up to ten codes per attempt: a deliberately slow hasher would
  make every recovery sign-in, and every wrong guess, cost seconds of CPU.

Checking compares the candidate's hash with each stored one in constant time
(hmac.compare_digest), under the current key and then any SECRET_KEY_FALLBACKS,
so rotating the key with the old one kept as a fallback leaves codes working.
Changing the key without that fallback makes every recovery code stop working."""

import base64
import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32, lower case, as django-otp's own codes
LENGTH = 12
SALT = "harbour.twofactor.recovery_code"
DIGEST_LENGTH = 16  # StaticToken.token holds 16 characters


def normalise(code: str) -> str:
    # People type codes with spaces or dashes, and in capitals.
    return "".join((code or "").split()).replace("-", "").lower()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def digest(device_id: int, code: str, *, secret: str | None = None) -> str:
    """What is stored for `code` on the device `device_id`: 16 characters."""
    mac = salted_hmac(SALT, f"{device_id}:{normalise(code)}", secret=secret, algorithm="sha256")
    return base64.urlsafe_b64encode(mac.digest()[:12]).decode()


def candidates(device_id: int, code: str) -> list[str]:
    """The code's digest under the current secret key and each fallback key."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [digest(device_id, code, secret=key) for key in keys]


def matching(stored: list[tuple[int, str]], device_id: int, code: str) -> int | None:
    """The id of the stored (id, digest) the code matches, or None. Every pair is
    compared, in constant time, whatever matched before."""
    found = None
    for candidate in candidates(device_id, code):
        for pk, kept in stored:
            if hmac.compare_digest(candidate.encode(), kept.encode()) and found is None:
                found = pk
    return found
