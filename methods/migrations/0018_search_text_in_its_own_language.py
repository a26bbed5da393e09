from django.db import migrations

from methods.text import fold

LANGUAGES = ("vi", "en")


def search_texts_in_their_own_language(apps, schema_editor):
    """A method's search text in a language held the other language's summary where that one
    was missing (as the page shows it); it now holds that language's own alone (the model's
    refresh_search_text). Only methods missing a summary change."""
    Method = apps.get_model("methods", "Method")
    missing = Method.objects.filter(summary_vi="") | Method.objects.filter(summary_en="")
    missing |= Method.objects.filter(summary_vi__isnull=True) | Method.objects.filter(
        summary_en__isnull=True
    )
    changed = []
    for method in missing.iterator(chunk_size=1000):
        names = [method.name, method.acronym, method.vietnamese_name]
        aliases = [getattr(method, f"aliases_{code}") for code in LANGUAGES]
        for code in LANGUAGES:
            parts = [*names, *aliases, method.originator, getattr(method, f"summary_{code}")]
            setattr(method, f"search_text_{code}", fold(" ".join(p for p in parts if p)))
        changed.append(method)
    Method.objects.bulk_update(
        changed, [f"search_text_{code}" for code in LANGUAGES], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [("methods", "0017_covering_filter_indexes")]

    operations = [
        migrations.RunPython(search_texts_in_their_own_language, migrations.RunPython.noop)
    ]
