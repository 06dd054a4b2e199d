"""`harbour build-packs`: build, in this process, every evidence pack still
waiting. The worker (`harbour db_worker`) builds packs as their tasks come up;
this is for recovery — a task lost between a commit and its enqueue, or a
worker that was down. A pack claimed by both is still built once."""

from django.core.management.base import BaseCommand

from harbour.evidence import runner


class Command(BaseCommand):
    help = "Build the evidence packs that are waiting."

    def handle(self, *args, **options):
        built = runner.build_queued()
        self.stdout.write(f"{built} pack(s) built.")
