from django.db import migrations


def load(apps, schema_editor):
    from certification.reference import load as load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
