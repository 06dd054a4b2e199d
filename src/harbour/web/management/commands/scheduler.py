"""`harbour scheduler`: runs the periodic jobs of `harbour.schedule` (reminders,
retention, chain heads, statistics) in this process until TERM, for installs
without cron (compose's `scheduler` service). `--list` prints the jobs and when
each runs next, and exits.

A job that fails is logged by its name and the error's class and place, never
its message (which may quote a record), and the others carry on. Missed runs are
coalesced into one, and a job still running at its next time skips that run
rather than running beside itself."""

import io
import logging
import signal
import time
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_SCHEDULER_START
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from harbour.schedule import JOBS, Job

logger = logging.getLogger("harbour.scheduler")


def shown(job: Job) -> str:
    """The command as cron and the README spell it: `harbour send-reminders`."""
    return f"harbour {job['command'].replace('_', '-')}"


def trigger(job: Job) -> CronTrigger:
    return CronTrigger(timezone=ZoneInfo(settings.TIME_ZONE), **job["cron"])


def run_job(job: Job) -> bool:
    """Run one job's command here; True if it succeeded. Never raises."""
    close_old_connections()
    started = time.monotonic()
    out = io.StringIO()
    try:
        call_command(job["command"], stdout=out, stderr=out)
    except Exception as error:  # noqa: BLE001 - one job's failure must not stop the others
        frame = error.__traceback__
        while frame is not None and frame.tb_next is not None:
            frame = frame.tb_next
        where = f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame else "?"
        logger.error("scheduled job %s failed: %s at %s", job["name"], type(error).__name__, where)
        return False
    finally:
        # As after a request: close this thread's connection if broken or past its age.
        close_old_connections()
    # The commands print counts and ids only, as they do for cron's mail.
    summary = " ".join(line.strip() for line in out.getvalue().splitlines() if line.strip())
    logger.info("scheduled job %s done in %.1fs: %s", job["name"], time.monotonic() - started, summary)
    return True


def build_scheduler(scheduler: BaseScheduler | None = None, jobs=JOBS) -> BaseScheduler:
    scheduler = scheduler or BlockingScheduler()
    scheduler.configure(
        timezone=ZoneInfo(settings.TIME_ZONE),
        # Runs missed while busy (or the machine asleep) become one run, however late.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    for job in jobs:
        scheduler.add_job(run_job, trigger(job), args=[job], id=job["name"], name=job["name"])
    return scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (reminders, retention, chain heads, statistics) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Print the jobs and their next runs, and exit."
        )

    def handle(self, *args, **options):
        if options["list"]:
            now = timezone.now()
            for job in JOBS:
                when = trigger(job).get_next_fire_time(None, now)
                self.stdout.write(f"{job['name']:<12} {shown(job):<28} next {when.isoformat()}")
            return
        scheduler = build_scheduler()

        def stop(signum, frame):
            logger.info("scheduler stopping (signal %s); waiting for running jobs", signum)
            scheduler.shutdown(wait=True)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        scheduler.add_listener(lambda event: _log_jobs(scheduler), mask=EVENT_SCHEDULER_START)
        scheduler.start()
        logger.info("scheduler stopped")


def _log_jobs(scheduler: BaseScheduler) -> None:
    for job in scheduler.get_jobs():
        logger.info(
            "scheduled job %s: %s, next at %s",
            job.id,
            shown(job.args[0]),
            job.next_run_time.isoformat(),
        )
    logger.info("scheduler started with %s jobs", len(scheduler.get_jobs()))
