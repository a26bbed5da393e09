from django.db import migrations

from methods.text import folded_lines


def refold(apps, schema_editor):
    """Aliases now rank as names in search: write every method's folded names again."""
    Method = apps.get_model("methods", "Method")
    methods = list(Method.objects.all())
    for method in methods:
        method.folded_names = folded_lines(
            [method.name, method.acronym, method.vietnamese_name, method.aliases_vi, method.aliases_en]
        )
    Method.objects.bulk_update(methods, ["folded_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("methods", "0010_catalog_indexes")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
