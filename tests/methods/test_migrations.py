"""Migration 0008 turns translated names into a name, an acronym and a Vietnamese name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from methods.models import Method

BEFORE = [("methods", "0008_catalog_version_changed_at")]
AFTER = [("methods", "0009_method_names")]


def migrate(targets=None):
    """Migrate to targets (the latest migrations by default); their models, as then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def translated_names(transactional_db):
    """Two methods as the catalog held them with names in each language."""
    apps = migrate(BEFORE)
    taxa = {
        key: apps.get_model("methods", model).objects.create(slug=key, name_vi=key, name_en=key)
        for key, model in [("field", "ResearchField"), ("family", "Family"), ("type", "MethodType")]
    }
    common = {
        **taxa,
        **{"year": 2020, "work_year": 2020, "work_title": "A paper", "url": "https://example.org"},
        **{"summary_vi": "Tóm tắt.", "summary_en": "Summary."},
    }
    method = apps.get_model("methods", "Method")
    method.objects.create(
        slug="random-forest",
        name_vi="Rừng ngẫu nhiên",
        name_en="Random Forest",
        aliases_vi="RF",
        aliases_en="Random forests",
        **common,
    )
    method.objects.create(slug="lora", name_vi="LoRA", name_en="LoRA", **common)
    yield
    migrate()


def test_english_names_become_the_names_and_vietnamese_ones_the_vietnamese_names(
    translated_names,
):
    migrate(AFTER)
    # Read as that migration left the table: later migrations add columns the model knows.
    methods = Method.objects.only("slug", "name", "acronym", "vietnamese_name")
    names = {m.slug: (m.name, m.acronym, m.vietnamese_name) for m in methods}
    assert names == {
        "random-forest": ("Random Forest", "", "Rừng ngẫu nhiên"),
        "lora": ("LoRA", "", ""),
    }
    # The search text is rebuilt: either language's names find the method on either page.
    for language in ("vi", "en"):
        with translation.override(language):
            for words in ("rung ngau nhien", "random forests"):
                found = Method.objects.search(words).values_list("slug", flat=True)
                assert list(found) == ["random-forest"]
