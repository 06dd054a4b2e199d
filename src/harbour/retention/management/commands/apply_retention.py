"""`harbour apply-retention`: erase what each school's retention schedule says
has been kept long enough, except cases under a legal hold. `--dry-run` lists
what would go (kind, id, school, the date the period counts from, the period)
and changes nothing. Meant for cron, nightly; two runs at once are safe."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from harbour.retention import sweep


class Command(BaseCommand):
    help = "Erase records whose retention period has passed (cases under a legal hold are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would go; change nothing.")
        parser.add_argument("--json", action="store_true", help="Print the list as JSON lines.")
        parser.add_argument("--now", help="Apply the schedule as at this ISO date-time (for checking).")

    def handle(self, *args, dry_run=False, json=False, now=None, **options):
        moment = self._moment(now)
        if dry_run:
            rows = sweep.due(moment)
            for row in rows:
                self.stdout.write(self._line(row, as_json=json))
            held = sum(1 for r in rows if r.held)
            self.stdout.write(
                f"Dry run: {len(rows) - held} record(s) would be erased, {held} kept by a legal hold."
                " Nothing was changed."
            )
            return
        outcome = sweep.apply(moment)
        for kind, ids in sorted(outcome.erased.items()):
            self.stdout.write(f"{kind}: erased {len(ids)} ({', '.join(map(str, sorted(ids)))})")
        if outcome.held:
            self.stdout.write(
                f"closed_case: kept by a legal hold {', '.join(map(str, sorted(outcome.held)))}"
            )
        if outcome.skipped:
            skipped = ", ".join(map(str, sorted(outcome.skipped)))
            self.stdout.write(f"closed_case: left to another run or no longer due {skipped}")
        self.stdout.write(f"{outcome.total} record(s) erased.")

    @staticmethod
    def _line(row, *, as_json: bool) -> str:
        if as_json:
            return json.dumps(row.as_dict())
        state = " (kept: legal hold)" if row.held else ""
        return (
            f"{row.kind} {row.id} school {row.school_id} from {row.counted_from}"
            f" after {row.months} months{state}"
        )

    @staticmethod
    def _moment(value):
        if not value:
            return timezone.now()
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise CommandError("--now takes an ISO date or date-time, e.g. 2031-09-01T02:00.") from None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)
