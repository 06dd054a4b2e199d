from django.core.management.base import BaseCommand

from harbour.risk import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild kept state (matching names, each case's risk state, the trust's name matches) "
        "from the whole record. Safe to run at any time."
    )

    def handle(self, *args, **options):
        counts = rebuild.rebuild_all()
        self.stdout.write(
            f"Names updated: {counts['names']}; cases refreshed: {counts['cases']}; "
            f"name matches: {counts['matches']}."
        )
