"""The hash chain and `harbour verify`: tampering behind the app's back is caught."""

import io

import pytest
from django.core.management import CommandError, call_command

from harbour.cases import services as case_services
from harbour.cases.models import Incident, IncidentAmendment
from harbour.evidence import chain, storage
from harbour.evidence.models import ChainEntry, EvidenceItem
from harbour.evidence.verify import verify_case
from tests import factories
from tests.evidence import tamper
from tests.evidence.helpers import add_file


@pytest.fixture
def chained(world):
    """The world's incident, a correction to it, a second incident and an attachment."""
    amendment = case_services.amend_incident(
        origin=factories.origin(world.manager),
        incident=world.incident,
        values={"location_detail": "By the side gate"},
        reason="Place was vague",
    )
    second = factories.record(world.case, world.manager, world.employee, world.person)
    item = add_file(world, incident=second)
    return world, amendment, second, item


def _position(case, kind, object_id) -> int:
    return ChainEntry.objects.get(case=case, kind=kind, object_id=object_id).position


def _verify(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_every_record_enters_the_chain_in_order(chained):
    world, amendment, second, item = chained
    entries = list(ChainEntry.objects.filter(case=world.case).order_by("position"))
    # The case's opening (its first status and the person linked) comes first.
    assert [e.kind for e in entries[:2]] == ["status_change", "person_link"]
    assert [(e.kind, e.object_id) for e in entries[2:]] == [
        ("incident", world.incident.pk),
        ("amendment", amendment.pk),
        ("incident", second.pk),
        ("evidence", item.pk),
    ]
    assert entries[0].previous_hash == chain.GENESIS
    assert all(
        later.previous_hash == earlier.entry_hash
        for earlier, later in zip(entries, entries[1:], strict=False)
    )


def test_an_untouched_record_verifies(chained):
    world, *_ = chained
    code, out = _verify("--case", world.case.reference)
    assert code == 0
    assert f"{world.case.reference}: intact (6 entries, 1 files)" in out


def test_a_changed_row_is_caught_and_named(chained):
    world, *_ = chained
    Incident.objects.filter(pk=world.incident.pk).update(account="Nothing much happened.")
    code, out = _verify()
    assert code == 1
    assert f"entry 3 (incident {world.incident.pk}): the record has been changed since it was saved" in out


def test_a_changed_timestamp_is_caught(chained):
    world, amendment, *_ = chained
    IncidentAmendment.objects.filter(pk=amendment.pk).update(at=amendment.at.replace(year=2020))
    report = verify_case(world.case)
    assert [str(b) for b in report.breaks] == [
        f"entry 4 (correction {amendment.pk}): the record has been changed since it was saved"
    ]


def test_a_changed_stored_file_is_caught(chained):
    world, *_, item = chained
    path = storage.path_of(item.stored_name)
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    code, out = _verify("--case", str(world.case.pk))
    assert code == 1
    assert f"evidence {item.pk}'s file (screenshot.png): the stored file has been altered or damaged" in out


def test_a_file_swapped_by_someone_holding_the_key_is_caught_by_its_hash(chained):
    world, *_, item = chained
    storage.path_of(item.stored_name).write_bytes(storage.encrypt(b"another picture", name=item.stored_name))
    report = verify_case(world.case)
    assert any("SHA-256 no longer matches" in b.problem for b in report.breaks)


def test_a_missing_file_is_caught(chained):
    world, *_, item = chained
    storage.path_of(item.stored_name).unlink()
    assert any(b.problem == "the stored file is missing" for b in verify_case(world.case).breaks)


def test_a_deleted_row_is_caught(chained):
    world, amendment, *_ = chained
    IncidentAmendment.objects.filter(pk=amendment.pk).delete()
    code, out = _verify()
    assert code == 1
    assert f"entry 4 (correction {amendment.pk}): the record it covers has been deleted" in out


def test_a_deleted_chain_entry_breaks_the_links_after_it(chained):
    world, *_ = chained
    tamper.drop_triggers("evidence_chainentry")
    tamper.sql("DELETE FROM evidence_chainentry WHERE case_id = %s AND position = 4", [world.case.pk])
    problems = [str(b) for b in verify_case(world.case).breaks]
    assert "entry 4: is missing from the chain" in problems
    assert any(p.startswith("entry 5") and "does not follow on" in p for p in problems)
    assert any("is not in the chain" in p for p in problems)


def test_deleting_the_last_record_and_its_entry_is_still_caught(chained):
    world, *_, item = chained
    tamper.drop_triggers("evidence_chainentry")
    entry = ChainEntry.objects.get(case=world.case, kind="evidence", object_id=item.pk)
    tamper.delete_row(ChainEntry, entry.pk)
    tamper.delete_row(EvidenceItem, item.pk)
    problems = [str(b) for b in verify_case(world.case).breaks]
    assert problems == [
        f"entry {entry.position}: the audit trail records it, but the chain no longer holds it"
    ]


def test_a_rewritten_entry_hash_is_caught(chained):
    world, *_ = chained
    tamper.drop_triggers("evidence_chainentry")
    tamper.sql(
        "UPDATE evidence_chainentry SET entry_hash = %s WHERE case_id = %s AND position = 3",
        ["0" * 64, world.case.pk],
    )
    problems = [str(b) for b in verify_case(world.case).breaks]
    assert any(p.startswith("entry 3") and "own hash" in p for p in problems)
    assert any(p.startswith("entry 4") and "does not follow on" in p for p in problems)


def test_a_row_added_outside_the_app_is_not_in_the_chain(chained):
    world, *_ = chained
    sneaked = Incident.objects.get(pk=world.incident.pk)
    sneaked.pk = None
    sneaked.save()
    assert f"incident {sneaked.pk}: is not in the chain" in [str(b) for b in verify_case(world.case).breaks]


def test_verify_names_an_unknown_case(db):
    with pytest.raises(CommandError, match="No case HB-99999"):
        call_command("verify", "--case", "HB-99999")


def test_other_cases_are_unaffected_by_a_break_in_one(chained):
    world, *_ = chained
    other = factories.make_case(world.other_manager, world.colleague)
    factories.record(other, world.other_manager, world.colleague)
    Incident.objects.filter(pk=world.incident.pk).update(account="changed")
    code, out = _verify()
    assert code == 1 and f"{other.reference}: intact" in out


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("status", "closed", "its status is closed, but its status history ends with open"),
        ("risk_level", "low", "its risk level is not the one last decided"),
        ("champion_sees", "everything", "its champion sees differs from the employee's latest choice"),
    ],
)
def test_the_case_row_rewritten_against_its_history_is_caught(world, field, value, problem):
    from harbour.cases import confidentiality
    from harbour.cases.models import Case

    confidentiality.set_choices(
        origin=factories.origin(world.employee),
        case=world.case,
        colleagues_may_know="not_on_site",
        champion_sees="support",
    )
    assert verify_case(world.case).intact
    Case.objects.filter(pk=world.case.pk).update(**{field: value})
    world.case.refresh_from_db()
    assert [str(b) for b in verify_case(world.case).breaks] == [f"case {world.case.reference}: {problem}"]
