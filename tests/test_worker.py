"""Work off the request path: evidence packs, notices and reminders are task rows
in the database that `harbour db_worker`, a process of its own, picks up. The
request only queues; what is rolled back is never queued; a task row holds no
case content."""

import datetime
import hashlib
import json
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from harbour import notify
from harbour.audit.models import AuditEvent
from harbour.cases import confidentiality
from harbour.cases.models import Case
from harbour.evidence import services, storage
from harbour.evidence.models import EvidencePack, PackStatus
from harbour.plans import services as plans
from harbour.plans.models import PlanAction, Reminder
from tests import factories
from tests.evidence.helpers import add_file

SECRETS_OF = lambda world: (  # noqa: E731
    "Erin",
    "Employee",
    "Pat Concern",
    world.case.reference,
    world.incident.account,
    world.school.name,
)


def _until(read, done, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = read()
        if done(value):
            return value
        time.sleep(0.2)
    raise AssertionError(f"still not done after {timeout} s: {value!r}")


def _content_free(world, row: DBTaskResult) -> None:
    stored = json.dumps(row.args_kwargs)
    for secret in SECRETS_OF(world):
        assert secret not in stored
    assert "@" not in stored  # not even an address: it is looked up when the e-mail is sent


def test_a_pack_asked_for_on_the_page_is_built_by_the_worker_not_the_request(world, db_worker):
    add_file(world)
    client = world.client("manager")
    response = client.post(f"/cases/{world.case.pk}/evidence/packs/new/")
    assert response.status_code == 302
    # The request has returned and nothing was built: the pack waits, its task queued.
    pack = world.case.evidence_packs.get()
    assert pack.status == PackStatus.QUEUED and not pack.zip_name and not pack.pdf_name
    (row,) = DBTaskResult.objects.all()
    assert row.task_path == "harbour.evidence.runner.build_pack" and row.status == TaskResultStatus.READY
    assert row.args_kwargs == {"args": [pack.pk], "kwargs": {}}
    assert "Waiting to start" in client.get(response["Location"]).content.decode()

    db_worker.start()
    pack = _until(lambda: EvidencePack.objects.get(pk=pack.pk), lambda p: not p.in_progress)
    assert pack.status == PackStatus.READY, pack.step
    assert hashlib.sha256(storage.read(pack.zip_name)).hexdigest() == pack.zip_sha256
    assert "The pack is ready" in client.get(response["Location"]).content.decode()
    row = _until(lambda: DBTaskResult.objects.get(pk=row.pk), lambda r: r.status != TaskResultStatus.RUNNING)
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value is True
    assert AuditEvent.objects.filter(action="evidence.pack_built").count() == 1


def test_a_pack_asked_for_through_the_api_is_built_by_a_batch_run(world, db_worker):
    client = factories.api_client(world.manager)
    response = client.post(f"/api/v1/cases/{world.case.pk}/evidence/packs")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    db_worker.run_batch()
    body = client.get(f"/api/v1/cases/{world.case.pk}/evidence/packs/{response.json()['id']}").json()
    assert body["status"] == "ready" and body["progress"] == 100
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_a_referral_notice_is_sent_by_the_worker_with_a_link_only(world, db_worker, smtp):
    world.champion.user.email = "cam@example.test"
    world.champion.user.save()
    world.school.workplace_champion = world.champion
    world.school.save()
    confidentiality.set_choices(
        origin=factories.origin(world.employee),
        case=world.case,
        colleagues_may_know="nothing",
        champion_sees="support",
        front_desk_instruction="",
    )
    response = world.client("employee").post(f"/cases/{world.case.pk}/referrals/champion/")
    assert response.status_code == 302
    referral = world.case.champion_referrals.get()
    assert not referral.emailed and smtp.messages == []  # queued, not sent by the request
    (row,) = DBTaskResult.objects.all()
    assert row.task_path == "harbour.notify.send_queued_notice"
    arguments = {"staff_id", "subject", "sentence", "path", "on_sent", "on_sent_id"}
    assert set(row.args_kwargs["kwargs"]) == arguments
    _content_free(world, row)

    db_worker.run_batch()
    (message,) = smtp.wait_for(1)
    assert message["To"] == "cam@example.test"
    body = message.get_payload(decode=True).decode()
    assert f"/cases/{world.case.pk}/" in body
    for secret in SECRETS_OF(world):
        assert secret not in body and secret not in message["Subject"]
    referral.refresh_from_db()
    assert referral.emailed  # the follow-up task ran after the mail server took it


def test_what_a_rolled_back_transaction_queued_is_never_run(world, db_worker, smtp):
    world.manager.user.email = "morgan@example.test"
    world.manager.user.save()

    def notice(sentence):
        path = notify.case_path(world.case.pk)
        notify.notify_after_commit(staff=world.manager, subject="Harbour: test", sentence=sentence, path=path)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.request_pack(origin=factories.origin(world.manager), case=world.case)
        notice("Rolled back.")
        raise RuntimeError("the write failed after queueing")
    assert not DBTaskResult.objects.exists() and not EvidencePack.objects.exists()
    # A committed notice beside it, so the worker is seen to run what did commit.
    with transaction.atomic():
        notice("Committed.")
    assert DBTaskResult.objects.count() == 1
    db_worker.run_batch()
    (message,) = smtp.wait_for(1)
    body = message.get_payload(decode=True).decode()
    assert "Committed." in body and "Rolled back." not in body
    time.sleep(0.5)  # nothing else arrives late
    assert len(smtp.messages) == 1 and not EvidencePack.objects.exists()


def test_reminders_are_claimed_by_the_command_and_sent_by_the_worker_once(world, db_worker, smtp):
    world.manager.user.email = "morgan@example.test"
    world.manager.user.save()
    world.member.user.email = "mel@example.test"
    world.member.user.save()
    today = timezone.localdate()
    Case.objects.filter(pk=world.case.pk).update(next_review_on=today)
    action = plans.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="travel",
        values={"agreed": "Walk to the car park with Mel.", "owner": world.member},
    )
    PlanAction.objects.filter(pk=action.pk).update(next_review_on=today - datetime.timedelta(days=2))

    call_command("send_reminders")
    assert Reminder.objects.count() == 2 and not Reminder.objects.filter(sent_at__isnull=False).exists()
    assert smtp.messages == []  # cron's run only claims and queues
    rows = list(DBTaskResult.objects.all())
    assert [r.task_path for r in rows] == ["harbour.plans.reminders.send_reminder"] * 2
    for row in rows:
        assert set(row.args_kwargs["kwargs"]) == {"reminder_id", "staff_id", "path"}
        _content_free(world, row)
    call_command("send_reminders")  # a second run claims nothing, so queues nothing
    assert DBTaskResult.objects.count() == 2

    db_worker.run_batch()
    messages = smtp.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["mel@example.test", "morgan@example.test"]
    for message in messages:
        assert "Walk to the car park" not in message.get_payload(decode=True).decode()
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2
    db_worker.run_batch()
    call_command("send_reminders")
    db_worker.run_batch()
    assert len(smtp.messages) == 2
