"""`harbour refresh-statistics`: prepare, in this process, the statistics whose
records have changed — every trust and every school outside a trust for the
current academic year, and every other year someone has looked at (it has a
snapshot). Run it from cron every few minutes beside the worker; a scope whose
data version has not moved is skipped. `--queue` puts the work on the task
queue for the worker instead."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from harbour.audit.services import Origin
from harbour.schools.models import School, Trust
from harbour.statistics import selectors, services, tasks
from harbour.statistics.models import StatisticsSnapshot
from harbour.statistics.periods import AcademicYear


def scopes_to_refresh() -> list[tuple[tuple[str, int], AcademicYear]]:
    current = AcademicYear.containing(timezone.localdate())
    wanted = {(("trust", pk), current) for pk in Trust.objects.values_list("pk", flat=True)}
    wanted |= {
        (("school", pk), current)
        for pk in School.objects.filter(trust__isnull=True).values_list("pk", flat=True)
    }
    for kind, pk, code in StatisticsSnapshot.objects.values_list(
        "scope_kind", "scope_id", "period"
    ).distinct():
        wanted.add(((kind, pk), AcademicYear(int(code[:4]))))
    return sorted(wanted, key=lambda item: (item[0], item[1].start_year))


class Command(BaseCommand):
    help = "Prepare the anonymised statistics whose records have changed."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the work for the worker instead.")

    def handle(self, *args, **options):
        built = queued = 0
        version = selectors.data_version()
        for scope, period in scopes_to_refresh():
            if options["queue"]:
                queued += tasks.request_refresh(scope, period, version)
                continue
            _, fresh = services.prepare(scope=scope, period=period, origin=Origin(user=None, via="cli"))
            built += fresh
        if options["queue"]:
            self.stdout.write(f"{queued} statistics refresh(es) queued.")
        else:
            self.stdout.write(f"{built} statistics snapshot(s) prepared.")
