"""One rule for names (methods.names): a method's name, acronym and Vietnamese name are each its
own in any case, which the database now keeps within each column. Imports made before could
give a second method a case variant of another's name ("gan" beside GAN); the older method keeps
it, the newer one loses the acronym or Vietnamese name, and a repeated name gets its slug added.

And a text not written in a language is NULL, never "" (the importer wrote "" for the
Vietnamese name of the fields and families it created, which then sorted first).
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Lower

# Every translated column a reader sees, as of this migration.
TRANSLATED = {
    "researchfield": ["name"],
    "family": ["name"],
    "methodtype": ["name"],
    "method": ["aliases", "summary"],
    "property": ["label", "help", "unit"],
}
LANGUAGES = ["vi", "en"]


def keep_each_name_once(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    for field in ("name", "acronym", "vietnamese_name"):
        seen = set()
        rows = (
            Method.objects.exclude(**{field: ""})
            .annotate(key=Lower(field))
            .order_by("pk")
            .values_list("pk", "slug", field, "key")
        )
        for pk, slug, value, key in rows:
            if key not in seen:
                seen.add(key)
                continue
            kept = f"{value} ({slug})" if field == "name" else ""
            Method.objects.filter(pk=pk).update(**{field: kept})


def blank_translations_as_null(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("methods", model_name)
        for field in fields:
            for code in LANGUAGES:
                column = f"{field}_{code}"
                model.objects.filter(**{column: ""}).update(**{column: None})
    if schema_editor.connection.vendor == "postgresql":
        # The rows' deferred foreign-key checks, now: PostgreSQL builds no index on a table
        # with checks pending in the transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0018_search_text_in_its_own_language"),
    ]

    operations = [
        migrations.RunPython(keep_each_name_once, migrations.RunPython.noop),
        migrations.RunPython(blank_translations_as_null, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="method",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="method_name_once_in_any_case",
            ),
        ),
        *(
            migrations.AddConstraint(
                model_name="method",
                constraint=models.UniqueConstraint(
                    django.db.models.functions.text.Lower(field),
                    condition=models.Q((field, ""), _negated=True),
                    name=f"method_{field}_once_in_any_case",
                ),
            )
            for field in ("acronym", "vietnamese_name")
        ),
    ]
