import time

from django.core.management.base import BaseCommand, CommandError

from harbour.twofactor import demo


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo only: HARBOUR_DEBUG=true)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            code = demo.code_for(options["username"])
        except demo.NotADemo as error:
            raise CommandError(str(error)) from None
        left = 30 - int(time.time()) % 30
        self.stdout.write(code)
        self.stderr.write(f"(changes in {left} s; each code works once)")
