"""`harbour export-chain-heads`: print the head of every chain (each case's and
each school's audit trail) as signed head-log lines, or with --log the head log
as written; to a file with --output. Ids, positions and hashes only."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from harbour.evidence import headlog, heads


class Command(BaseCommand):
    help = "Export the chains' heads (or the head log) as signed JSON lines: hashes only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--log", action="store_true", help="The whole head log rather than today's heads."
        )
        parser.add_argument("--output", type=Path, help="Write to this file instead of the screen.")

    def handle(self, *args, log=False, output=None, **options):
        if log:
            if not headlog.configured():
                raise CommandError("No head log is configured: set HARBOUR_CHAIN_HEAD_LOG.")
            text = headlog.path().read_text(encoding="utf-8") if headlog.path().exists() else ""
        else:
            if not settings.CHAIN_HEAD_KEY:
                raise CommandError("Heads are signed: set HARBOUR_CHAIN_HEAD_KEY.")
            text = "".join(heads.signed_lines())
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote {text.count(chr(10))} line(s) to {output}.")
