"""`harbour scheduler`: the schedule in harbour.schedule names real commands, fires
at the school's local times (across the clock change), and one job that fails is
logged by name, without its message, while the others still run."""

import datetime
import logging
import threading
from zoneinfo import ZoneInfo

import pytest
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class

from harbour.schedule import JOBS
from harbour.web.management.commands import scheduler

UTC = datetime.UTC
# Saturday 24 October 2026, 02:00 in London (BST); the clocks go back on Sunday 25th.
MOMENT = datetime.datetime(2026, 10, 24, 1, 0, tzinfo=UTC)


def test_the_schedule_names_each_command_once_and_every_command_exists():
    commands = get_commands()
    names = [job["name"] for job in JOBS]
    assert len(set(names)) == len(names)
    assert {job["command"] for job in JOBS} == {
        "send_reminders",
        "apply_retention",
        "send_chain_heads",
        "refresh_statistics",
    }
    for job in JOBS:
        assert job["command"] in commands, job
        load_command_class(commands[job["command"]], job["command"])  # importable, as call_command does


def test_the_cron_fields_fire_at_the_schools_local_times():
    assert settings.TIME_ZONE == "Europe/London"
    london = ZoneInfo("Europe/London")

    def next_runs(name, count):
        trigger = scheduler.trigger(next(job for job in JOBS if job["name"] == name))
        runs, previous, now = [], None, MOMENT
        for _ in range(count):
            previous = trigger.get_next_fire_time(previous, now)
            runs.append(previous.astimezone(UTC))
            now = previous + datetime.timedelta(seconds=1)
        return runs

    def utc(*args):
        return datetime.datetime(*args, tzinfo=UTC)

    # 7 a.m. on weekdays only: not the weekend; 7 a.m. GMT after the change is 07:00 UTC.
    assert next_runs("reminders", 2) == [utc(2026, 10, 26, 7, 0), utc(2026, 10, 27, 7, 0)]
    # 02:30 nightly: 01:30 UTC in summer time, 02:30 UTC after it.
    assert next_runs("retention", 3) == [
        utc(2026, 10, 24, 1, 30),
        utc(2026, 10, 25, 2, 30),
        utc(2026, 10, 26, 2, 30),
    ]
    assert next_runs("chain-heads", 2) == [utc(2026, 10, 24, 5, 15), utc(2026, 10, 25, 6, 15)]
    # Every five minutes, the moment itself included (it is on the five).
    assert next_runs("statistics", 3) == [
        utc(2026, 10, 24, 1, 0),
        utc(2026, 10, 24, 1, 5),
        utc(2026, 10, 24, 1, 10),
    ]
    for run in next_runs("reminders", 10):
        local = run.astimezone(london)
        assert (local.hour, local.minute) == (7, 0) and local.weekday() < 5


def test_jobs_coalesce_and_never_run_beside_themselves():
    built = scheduler.build_scheduler(BackgroundScheduler())
    try:
        built.start(paused=True)
        jobs = {job.id: job for job in built.get_jobs()}
        assert set(jobs) == {job["name"] for job in JOBS}
        for job in jobs.values():
            assert job.coalesce is True and job.max_instances == 1, job.id
            assert str(job.trigger.timezone) == settings.TIME_ZONE
    finally:
        built.shutdown(wait=False)


def test_a_failing_job_is_logged_by_name_without_its_message_and_the_next_still_runs(monkeypatch, caplog):
    ran, done = [], threading.Event()
    secret = "Pat Concern at 12 Secret Road"

    def fake_call_command(name, **kwargs):
        ran.append(name)
        if name == "send_reminders":
            raise RuntimeError(secret)
        kwargs["stdout"].write("3 reminder(s) queued.\n")
        if len(ran) == len(JOBS):
            done.set()

    monkeypatch.setattr(scheduler, "call_command", fake_call_command)
    caplog.set_level(logging.INFO, logger="harbour.scheduler")
    # One thread, so the jobs run one after another: the failing one first.
    built = scheduler.build_scheduler(BackgroundScheduler(executors={"default": ThreadPoolExecutor(1)}))
    built.start(paused=True)
    try:
        # Every job due now, the failing one first.
        now = datetime.datetime.now(UTC)
        for offset, job in enumerate(JOBS):
            built.modify_job(job["name"], next_run_time=now + datetime.timedelta(milliseconds=offset))
        built.resume()
        assert done.wait(30), ran
    finally:
        built.shutdown(wait=True)
    assert ran[0] == "send_reminders" and sorted(ran) == sorted(job["command"] for job in JOBS)
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage().split(" at ")[0] for r in failed] == [
        "scheduled job reminders failed: RuntimeError"
    ]
    assert "test_scheduler.py:" in failed[0].getMessage()  # where it failed, for whoever looks
    assert all(secret not in r.getMessage() and not r.exc_info for r in caplog.records)
    for job in JOBS[1:]:
        assert any(r.getMessage().startswith(f"scheduled job {job['name']} done in ") for r in caplog.records)


def test_run_job_runs_the_real_command_in_process(transactional_db, capsys, caplog):
    caplog.set_level(logging.INFO, logger="harbour.scheduler")
    job = next(job for job in JOBS if job["name"] == "reminders")
    assert scheduler.run_job(job) is True
    assert capsys.readouterr().out == ""  # its output goes to the log, not to stdout
    assert "scheduled job reminders done in " in caplog.text and "0 reminders queued to send." in caplog.text


def test_a_command_error_is_a_logged_failure_not_a_crash(transactional_db, settings, caplog):
    settings.CHAIN_HEAD_KEY = ""
    caplog.set_level(logging.INFO, logger="harbour.scheduler")
    job = next(job for job in JOBS if job["name"] == "chain-heads")
    assert scheduler.run_job(job) is False
    assert "scheduled job chain-heads failed: CommandError" in caplog.text


def test_list_prints_every_job_and_its_next_run(capsys):
    call_command("scheduler", "--list")
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == [job["name"] for job in JOBS]
    for line, job in zip(out, JOBS, strict=True):
        assert f"harbour {job['command'].replace('_', '-')} " in line and " next 20" in line


@pytest.mark.parametrize("bad", [{"hour": "25"}, {"day_of_week": "someday"}])
def test_a_cron_field_that_does_not_parse_is_refused(bad):
    with pytest.raises(ValueError):
        scheduler.trigger({"name": "x", "command": "send_reminders", "cron": bad})
