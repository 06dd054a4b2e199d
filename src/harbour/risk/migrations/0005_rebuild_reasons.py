from django.db import migrations


def build(apps, schema_editor):
    # Was: rebuild each case's risk state for its reasons. Kept state is rebuilt
    # after migrate now, where its rules version is stale (see 0003).
    return None


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0004_caseriskstate_reasons"),
        ("cases", "0006_case_list_indexes"),
        ("frontdesk", "0001_initial"),
        ("referrals", "0001_initial"),
        ("schools", "0004_school_awareness_renewal_months"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
