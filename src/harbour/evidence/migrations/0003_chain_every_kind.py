"""The chain covers every record of the case's story: a kind may be longer, and a
record the app changes (a plan action, a restriction) is chained at each change,
so one record can have several entries."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_chain_existing_records")]

    operations = [
        migrations.AlterField(model_name="chainentry", name="kind", field=models.CharField(max_length=32)),
        migrations.RemoveConstraint(model_name="chainentry", name="one_entry_per_record"),
        migrations.AddIndex(
            model_name="chainentry",
            index=models.Index(fields=["case", "kind", "object_id"], name="chain_entry_by_record"),
        ),
    ]
