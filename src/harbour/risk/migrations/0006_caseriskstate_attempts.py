from django.db import migrations, models


def build(apps, schema_editor):
    # Was: rebuild each case's risk state with today's code. Kept state is rebuilt
    # after migrate now, where its rules version is stale (see 0003 and 0007).
    return None


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
