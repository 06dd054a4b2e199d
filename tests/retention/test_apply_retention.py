"""`harbour apply-retention` erases what the schedule says, with everything in it,
and nothing under a legal hold; `--dry-run` only lists; what stays has no content."""

import io
import json

import pytest
from django.core.management import call_command

from harbour.audit.models import AuditEvent
from harbour.cases import services as case_services
from harbour.cases.models import Case, CasePerson, Incident, IncidentAmendment, PersonOfConcern
from harbour.evidence import storage
from harbour.evidence.models import EvidenceItem, EvidencePack
from harbour.frontdesk.models import ContactRestriction
from harbour.plans.models import Meeting, PlanAction
from harbour.retention import holds, schedule, sweep
from harbour.retention.models import CaseErasure, RecordKind
from harbour.risk.models import CaseRiskState
from tests import factories
from tests.evidence import helpers as evidence_helpers
from tests.evidence import tamper
from tests.retention.helpers import close, row_counts, years_ago
from tests.test_access_matrix import matrix_world  # noqa: F401  (fixture: a case with every part)

ACCOUNT = "Waited by the gate and asked for the employee by name."


@pytest.fixture
def full_case(matrix_world):  # noqa: F811
    w = matrix_world
    case_services.amend_incident(
        origin=factories.origin(w.manager),
        incident=w.incident,
        values={"location_detail": "The side gate"},
        reason="The employee remembered which gate.",
    )
    w.pack = evidence_helpers.built_pack(w)
    # Another case of the same school, open, naming the same person: it and they stay.
    w.other_employee = factories.make_staff(w.school, full_name="Oona Other")
    w.open_case = factories.make_case(w.manager, w.other_employee, people=[w.spare_person])
    factories.record(w.open_case, w.manager, w.other_employee, w.spare_person)
    return w


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The command, with what it does once committed (removing files) done at once."""

    def run(*args) -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("apply_retention", *args, stdout=out)
        return out.getvalue()

    return run


def test_a_closed_case_past_its_period_goes_with_every_part_and_its_files(full_case, run):
    w = full_case
    close(w.case, w.manager, years_ago(6.1))
    files = [w.evidence.stored_name, w.evidence.preview_name, w.pack.pdf_name, w.pack.zip_name]
    assert all(name in storage.stored_names() for name in files if name)
    case_id = w.case.pk

    out = run()

    assert f"closed_case: erased 1 ({case_id})" in out
    for model in (Incident, EvidenceItem, EvidencePack, Meeting, PlanAction, ContactRestriction, CasePerson):
        assert not model.objects.filter(case_id=case_id).exists(), model
    assert not IncidentAmendment.objects.filter(incident__case_id=case_id).exists()
    assert not CaseRiskState.objects.filter(case_id=case_id).exists()
    # The person of concern was on this case only; the one also on the open case stays.
    assert not PersonOfConcern.objects.filter(pk=w.person.pk).exists()
    assert PersonOfConcern.objects.filter(pk=w.spare_person.pk).exists()
    assert not set(files) & set(storage.stored_names())
    # The open case is untouched.
    assert Incident.objects.filter(case=w.open_case).count() == 1
    erased = CaseErasure.objects.get(case_id=case_id)
    assert erased.months == 72 and erased.counts["cases.Incident"] == 2
    assert erased.counts["evidence files"] == len([f for f in files if f])


def test_a_case_closed_less_long_ago_than_its_period_stays(full_case, run):
    close(full_case.case, full_case.manager, years_ago(5.9))
    assert "0 record(s) erased." in run()
    assert Incident.objects.filter(case=full_case.case).count() == 2


def test_the_schools_own_period_decides(full_case, run):
    w = full_case
    close(w.case, w.manager, years_ago(2.1))
    schedule.set_periods(
        origin=factories.origin(w.admin), school=w.school, months={RecordKind.CLOSED_CASE: 24}
    )
    run()
    assert CaseErasure.objects.filter(case_id=w.case.pk).exists()


def test_a_legal_hold_keeps_the_whole_case_until_it_is_lifted(full_case, run):
    w = full_case
    close(w.case, w.manager, years_ago(7))
    holds.place_hold(origin=factories.origin(w.admin), case=w.case, reason="Employment tribunal claim")

    out = run()

    assert f"kept by a legal hold {w.case.pk}" in out
    assert Incident.objects.filter(case=w.case).count() == 2
    assert EvidenceItem.objects.filter(case=w.case).count() == 1
    assert w.evidence.stored_name in storage.stored_names()
    holds.lift_hold(origin=factories.origin(w.admin), case=w.case, reason="Claim settled")
    run()
    assert not Incident.objects.filter(case_id=w.case.pk).exists()


def test_a_dry_run_lists_ids_kinds_and_dates_and_changes_nothing(full_case, run):
    w = full_case
    close(w.case, w.manager, years_ago(6.5))
    before = row_counts()
    blobs = storage.stored_names()

    out = run("--dry-run", "--json")

    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert {"kind": "closed_case", "id": w.case.pk, "school_id": w.school.pk} | {
        k: rows[0][k] for k in ("counted_from", "months", "held")
    } in rows
    assert "Nothing was changed." in out
    assert row_counts() == before
    assert storage.stored_names() == blobs
    for narrative in (ACCOUNT, "Pat Concern", "Erin Employee", "Waited at the gate"):
        assert narrative not in out


def test_what_is_left_holds_no_content(full_case, run):
    w = full_case
    close(w.case, w.manager, years_ago(6.5))
    run()
    left = json.dumps(
        [
            list(CaseErasure.objects.values()),
            list(AuditEvent.objects.filter(action__startswith="retention.").values()),
        ],
        default=str,
    )
    for content in (
        ACCOUNT,
        "Pat Concern",
        "Erin Employee",
        "side gate",
        "Ask them to wait",
        "Messages on Tuesday",
    ):
        assert content not in left
    assert not Case.objects.filter(pk=w.case.pk, front_desk_instruction__gt="").exists()


def test_records_outside_cases_go_by_their_own_periods(full_case, run):
    w = full_case
    from harbour.api.models import ApiToken
    from harbour.diary.models import DiaryEntry
    from harbour.prevention.models import CheckIn

    old = years_ago(7)
    DiaryEntry.objects.filter(pk=w.diary_entry.pk).update(recorded_at=old)
    CheckIn.objects.filter(pk=w.check_in.pk).update(held_on=old.date())
    ApiToken.objects.filter(pk=w.manager_token.pk).update(revoked_at=years_ago(1.1))
    live_token = factories.api_client(w.head)  # noqa: F841 - a token never revoked stays

    out = run()

    assert not DiaryEntry.objects.filter(pk=w.diary_entry.pk).exists()
    assert not CheckIn.objects.filter(pk=w.check_in.pk).exists()
    assert not ApiToken.objects.filter(pk=w.manager_token.pk).exists()
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1
    assert "private_diary: erased 1" in out and "api_token: erased 1" in out
    # A second run finds nothing more to do.
    assert "0 record(s) erased." in run()


def test_a_bad_now_is_a_clear_error(db, run):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO date"):
        run("--now", "next tuesday")


def test_the_outcome_counts_only_what_this_run_erased(full_case):
    close(full_case.case, full_case.manager, years_ago(6.5))
    first = sweep.apply()
    second = sweep.apply()
    assert first.total >= 1 and second.total == 0


def test_verify_explains_the_erased_case_and_still_checks_its_chain(full_case, run):
    from harbour.evidence.models import ChainEntry
    from harbour.evidence.verify import verify_case

    w = full_case
    close(w.case, w.manager, years_ago(6.5))
    assert verify_case(w.case).intact
    run()
    case = Case.objects.get(pk=w.case.pk)
    report = verify_case(case)
    assert report.erased and report.intact, report.breaks
    assert report.entries == case.erasure.chain_length > 0
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "Every chain and file checked is intact." in out.getvalue()
    # The chain is still checked link by link: a changed entry of the erased case is caught.
    entry = ChainEntry.objects.filter(case=case).order_by("position").first()
    tamper.drop_triggers(ChainEntry._meta.db_table)
    tamper.update_row(ChainEntry, entry.pk, content_hash="0" * 64)
    assert not verify_case(case).intact
