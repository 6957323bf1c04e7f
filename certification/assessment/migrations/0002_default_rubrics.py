from django.db import migrations


def load(apps, schema_editor):
    from certification.assessment.reference import load as load_rubrics

    load_rubrics(apps)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial"), ("certification", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
