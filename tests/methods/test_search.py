"""Search across both languages: researchers find a method by the names they use, on any page."""

import pytest
from django.urls import reverse
from django.utils import translation

from methods import dataset
from methods.models import NAME_FIELDS, Method

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_catalog")]

LANGUAGES = ["vi", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_bundled_method_is_the_first_result_for_each_of_its_names(catalog, language):
    records = dataset.read(dataset.BUNDLED_DATASET)["methods"]
    found_first = {field: 0 for field in NAME_FIELDS}
    missed = []
    with translation.override(language):
        for record in records:
            for field in NAME_FIELDS:
                if not record[field]:
                    continue
                first = Method.objects.search(record[field]).first()
                if first is not None and first.slug == record["slug"]:
                    found_first[field] += 1
                else:
                    missed.append((field, record[field], first and first.slug))
    assert missed == []
    assert found_first["name"] == len(records)
    assert found_first["acronym"] == sum(1 for r in records if r["acronym"])


# What a Vietnamese researcher types, and the method it must find.
PROBES = [
    ("DPO", "direct-preference-optimization"),
    ("latent diffusion", "latent-diffusion-models"),
    ("Direct Preference Optimization", "direct-preference-optimization"),
    ("Mô hình khuếch tán tiềm ẩn", "latent-diffusion-models"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("query", "slug"), PROBES)
def test_the_catalog_shows_the_method_named_first(client, catalog, language, query, slug):
    with translation.override(language):
        response = client.get(reverse("methods:list"), {"q": query})
    assert response.context["page"].object_list[0].slug == slug


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        # Typed without diacritics, in Vietnamese, on either page.
        ("khuech tan", {"latent-diffusion-models", "denoising-diffusion-probabilistic-models"}),
        (
            "tối ưu",
            {
                "direct-preference-optimization",
                "proximal-policy-optimization",
                "trust-region-policy-optimization",
            },
        ),
    ],
)
def test_the_catalog_finds_vietnamese_words_on_every_page(client, catalog, language, query, slugs):
    with translation.override(language):
        response = client.get(reverse("methods:list"), {"q": query})
    assert slugs <= {m.slug for m in response.context["page"].object_list}


@pytest.mark.parametrize("sort", [None, "name"])
def test_the_default_sort_puts_the_method_named_first_then_names_holding_the_words(
    client, catalog, sort
):
    with translation.override("en"):
        url = reverse("methods:list")
    query = {"q": "transformer"} | ({"sort": sort} if sort else {})
    found = client.get(url, query).context["page"].paginator.object_list
    methods = list(found.values_list("relevance", "name"))
    assert methods[0][1] == "Transformer"
    # Then names that start with the words, then names that hold them, then the rest; each by
    # name ("Bidirectional Encoder Representations from Transformers" is one of BERT's names).
    order = [(relevance, name.casefold()) for relevance, name in methods]
    assert order == sorted(order)
    assert [relevance for relevance, _name in methods[:2]] == [0, 1]
    assert {"BERT", "Vision Transformer"} <= {name for relevance, name in methods if relevance < 3}


def test_another_sort_is_kept_when_searching(client, catalog):
    with translation.override("en"):
        url = reverse("methods:list")
    methods = client.get(url, {"q": "transformer", "sort": "-year"}).context["page"].object_list
    assert len(methods) > 2
    assert [m.year for m in methods] == sorted((m.year for m in methods), reverse=True)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("query", "slug"),
    [
        *PROBES,
        ("khuech tan", "latent-diffusion-models"),
        ("tối ưu", "direct-preference-optimization"),
    ],
)
def test_the_add_a_method_search_inside_the_comparison_finds_the_same(
    client, catalog, language, query, slug
):
    with translation.override(language):
        page = reverse("compare:page")
        client.post(reverse("compare:add"), {"method": "qlora"})
    response = client.get(page, {"q": query}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="suggestions")
    assert slug in [m.slug for m in response.context["suggestions"]]
    if query in dict(PROBES):
        assert response.context["suggestions"][0].slug == slug
