from django.db import migrations, models


def build(apps, schema_editor):
    # Each case's risk state, with the reasons for its proposal and what they read
    # (warnings, the latest screening, front-desk attempts after a warning), once,
    # by the same rules the services use. A later migration adding a column the
    # state writes should move this rebuild to itself (see 0003 and 0005).
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
