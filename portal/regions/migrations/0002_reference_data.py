from django.db import migrations


def load(apps, schema_editor):
    from portal.regions.reference import load as load_reference

    load_reference(apps.get_model("regions", "RegionalOffice"), apps.get_model("regions", "Province"))


def unload(apps, schema_editor):
    apps.get_model("regions", "Province").objects.all().delete()
    apps.get_model("regions", "RegionalOffice").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
