from django.db import migrations


def build(apps, schema_editor):
    # Existing cases get their kept state once, worked out by the same rules the
    # services use (a new database has no cases, so this does nothing there).
    Case = apps.get_model("cases", "Case")
    if Case.objects.exists():
        from harbour.risk import rebuild

        rebuild.rebuild_all()


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0002_caseriskstate_namematch"),
        ("cases", "0005_personofconcern_name_key"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
