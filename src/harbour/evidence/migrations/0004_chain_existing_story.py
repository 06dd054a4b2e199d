"""Puts every record of the case's story saved before its kind was chained (risk
decisions, referrals, meetings, the plan, restrictions, status history, choices,
shared diary entries…) into its case's chain, after the entries already there."""

from django.db import migrations


def chain_existing(apps, schema_editor):
    from harbour.evidence.backfill import chain_unchained

    chain_unchained(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0003_chain_every_kind"),
        ("cases", "0006_case_list_indexes"),
        ("diary", "0001_initial"),
        ("frontdesk", "0001_initial"),
        ("plans", "0002_action_plan_and_reminders"),
        ("referrals", "0001_initial"),
        ("risk", "0003_build_kept_state"),
    ]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
