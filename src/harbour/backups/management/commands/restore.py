"""`harbour restore SOURCE [--force]`: put a backup back, after checking every file
against its manifest. It refuses a database or evidence store that already holds
records unless --force, which removes them first."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from harbour.backups import archive


class Command(BaseCommand):
    help = "Restore a backup made by `harbour backup` into this database and evidence store."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="The backup's folder or .tar.gz file")
        parser.add_argument(
            "--force", action="store_true", help="Replace the records and evidence files already here."
        )

    def handle(self, *args, source, force=False, **options):
        # The schema first, so a backup restores into tables of this version.
        call_command("migrate", interactive=False, verbosity=0)
        try:
            restored = archive.restore(source, force=force, log=self.stdout.write)
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
        if restored.differences:
            raise CommandError(
                "Restored, but the counts differ from the backup's manifest:\n  - "
                + "\n  - ".join(restored.differences)
            )
        self.stdout.write(
            f"Restored {sum(restored.counts.values())} rows and {restored.files} evidence files; "
            "the counts match the manifest. Run `harbour verify` to check the record's chains."
        )
