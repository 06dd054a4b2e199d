"""The database itself refuses to rewrite chain entries (audit/triggers.py)."""

from django.db import migrations

from harbour.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("evidence", "0004_chain_existing_story"), ("audit", "0003_append_only_trigger")]

    operations = [triggers.operation("evidence_chainentry")]
