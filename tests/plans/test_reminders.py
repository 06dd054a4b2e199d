"""`harbour send-reminders`: what is due is e-mailed once, with a link and no
case content, however often and however many copies of the command run."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from harbour.cases.models import Case
from harbour.plans import reminders, services
from harbour.plans.models import PlanAction, Reminder
from tests import factories

TODAY = timezone.localdate()


def _due(world):
    """A review due today for the owner, an overdue action owned by the member."""
    world.manager.user.email = "morgan@example.test"
    world.manager.user.save()
    world.member.user.email = "mel@example.test"
    world.member.user.save()
    Case.objects.filter(pk=world.case.pk).update(next_review_on=TODAY)
    action = services.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="travel",
        values={"agreed": "Walk to the car park with Mel.", "owner": world.member},
    )
    PlanAction.objects.filter(pk=action.pk).update(next_review_on=TODAY - datetime.timedelta(days=2))
    return action


def test_due_reviews_and_actions_are_sent_once_with_a_link_only(world):
    _due(world)
    call_command("send_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == ["mel@example.test", "morgan@example.test"]
    for message in mail.outbox:
        assert f"/cases/{world.case.pk}/" in message.body
        for secret in (
            "Erin",
            "Walk to the car park",
            world.case.reference,
            "Pat Concern",
            world.school.name,
        ):
            assert secret not in message.body and secret not in message.subject
    call_command("send_reminders")
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2


def test_nothing_is_sent_for_closed_cases_or_future_dates(world):
    _due(world)
    Case.objects.filter(pk=world.case.pk).update(status="closed")
    assert reminders.send_due() == 0
    Case.objects.filter(pk=world.case.pk).update(
        status="open", next_review_on=TODAY + datetime.timedelta(days=1)
    )
    PlanAction.objects.update(next_review_on=TODAY + datetime.timedelta(days=1))
    assert reminders.send_due() == 0 and not mail.outbox


def test_a_moved_review_is_reminded_again_on_its_new_date(world):
    _due(world)
    assert reminders.send_due() == 2
    Case.objects.filter(pk=world.case.pk).update(next_review_on=TODAY + datetime.timedelta(days=7))
    assert reminders.send_due(TODAY + datetime.timedelta(days=7)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(world):
    """Run the command twice at the same moment from two connections. On
    PostgreSQL the second insert waits for the first and loses; on SQLite the
    IMMEDIATE transactions queue. Either way each reminder goes out once."""
    _due(world)
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(reminders.send_due())
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) in ([0, 2], [1, 1])
    assert len(mail.outbox) == 2
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 2
    assert Reminder.objects.count() == 2


def test_my_work_shows_what_is_due_and_overdue(world):
    _due(world)
    services.add_action(
        origin=factories.origin(world.manager),
        case=world.case,
        section="contact",
        measure="contact_not_on_site",
        values={"agreed": "Colleagues do not say whether Erin is in."},
    )
    page = world.client("manager").get("/").content.decode()
    assert "Review of" in page and "Overdue" in page and "Look again at an action" in page
    head = world.client("head").get("/").content.decode()
    assert "needs your decision" in head
    assert "needs your decision" not in page
    assert "Review of" not in world.client("colleague").get("/").content.decode()


def test_the_command_is_called_send_reminders(monkeypatch):
    """`harbour send-reminders`, as written in the crontab line in the README."""
    from django.core import management

    from harbour import cli

    called = []
    monkeypatch.setattr(management, "execute_from_command_line", called.append)
    monkeypatch.setattr("sys.argv", ["harbour", "send-reminders"])
    cli.main()
    assert called == [["harbour", "send_reminders"]]
