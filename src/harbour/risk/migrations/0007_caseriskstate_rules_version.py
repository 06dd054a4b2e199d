"""Each case's kept risk state says which rules version wrote it. Existing rows
get 0, older than any version, so the first migrate with this code rebuilds them
after the last migration (risk/rebuild.py: after_migrate), not in here."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0006_caseriskstate_attempts"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseriskstate",
            name="rules_version",
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
    ]
