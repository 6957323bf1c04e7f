"""Version 1 of the accreditation instrument (six standards, indicators, descriptors, grade rules),
so a fresh database has an instrument to assess with."""

from django.db import migrations


def load(apps, schema_editor):
    from accreditation.reference import load as load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
