"""Search text with punctuation as spaces ("t-SNE" is "t sne", "Q-learning" "q learning"), so a
query finds a name however it is written; and, on SQLite, the search index's update trigger fires
only when the search text changes (methods.search restores the triggers after any migrate). On
PostgreSQL, one trigram index of both languages' search text.
"""

from django.db import migrations

from methods import search
from methods.text import fold, folded_lines, split_aliases


def refold(apps, schema_editor):
    """What Method.refresh_search_text writes, with the fold() of this migration."""
    Method = apps.get_model("methods", "Method")
    methods = list(Method.objects.all())
    for method in methods:
        names = [method.name, method.acronym, method.vietnamese_name]
        aliases = [method.aliases_vi or "", method.aliases_en or ""]
        method.folded_names = folded_lines(
            [*names, *(alias for text in aliases for alias in split_aliases(text))]
        )
        for code, other in (("vi", "en"), ("en", "vi")):
            summary = getattr(method, f"summary_{code}") or getattr(method, f"summary_{other}")
            parts = [*names, *aliases, method.originator, summary]
            setattr(method, f"search_text_{code}", fold(" ".join(p for p in parts if p)))
    fields = ["folded_names", "search_text_vi", "search_text_en"]
    Method.objects.bulk_update(methods, fields, batch_size=500)


def update_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {search.INDEX}_update")
        search.restore_triggers(schema_editor.connection.alias)


# PostgreSQL: one trigram index of both languages' text, as search reads it (both, on every
# page). With an index per column, the planner chose to scan the table rather than combine them.
LANGUAGES = ["vi", "en"]
BOTH = " || ' ' || ".join(f"COALESCE(search_text_{code}, '')" for code in LANGUAGES)


def one_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX methods_method_search_text ON methods_method USING gin (({BOTH}) gin_trgm_ops)"
        )
        for code in LANGUAGES:
            schema_editor.execute(f"DROP INDEX methods_method_search_{code}")


def index_per_language(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for code in LANGUAGES:
            schema_editor.execute(
                f"CREATE INDEX methods_method_search_{code} ON methods_method "
                f"USING gin (search_text_{code} gin_trgm_ops)"
            )
        schema_editor.execute("DROP INDEX methods_method_search_text")


class Migration(migrations.Migration):
    dependencies = [("methods", "0015_typed_relations_and_characteristics")]

    operations = [
        migrations.RunPython(update_trigger, migrations.RunPython.noop),
        migrations.RunPython(one_index, index_per_language),
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
