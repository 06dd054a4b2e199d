from django.core.management.base import BaseCommand

from harbour import demo


class Command(BaseCommand):
    help = "Load the demo school (once) and print its sign-ins."

    def handle(self, *args, **options):
        created = demo.load()
        self.stdout.write(
            "Demo school loaded." if created else "Demo school already loaded; nothing changed."
        )
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000 with any of these (password for all below):")
        for role, username, _ in demo.sign_ins():
            self.stdout.write(f"  {role:<20} {username}")
        self.stdout.write(f"  {'password':<20} {demo.DEMO_PASSWORD}")
