from django.db import migrations, models


def build(apps, schema_editor):
    # Front-desk contact attempts after a warning now count towards the proposal:
    # existing cases get them once, by the same rules the services use.
    Case = apps.get_model("cases", "Case")
    if Case.objects.exists():
        from harbour.risk import rebuild

        rebuild.rebuild_cases()


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0005_rebuild_reasons"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseriskstate",
            name="attempts",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
