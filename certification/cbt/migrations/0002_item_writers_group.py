"""The item writers' group ("Penulis soal") with the permission to write and see test items (docs/cbt.md)."""

from django.db import migrations


def add_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("cbt")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Penulis soal")
    permission = Permission.objects.filter(codename="write_items", content_type__app_label="cbt").first()
    if permission is not None:
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Penulis soal").delete()


class Migration(migrations.Migration):
    dependencies = [("cbt", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(add_group, remove_group)]
