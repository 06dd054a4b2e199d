from django.db import migrations


def build(apps, schema_editor):
    # Existing cases get their kept state once, worked out by the same rules the
    # services use (a new database has no cases, so this does nothing there).
    # Only the names and the trust's matches here: the case risk state is written
    # by today's code, whose columns exist only after the latest risk migration,
    # so that migration (0006) rebuilds it.
    Case = apps.get_model("cases", "Case")
    if Case.objects.exists():
        from harbour.risk import rebuild

        rebuild.rebuild_names()
        rebuild.rebuild_matches()


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0002_caseriskstate_namematch"),
        ("cases", "0005_personofconcern_name_key"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
