"""A method's name as published, an acronym and a Vietnamese name, instead of a translated name.

The English name becomes the name; a Vietnamese name that differs from it becomes the
Vietnamese name. The search text is rebuilt to hold the names of both languages. On SQLite,
adding a column rebuilds the table, which drops the search index's triggers: they are made
again (migration 0004).
"""

from importlib import import_module

from django.db import migrations, models
from django.db.models.functions import Lower

import methods.validators
from methods.text import fold

search_index = import_module("methods.migrations.0004_search_index")
SQLITE_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS methods_method_search_{event}"
    for event in ("insert", "delete", "update")
] + search_index.SQLITE[1:]  # the triggers and the rebuild; the index table is still there


def move_names(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    for method in Method.objects.all():
        method.name = method.name_en or method.name_vi or method.name
        if method.name_vi and method.name_vi.casefold() != method.name.casefold():
            method.vietnamese_name = method.name_vi
        # What Method.refresh_search_text wrote when this migration was made.
        names = [method.name, method.acronym, method.vietnamese_name]
        method.folded_names = "\n" + "".join(f"{f}\n" for n in names if (f := fold(n)))
        aliases = [method.aliases_vi, method.aliases_en]
        for code, other in (("vi", "en"), ("en", "vi")):
            summary = getattr(method, f"summary_{code}") or getattr(method, f"summary_{other}")
            parts = [*names, *aliases, method.originator, summary]
            setattr(method, f"search_text_{code}", fold(" ".join(p for p in parts if p)))
        method.save()


def restore_translated_names(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    for method in Method.objects.all():
        method.name_en = method.name
        method.name_vi = method.vietnamese_name or method.name
        method.save()


def restore_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("methods", "0008_catalog_version_changed_at")]

    operations = [
        migrations.AddField(
            model_name="method",
            name="acronym",
            field=models.CharField(
                blank=True,
                help_text="The short name researchers use, as “DPO”; blank when the name is short.",
                max_length=40,
                validators=[methods.validators.validate_printable],
                verbose_name="acronym",
            ),
        ),
        migrations.AddField(
            model_name="method",
            name="vietnamese_name",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Only an established Vietnamese term, in sentence case, as “Rừng ngẫu nhiên”; "
                    "blank when Vietnamese researchers say the original name."
                ),
                max_length=200,
                validators=[methods.validators.validate_printable],
                verbose_name="Vietnamese name",
            ),
        ),
        migrations.AddField(
            model_name="method",
            name="folded_names",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="method",
            name="name",
            field=models.CharField(
                help_text="As published, in its original language: “Direct Preference Optimization”.",
                max_length=200,
                validators=[methods.validators.validate_printable],
                verbose_name="name",
            ),
        ),
        migrations.AlterModelOptions(
            name="method",
            options={
                "ordering": [Lower("name")],
                "verbose_name": "method",
                "verbose_name_plural": "methods",
            },
        ),
        migrations.RunPython(move_names, restore_translated_names),
        migrations.RemoveField(model_name="method", name="name_en"),
        migrations.RemoveField(model_name="method", name="name_vi"),
        migrations.RunPython(restore_search_triggers, restore_search_triggers),
    ]
