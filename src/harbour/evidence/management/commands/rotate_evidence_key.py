"""`harbour rotate-evidence-key`: re-encrypt every stored evidence file under the
first key in HARBOUR_EVIDENCE_KEYS. Put the new key first, keep the old ones
after it until this has run, then remove them."""

from django.core.management.base import BaseCommand, CommandError

from harbour.evidence import storage


class Command(BaseCommand):
    help = "Re-encrypt every evidence file under the current (first) key."

    def handle(self, *args, **options):
        try:
            counts = storage.rotate()
        except storage.Unreadable as error:
            raise CommandError(
                f"Stopped: a file could not be read ({error}). Files already done are kept."
            ) from None
        self.stdout.write(
            f"Key {storage.current_key_id()}: {counts['re-encrypted']} file(s) re-encrypted, "
            f"{counts['already current']} already under it."
        )
