from django.db import migrations


def build(apps, schema_editor):
    # Existing cases get the reasons for their proposal (and the warnings and the
    # screening those read) once, by the same rules the services use; a new
    # database has no cases, so this does nothing there.
    Case = apps.get_model("cases", "Case")
    if Case.objects.exists():
        from harbour.risk import rebuild

        rebuild.rebuild_cases()


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0004_caseriskstate_reasons"),
        ("cases", "0006_case_list_indexes"),
        ("frontdesk", "0001_initial"),
        ("referrals", "0001_initial"),
        ("schools", "0004_school_awareness_renewal_months"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
