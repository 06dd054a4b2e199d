"""`harbour send-chain-heads`: the periodic anchor, for cron (daily, say). Writes
the head of every chain to the head log (HARBOUR_CHAIN_HEAD_LOG) and e-mails the
same signed lines to HARBOUR_CHAIN_HEADS_EMAIL_TO: hashes only, no case content.
Running it twice at once only anchors the same heads twice."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from harbour.evidence import headlog, heads


class Command(BaseCommand):
    help = "Anchor every chain's head in the head log and e-mail it to the configured address."

    def handle(self, *args, **options):
        if not settings.CHAIN_HEAD_KEY:
            raise CommandError("Heads are signed: set HARBOUR_CHAIN_HEAD_KEY.")
        lines = heads.signed_lines()
        headlog.write(lines)
        sent = heads.send(lines)
        where = (
            f"e-mailed to {', '.join(settings.CHAIN_HEADS_EMAIL_TO)}" if sent else "not e-mailed (no address)"
        )
        logged = "written to the head log" if headlog.configured() else "no head log configured"
        self.stdout.write(f"{len(lines)} chain head(s): {logged}; {where}.")
