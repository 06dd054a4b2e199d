"""`harbour build-packs`: build evidence packs waiting in the queue (for
HARBOUR_PACK_RUNNER=queue, run by a worker or every minute from cron)."""

from django.core.management.base import BaseCommand

from harbour.evidence import runner


class Command(BaseCommand):
    help = "Build the evidence packs that are waiting."

    def handle(self, *args, **options):
        built = runner.build_queued()
        self.stdout.write(f"{built} pack(s) built.")
