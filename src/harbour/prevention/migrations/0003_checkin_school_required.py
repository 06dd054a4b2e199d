import django.db.models.deletion
from django.db import migrations, models


# Apart from 0002 so PostgreSQL does not alter a table with the fill's triggers still pending.
class Migration(migrations.Migration):
    dependencies = [("prevention", "0002_checkin_school")]

    operations = [
        migrations.AlterField(
            model_name="checkin",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="schools.school"
            ),
        ),
    ]
