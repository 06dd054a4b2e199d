"""`harbour backup DEST`: the database, the encrypted evidence files and a manifest,
into a new folder or a .tar.gz file (backups/archive.py says what is in it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.backups import archive


class Command(BaseCommand):
    help = "Back up the database and the encrypted evidence files, with a manifest to check them by."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="A new or empty folder, or a file ending .tar.gz")

    def handle(self, *args, destination, **options):
        try:
            manifest = archive.create(destination)
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        files = manifest["evidence"]["files"]
        keys = ", ".join(manifest["evidence"]["encrypted_with_keys"]) or "none"
        self.stdout.write(
            f"Backed up {rows} rows and {len(files)} evidence files to {destination}.\n"
            f"The evidence files are encrypted with key(s) {keys}, which are NOT in the backup: "
            "a restore needs the same HARBOUR_EVIDENCE_KEYS."
        )
