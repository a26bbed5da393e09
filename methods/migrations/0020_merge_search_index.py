"""The SQLite search index merged into one segment: an import of 10,000 methods had left it in
nine, with the rows it replaced still in them, and every search read them all. Imports merge
it from now on (methods.search.merge_index)."""

from django.db import migrations

from methods import search


def merge(apps, schema_editor):
    search.merge_index(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("methods", "0019_one_rule_for_names")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
