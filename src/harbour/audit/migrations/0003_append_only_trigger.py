"""The database itself refuses to rewrite audit events (audit/triggers.py)."""

from django.db import migrations

from harbour.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chained_audit_events")]

    operations = [triggers.operation("audit_auditevent")]
