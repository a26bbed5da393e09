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


def test_names_imported_twice_in_another_case_are_left_to_the_older_method(transactional_db):
    """Before migration 0019 the importer could add "gan" beside GAN; the migration keeps each
    name its first method's, and empty translations become none."""
    apps = migrate([("methods", "0018_search_text_in_its_own_language")])
    taxa = {
        key: apps.get_model("methods", model).objects.create(slug=key, name_vi="", name_en=key)
        for key, model in [("field", "ResearchField"), ("family", "Family"), ("type", "MethodType")]
    }
    common = {
        **taxa,
        **{"year": 2014, "work_year": 2014, "work_title": "GANs", "url": "https://example.org"},
        **{"summary_vi": "Tóm tắt.", "summary_en": "", "aliases_vi": "", "aliases_en": ""},
    }
    method = apps.get_model("methods", "Method")
    method.objects.create(
        slug="generative-adversarial-network",
        name="Generative Adversarial Network",
        acronym="GAN",
        vietnamese_name="Mạng sinh đối kháng",
        **common,
    )
    method.objects.create(
        slug="gan", name="Generative adversarial network", acronym="gan", **common
    )
    migrate([("methods", "0019_one_rule_for_names")])
    methods = Method.objects.only("slug", "name", "acronym", "vietnamese_name").order_by("pk")
    assert [(m.slug, m.name, m.acronym) for m in methods] == [
        ("generative-adversarial-network", "Generative Adversarial Network", "GAN"),
        ("gan", "Generative adversarial network (gan)", ""),
    ]
    assert set(Method.objects.values_list("summary_en", "aliases_vi", "aliases_en")) == {
        (None, None, None)
    }
    assert apps.get_model("methods", "ResearchField").objects.get().name_vi is None
