from django.core.management import call_command
from django.core.management.base import BaseCommand

from harbour import demo
from harbour.twofactor import demo as demo_twofactor


class Command(BaseCommand):
    help = "Load the demo school (once) and print its sign-ins."

    def handle(self, *args, **options):
        created = demo.load()
        # The statistics are prepared off the request path; prepare the demo trust's
        # now, so its first visit shows figures (skipped when nothing has changed).
        call_command("refresh_statistics", verbosity=0)
        keys = demo_twofactor.give_authenticators(username for _, username, _ in demo.sign_ins())
        self.stdout.write(
            "Demo school loaded." if created else "Demo school already loaded; nothing changed."
        )
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000 with any of these (password for all below):")
        for role, username, _ in demo.sign_ins():
            second = f"then the code from: make demo-code USER={username}" if username in keys else ""
            self.stdout.write(f"  {role:<20} {username:<8} {second}".rstrip())
        self.stdout.write(f"  {'password':<20} {demo.DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write(
            "Accounts that can open cases also ask for a code (two-factor authentication). Get it with "
            "`make demo-code USER=<username>`, or add the demo key to an authenticator app (time-based):"
        )
        for username, key in keys.items():
            self.stdout.write(f"  {username:<8} {key}")
