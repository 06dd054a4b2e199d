from django.core.management.base import BaseCommand

from harbour.risk import rebuild
from harbour.risk.version import RULES_VERSION


class Command(BaseCommand):
    help = (
        "Rebuild kept state (matching names, each case's risk state, the trust's name matches) "
        "from the whole record. Safe to run at any time; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale",
            action="store_true",
            help=f"Only what older rules wrote (before rules version {RULES_VERSION}) or was never "
            "written, as `harbour migrate` does after it migrates.",
        )

    def handle(self, *args, stale=False, **options):
        counts = rebuild.rebuild_stale() if stale else rebuild.rebuild_all()
        self.stdout.write(
            f"Names updated: {counts['names']}; cases refreshed: {counts['cases']}; "
            f"name matches: {counts['matches']} (rules version {RULES_VERSION})."
        )
