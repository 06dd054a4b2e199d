"""`harbour verify`: recompute the hash chains and file hashes of every case (or
one, with --case), the audit trail's chains, and hold them against the head log
(HARBOUR_CHAIN_HEAD_LOG); or check an evidence pack ZIP (--pack FILE). Prints
each break with the entry it concerns and exits 1 if there is any."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.audit import verify as audit_verify
from harbour.cases.models import Case
from harbour.evidence import headlog
from harbour.evidence.verify import verify_case, verify_pack


class Command(BaseCommand):
    help = "Check that the case record, the audit trail and evidence files are as they were saved."

    def add_arguments(self, parser):
        parser.add_argument("--case", help="A case id or reference (HB-00012); all cases when left out.")
        parser.add_argument("--pack", type=Path, help="An evidence pack ZIP to check against its manifest.")

    def handle(self, *args, case=None, pack=None, **options):
        if pack is not None:
            return self._pack(pack)
        cases = Case.objects.order_by("pk")
        if case:
            reference = str(case).upper().removeprefix("HB-")
            if not reference.isdigit() or not cases.filter(pk=int(reference)).exists():
                raise CommandError(f"No case {case}.")
            cases = cases.filter(pk=int(reference))
        heads, log_problems = headlog.read()
        if not headlog.configured():
            self.stdout.write(
                "No head log is configured (HARBOUR_CHAIN_HEAD_LOG): checking the database alone."
            )
        broken = 0
        seen = set()
        for each in cases.iterator():
            seen.add(f"case-{each.pk}")
            report = verify_case(each, heads=heads.get(f"case-{each.pk}", ()))
            erased = " — erased after its retention period" if report.erased else ""
            if report.intact:
                self.stdout.write(
                    f"{each.reference}: intact ({report.entries} entries, {report.files} files){erased}"
                )
                continue
            broken += 1
            self.stdout.write(f"{each.reference}: {len(report.breaks)} break(s){erased}")
            for problem in report.breaks:
                self.stdout.write(f"  - {problem}")
        problems = list(log_problems)
        if not case:
            for name in sorted(heads):
                if name.startswith("case-") and name not in seen:
                    problems.append(
                        f"{name}: the head log records its chain, but the case is no longer there"
                    )
            for report in audit_verify.verify_all(heads):
                if report.intact:
                    self.stdout.write(f"audit trail {report.chain}: intact ({report.events} events)")
                    continue
                broken += 1
                self.stdout.write(f"audit trail {report.chain}: {len(report.breaks)} break(s)")
                for problem in report.breaks:
                    self.stdout.write(f"  - {problem}")
        if problems:
            broken += 1
            self.stdout.write(f"head log: {len(problems)} problem(s)")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        if broken:
            self.stderr.write(f"{broken} chain(s) with breaks.")
            sys.exit(1)
        self.stdout.write("Every chain and file checked is intact.")

    def _pack(self, path: Path):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Can't read {path}: {error.strerror}.") from None
        problems = verify_pack(data)
        if problems:
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            self.stderr.write(f"{path.name}: {len(problems)} problem(s).")
            sys.exit(1)
        self.stdout.write(f"{path.name}: every file matches the manifest and the chain is intact.")
