from django.core.management.base import BaseCommand

from harbour.plans import reminders


class Command(BaseCommand):
    help = "E-mail reminders of reviews and actions that are due (a link only). Safe to run repeatedly."

    def handle(self, *args, **options):
        sent = reminders.send_due()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
