"""Upgrading: records of kinds chained only since this release are put into their
cases' chains (migration evidence 0004), so a database that verified before
verifies after; and the head log cannot be switched on unsigned."""

import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from harbour.evidence.backfill import chain_unchained
from harbour.evidence.verify import verify_case
from harbour.plans.models import Meeting
from harbour.risk.models import RiskDecision
from tests.test_settings import OWN_EVIDENCE_KEY, _start


def test_records_saved_before_their_kind_was_chained_are_chained_in_order(world):
    with transaction.atomic():  # as an older release saved them: no chain entry
        meeting = Meeting.objects.create(
            case=world.case,
            held_on=timezone.localdate(),
            next_meeting_on=timezone.localdate() + datetime.timedelta(days=14),
            recorded_by=world.manager.user,
        )
        decision = RiskDecision.objects.create(
            case=world.case,
            level="medium",
            reason="Older release",
            proposed="low",
            decided_by=world.manager.user,
        )
    before = [str(b) for b in verify_case(world.case).breaks]
    assert f"meeting {meeting.pk}: is not in the chain" in before
    assert f"risk decision {decision.pk}: is not in the chain" in before
    with transaction.atomic():
        assert chain_unchained(apps) == 2
    # What the older release kept beside its decision.
    type(world.case).objects.filter(pk=world.case.pk).update(risk_level="medium")
    world.case.refresh_from_db()
    assert verify_case(world.case).breaks == []
    with transaction.atomic():
        assert chain_unchained(apps) == 0  # run again: nothing more to do


def test_a_head_log_without_its_key_stops_the_start(tmp_path):
    result = _start(
        HARBOUR_DEBUG="false",
        HARBOUR_SECRET_KEY="a-long-random-secret-of-our-own",
        HARBOUR_EVIDENCE_KEYS=OWN_EVIDENCE_KEY,
        HARBOUR_CHAIN_HEAD_LOG=str(tmp_path),
    )
    assert result.returncode != 0 and "HARBOUR_CHAIN_HEAD_KEY is not" in result.stderr


def test_bad_trusted_proxies_stop_the_start():
    result = _start(
        HARBOUR_DEBUG="false",
        HARBOUR_SECRET_KEY="a-long-random-secret-of-our-own",
        HARBOUR_EVIDENCE_KEYS=OWN_EVIDENCE_KEY,
        HARBOUR_TRUSTED_PROXIES="10.0.0.0/8,load-balancer",
    )
    assert result.returncode != 0 and "HARBOUR_TRUSTED_PROXIES must list networks" in result.stderr
