"""`harbour verify` catches a changed, a deleted and an inserted row of every
chained kind, on the demo's record written through the services (plus the four
kinds the demo does not write, saved and chained here the way their services do)."""

import copy
import datetime

import pytest
from django.db import models, transaction
from django.utils import timezone

from harbour import demo
from harbour.audit.services import Origin
from harbour.cases.models import Case, Incident
from harbour.diary.models import DiaryEntry
from harbour.evidence import chain
from harbour.evidence.models import ChainEntry, EvidenceWithholding
from harbour.evidence.verify import verify_case
from harbour.risk.models import RiskScreening, SignalAcknowledgement
from tests.evidence import tamper

KINDS = sorted(chain.KINDS)


class _Undone(Exception):
    pass


def _chain_the_rest(case: Case) -> None:
    """The kinds the demo does not write: saved and chained in one transaction."""
    by = case.opened_by
    origin = Origin(user=by, via="cli")
    incident = case.incidents.order_by("pk").first()
    with transaction.atomic():
        screening = RiskScreening.objects.create(
            case=case, fear="very", answers={"threats": "yes"}, suggested="high", recorded_by=by
        )
        chain.append(origin=origin, case=case, kind="risk_screening", record=screening)
        answer = SignalAcknowledgement.objects.create(
            case=case, code="rising_frequency", incident_ids=[incident.pk], decision="no_change",
            reason="Looked at it", by=by,
        )  # fmt: skip
        chain.append(origin=origin, case=case, kind="signal_answer", record=answer)
        choice = EvidenceWithholding.objects.create(case=case, incident=incident, withheld=True, by=by)
        chain.append(origin=origin, case=case, kind="withholding", record=choice)
        shared = Incident.objects.filter(case=case).exclude(pk=incident.pk).order_by("pk").first()
        entry = DiaryEntry.objects.create(
            author=shared.employee, occurred_on=shared.occurred_on, location=shared.location,
            account="Written down first", shared_at=timezone.now(), incident=shared,
        )  # fmt: skip
        chain.append(origin=origin, case=case, kind="diary_entry", record=entry)


@pytest.fixture
def story(db):
    demo.load(schools=False)  # Amira's case is Riverside's; the trust's other schools take seconds more
    case = Case.objects.get(members__staff__full_name="Amira Hassan")
    _chain_the_rest(case)
    assert verify_case(case, check_files=False).breaks == []
    return case


def _one(case, kind):
    model = chain.KINDS[kind]
    return model.objects.filter(**{chain.case_path(model): case}).order_by("-pk").first()


def _where(case, kind, record) -> str:
    entry = ChainEntry.objects.filter(case=case, kind=kind, object_id=record.pk).order_by("-position").first()
    return f"entry {entry.position} ({chain.KIND_LABELS[kind].lower()} {record.pk})"


def _rewritten(field, value):
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.DateTimeField):
        return value - datetime.timedelta(days=3)
    if isinstance(field, models.DateField):
        return (value or timezone.localdate()) - datetime.timedelta(days=3)
    if isinstance(field, models.JSONField):
        return '{"rewritten": true}'
    if getattr(field, "max_length", None):  # a short code: another value that fits
        rewritten = "rewritten"[: field.max_length]
        return rewritten if rewritten != value else rewritten[::-1]
    return (value or "") + " (rewritten)"


def _a_field_to_rewrite(model):
    for name in model.chain_fields:
        field = model._meta.get_field(name.removesuffix("_id"))
        if not field.is_relation and not field.primary_key:
            return field
    raise AssertionError(f"{model.__name__} hashes no plain field")


def test_every_kind_is_in_the_story(story):
    chained = set(ChainEntry.objects.filter(case=story).values_list("kind", flat=True))
    assert chained == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_a_changed_row_is_caught(story, kind):
    record = _one(story, kind)
    model = chain.KINDS[kind]
    field = _a_field_to_rewrite(model)
    tamper.update_row(model, record.pk, **{field.name: _rewritten(field, getattr(record, field.attname))})
    breaks = [str(b) for b in verify_case(story, check_files=False).breaks]
    assert breaks[0] == f"{_where(story, kind, record)}: the record has been changed since it was saved"
    # A status, choice or level rewritten also leaves the case row disagreeing with it; nothing else.
    assert all(b.startswith(f"case {story.reference}: ") for b in breaks[1:])


@pytest.mark.parametrize("kind", KINDS)
def test_a_deleted_row_is_caught(story, kind):
    record = _one(story, kind)
    where = _where(story, kind, record)
    # In a savepoint undone afterwards: rows pointing at the deleted one must not
    # outlive the test (the database checks foreign keys at its end).
    with pytest.raises(_Undone), transaction.atomic():
        tamper.delete_row(chain.KINDS[kind], record.pk)
        breaks = [str(b) for b in verify_case(story, check_files=False).breaks]
        raise _Undone
    assert f"{where}: the record it covers has been deleted" in breaks


@pytest.mark.parametrize("kind", KINDS)
def test_an_inserted_row_is_caught(story, kind):
    record = _one(story, kind)
    sneaked = copy.copy(record)
    sneaked.pk = sneaked.id = None
    sneaked._state.adding = True
    if kind == "diary_entry":  # one entry per incident
        sneaked.incident = Incident.objects.filter(case=story, diary_entry__isnull=True).first()
    if kind == "person_link":  # one link per person
        sneaked.person = demo_person = type(record.person).objects.exclude(cases=story).first()
        assert demo_person is not None
    if kind == "order_version":  # one version per number of an order
        sneaked.number = record.number + 100
    if kind == "possible_breach":  # one per order and contact attempt
        attempt = copy.copy(record.attempt)
        attempt.pk = attempt.id = None
        attempt._state.adding = True
        models.Model.save(attempt)
        sneaked.attempt = attempt
    models.Model.save(sneaked)
    breaks = [str(b) for b in verify_case(story, check_files=False).breaks]
    assert f"{chain.KIND_LABELS[kind].lower()} {sneaked.pk}: is not in the chain" in breaks


def test_the_demo_verifies_clean(db):
    import io

    from django.core.management import call_command

    demo.load()
    out = io.StringIO()
    call_command("verify", stdout=out)  # exits 1 on any break
    assert "Every chain and file checked is intact." in out.getvalue()
    assert f"audit trail school-{Case.objects.first().school_id}: intact" in out.getvalue()
