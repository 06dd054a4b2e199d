"""Puts incidents and corrections recorded before the hash chain existed into
their cases' chains, in the order they were recorded."""

from django.db import migrations
from django.utils import timezone


def chain_existing(apps, schema_editor):
    from harbour.evidence import chain

    Incident = apps.get_model("cases", "Incident")
    IncidentAmendment = apps.get_model("cases", "IncidentAmendment")
    ChainEntry = apps.get_model("evidence", "ChainEntry")
    records = [("incident", r.recorded_at, r) for r in Incident.objects.all()]
    records += [("amendment", r.at, r) for r in IncidentAmendment.objects.select_related("incident")]
    records.sort(key=lambda item: (item[1], item[0], item[2].pk))
    last_by_case = {}
    for kind, _, record in records:
        case_id = record.case_id if kind == "incident" else record.incident.case_id
        position, previous = last_by_case.get(case_id, (0, chain.GENESIS))
        fields = {
            "position": position + 1,
            "kind": kind,
            "object_id": record.pk,
            "chained_at": timezone.now(),
            "content_hash": chain.sha256(chain.canonical(chain.content_of(kind, record))),
            "previous_hash": previous,
        }
        entry = ChainEntry.objects.create(case_id=case_id, entry_hash=chain.entry_hash(**fields), **fields)
        last_by_case[case_id] = (entry.position, entry.entry_hash)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial"), ("cases", "0004_incident_contact_after_restriction")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
