from django.core.management.base import BaseCommand

from harbour.plans import reminders


class Command(BaseCommand):
    help = (
        "Queue e-mail reminders of reviews and actions that are due (a link only) for the worker. "
        "Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        queued = reminders.send_due()
        # The worker (`harbour db_worker`) sends them; this run only claims and queues.
        self.stdout.write(f"{queued} reminder{'s' if queued != 1 else ''} queued to send.")
