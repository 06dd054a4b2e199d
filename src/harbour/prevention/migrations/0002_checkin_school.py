import django.db.models.deletion
from django.db import migrations, models


def fill_school(apps, schema_editor):
    CheckIn = apps.get_model("prevention", "CheckIn")
    StaffMember = apps.get_model("schools", "StaffMember")
    for school_id in StaffMember.objects.values_list("school_id", flat=True).distinct():
        CheckIn.objects.filter(employee__school_id=school_id).update(school_id=school_id)


class Migration(migrations.Migration):
    dependencies = [
        ("prevention", "0001_initial"),
        ("schools", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="school",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="schools.school"
            ),
        ),
        migrations.RunPython(fill_school, migrations.RunPython.noop),
    ]
