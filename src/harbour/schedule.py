"""What `harbour scheduler` runs, and when: the jobs a non-compose install puts in
cron (see the README), written once as plain data. Each command is a Django
management command, run in the scheduler's own process; the cron fields are
APScheduler's (CronTrigger keywords) and read in the school's time zone
(settings.TIME_ZONE), so "7 a.m." stays 7 a.m. across the clock change.

Every command here is safe to run twice at once, so a late or overlapping run
never sends, erases or counts anything twice."""

from typing import TypedDict


class Job(TypedDict):
    name: str  # in the scheduler's log lines
    command: str  # the management command, as call_command names it
    cron: dict[str, str]  # CronTrigger fields: minute, hour, day_of_week, ...


JOBS: tuple[Job, ...] = (
    # Reviews and actions that are due: queued for the worker to e-mail, weekday mornings.
    {
        "name": "reminders",
        "command": "send_reminders",
        "cron": {"day_of_week": "mon-fri", "hour": "7", "minute": "0"},
    },
    # The retention schedule, nightly.
    {"name": "retention", "command": "apply_retention", "cron": {"hour": "2", "minute": "30"}},
    # Every chain's head to the head log and by e-mail, daily.
    {"name": "chain-heads", "command": "send_chain_heads", "cron": {"hour": "6", "minute": "15"}},
    # The anonymised statistics whose records changed, every five minutes.
    {"name": "statistics", "command": "refresh_statistics", "cron": {"minute": "*/5"}},
)
