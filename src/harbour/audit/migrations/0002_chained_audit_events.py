"""Audit events become links of per-school hash chains (audit/chain.py): the new
columns, then every existing event chained in the order it was written."""

import django.utils.timezone
from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from harbour.audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    last: dict[str, tuple[int, str]] = {}
    batch = []
    for event in AuditEvent.objects.order_by("at", "id").iterator(chunk_size=2000):
        event.chain = chain.chain_of(event.school_id)
        position, previous = last.get(event.chain, (0, chain.GENESIS))
        event.position, event.previous_hash = position + 1, previous
        event.entry_hash = chain.hash_of(event)
        last[event.chain] = (event.position, event.entry_hash)
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["chain", "position", "previous_hash", "entry_hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["chain", "position", "previous_hash", "entry_hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(default="", editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="position",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="entry_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "position"), name="one_event_per_audit_chain_position"
            ),
        ),
    ]
