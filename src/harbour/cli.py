"""The `harbour` command: Django's management commands under Harbour's name
(`harbour migrate`, `harbour demo`, `harbour runserver`, …)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    from harbour.settings import VAR_DIR

    # The default SQLite database and collected static files live here.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        # `harbour send-reminders` reads better in a crontab than Django's underscore.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["harbour", *args])


if __name__ == "__main__":
    main()
