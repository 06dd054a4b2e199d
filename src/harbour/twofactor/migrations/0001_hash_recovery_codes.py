"""Recovery codes kept in plain text (django-otp's StaticToken.token) are replaced
by their keyed hashes, so the codes people already hold keep working and the
database no longer holds them. The hash is written out here as it is in
twofactor/recovery.py at this migration, not imported: a migration must not
change meaning when the code after it does. It cannot be undone (a hash does not
give the code back): migrating backwards leaves the hashes, and code older than
this migration would then refuse every recovery code until new ones are made."""

import base64

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac

SALT = "harbour.twofactor.recovery_code"
PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz234567")


def _digest(device_id: int, code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    mac = salted_hmac(SALT, f"{device_id}:{normalised}", secret=settings.SECRET_KEY, algorithm="sha256")
    return base64.urlsafe_b64encode(mac.digest()[:12]).decode()


def hash_existing(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    changed = []
    for token in StaticToken.objects.only("pk", "device_id", "token").iterator(chunk_size=2000):
        # django-otp's codes are 8 characters of lower-case base32; a digest is 16
        # characters of base64 (so never mistaken for one) and is left as it is.
        if len(token.token) < 16 and set(token.token.lower()) <= PLAIN:
            token.token = _digest(token.device_id, token.token)
            changed.append(token)
    StaticToken.objects.bulk_update(changed, ["token"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("otp_static", "0003_add_timestamps")]

    operations = [migrations.RunPython(hash_existing, migrations.RunPython.noop, elidable=False)]
