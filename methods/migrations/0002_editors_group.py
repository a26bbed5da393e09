from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CATALOG_MODELS = ["method", "researchfield", "family", "methodtype"]


def create_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    app_config = apps.get_app_config("methods")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="methods",
            content_type__model__in=CATALOG_MODELS,
            codename__regex=r"^(add|change|view)_",
        )
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
