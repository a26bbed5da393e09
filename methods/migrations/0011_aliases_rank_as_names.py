from django.db import migrations

from methods.text import folded_lines, split_aliases


def refold(apps, schema_editor):
    """Aliases now rank as names in search: write every method's folded names again."""
    Method = apps.get_model("methods", "Method")
    methods = list(Method.objects.all())
    for method in methods:
        aliases = split_aliases(method.aliases_vi or "") + split_aliases(method.aliases_en or "")
        names = [method.name, method.acronym, method.vietnamese_name, *aliases]
        method.folded_names = folded_lines(names)
    Method.objects.bulk_update(methods, ["folded_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("methods", "0010_catalog_indexes")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
