"""The audit trail cannot be rewritten quietly: the queryset and the database
refuse, its hash chain catches what goes past them, and the head log catches
the newest entries deleted together with their anchors."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from harbour.audit import verify as audit_verify
from harbour.audit.append_only import AppendOnly
from harbour.audit.models import AuditEvent
from harbour.evidence.models import ChainEntry
from harbour.evidence.verify import verify_case
from tests import factories
from tests.evidence import tamper


def _chain(world) -> str:
    return f"school-{world.school.pk}"


def _verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify", stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_every_event_is_a_link_of_its_schools_chain(world):
    events = list(AuditEvent.objects.filter(chain=_chain(world)).order_by("position"))
    assert [e.position for e in events] == list(range(1, len(events) + 1))
    assert audit_verify.verify_chain(_chain(world)).intact
    assert _verify()[0] == 0


def test_what_someone_does_outside_any_school_is_chained_as_theirs(world):
    # A case list names cases from several schools, so its event has no school: it
    # goes in the reader's own chain, not one that every reader in the trust shares.
    for persona in ("manager", "head", "manager"):
        assert world.client(persona).get("/cases/").status_code == 200
    listed = AuditEvent.objects.filter(action="case.listed")
    assert {(e.actor_id, e.chain) for e in listed} == {
        (world.manager.user.pk, f"user-{world.manager.user.pk}"),
        (world.head.user.pk, f"user-{world.head.user.pk}"),
    }
    own = AuditEvent.objects.filter(chain=f"user-{world.manager.user.pk}").order_by("position")
    assert [e.position for e in own] == list(range(1, own.count() + 1))
    assert all(audit_verify.verify_chain(name).intact for name in audit_verify.chains())
    assert _verify()[0] == 0


@pytest.mark.parametrize("model", [AuditEvent, ChainEntry])
def test_queryset_update_and_delete_are_refused(world, model):
    with pytest.raises(AppendOnly):
        model.objects.all().update(entry_hash="0" * 64)
    with pytest.raises(AppendOnly):
        model.objects.all().delete()
    row = model.objects.first()
    with pytest.raises(AppendOnly):
        row.delete()
    with pytest.raises(AppendOnly):
        row.save()


@pytest.mark.parametrize("table", ["audit_auditevent", "evidence_chainentry"])
def test_a_raw_sql_update_is_refused_by_the_database(world, table):
    with pytest.raises(IntegrityError), transaction.atomic():
        tamper.sql(f"UPDATE {table} SET entry_hash = %s", ["0" * 64])


@pytest.mark.parametrize("table", ["audit_auditevent", "evidence_chainentry"])
def test_a_raw_sql_delete_is_refused_by_the_database(world, table):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite has no DELETE trigger: Django resets SQLite test databases with DELETE FROM, "
            "which it would stop. There the queryset refuses and the chains catch a raw DELETE "
            "(test_a_deleted_event_is_caught)."
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        tamper.sql(f"DELETE FROM {table}")


def test_a_changed_event_is_caught(world):
    event = AuditEvent.objects.filter(chain=_chain(world)).order_by("position")[1]
    tamper.drop_triggers("audit_auditevent")
    tamper.update_row(AuditEvent, event.pk, action="case.viewed")
    report = audit_verify.verify_chain(_chain(world))
    assert report.breaks == [
        f"audit event {event.pk} (case.viewed) at position {event.position}: "
        "has been changed since it was written"
    ]


def test_a_deleted_event_is_caught(world):
    event = AuditEvent.objects.filter(chain=_chain(world)).order_by("position")[1]
    tamper.drop_triggers("audit_auditevent")
    tamper.delete_row(AuditEvent, event.pk)
    breaks = audit_verify.verify_chain(_chain(world)).breaks
    assert f"position {event.position}: an audit event is missing" in breaks
    code, out = _verify()
    assert code == 1 and f"audit trail {_chain(world)}: " in out


def test_an_inserted_event_is_caught(world):
    event = AuditEvent.objects.filter(chain=_chain(world)).order_by("position")[1]
    tamper.sql(
        "INSERT INTO audit_auditevent (at, action, school_id, object_type, object_id, via, detail, chain, "
        "previous_hash, entry_hash) VALUES (%s, 'case.viewed', %s, '', '', 'web', '{}', %s, '', '')",
        [event.at, world.school.pk, _chain(world)],
    )
    sneaked = AuditEvent.objects.get(chain=_chain(world), position=None)
    assert f"audit event {sneaked.pk} (case.viewed): is not in the audit chain" in (
        audit_verify.verify_chain(_chain(world)).breaks
    )


def test_deleting_the_newest_entries_with_their_anchors_is_caught_by_the_head_log(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.CHAIN_HEAD_LOG = str(tmp_path)
    settings.CHAIN_HEAD_KEY = "test-only-head-key"
    with django_capture_on_commit_callbacks(execute=True):
        last = factories.record(world.case, world.manager, world.employee, world.person)
    assert _verify()[0] == 0
    # Behind the app: the incident, its chain entry and every audit event after it, newest first.
    entry = ChainEntry.objects.get(case=world.case, kind="incident", object_id=last.pk)
    anchor = AuditEvent.objects.get(action="chain.appended", object_id=str(entry.pk))
    tamper.drop_triggers("audit_auditevent", "evidence_chainentry")
    tamper.sql(
        "DELETE FROM audit_auditevent WHERE chain = %s AND position >= %s", [anchor.chain, anchor.position]
    )
    tamper.delete_row(ChainEntry, entry.pk)
    tamper.delete_row(type(last), last.pk)
    # The database alone now looks whole…
    assert verify_case(world.case, check_files=False).breaks == []
    assert audit_verify.verify_chain(anchor.chain).intact
    # …the head log does not.
    code, out = _verify()
    assert code == 1
    assert f"entry {entry.position}: the head log recorded it at" in out
    assert f"position {anchor.position}: the head log recorded it at" in out


def test_an_altered_head_log_line_is_reported(world, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.CHAIN_HEAD_LOG = str(tmp_path)
    settings.CHAIN_HEAD_KEY = "test-only-head-key"
    with django_capture_on_commit_callbacks(execute=True):
        factories.record(world.case, world.manager, world.employee, world.person)
    log = tmp_path / "chain-heads.jsonl"
    log.write_text(log.read_text().replace('"position": ', '"position": 1', 1))
    code, out = _verify()
    assert code == 1 and "head log line 1: its signature does not match" in out


def test_send_chain_heads_anchors_and_mails_hashes_only(world, settings, tmp_path, smtp):
    settings.CHAIN_HEAD_LOG = str(tmp_path)
    settings.CHAIN_HEAD_KEY = "test-only-head-key"
    settings.CHAIN_HEADS_EMAIL_TO = ["dpo@example.org"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.server_address[1]
    call_command("send_chain_heads", stdout=io.StringIO())
    (message,) = smtp.wait_for(1)
    assert message["To"] == "dpo@example.org"
    body = message.as_string()
    assert f"case-{world.case.pk}" in body and _chain(world) in body
    assert world.incident.account not in body and world.person.name not in body
    logged = (tmp_path / "chain-heads.jsonl").read_text()
    assert f'"chain": "case-{world.case.pk}"' in logged
    exported = io.StringIO()
    call_command("export_chain_heads", stdout=exported)
    assert f'"chain": "case-{world.case.pk}"' in exported.getvalue()
    assert _verify()[0] == 0
