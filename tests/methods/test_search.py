"""Search across both languages: researchers find a method by the names they use, on any page."""

import pytest
from django.db import connection
from django.test.html import parse_html
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from methods import dataset, search
from methods.models import NAME_FIELDS, Method
from methods.validators import EARLIEST_YEAR
from tests.helpers import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_catalog")]

LANGUAGES = ["vi", "en"]


def results(client, language: str, query: str, **params):
    with translation.override(language):
        return client.get(reverse("methods:list"), {"q": query, **params})


def first(client, language: str, query: str, count: int = 3, **params) -> list[str]:
    """The names a reader sees first for a query, as the catalog's cards show them."""
    page = results(client, language, query, **params).context["page"]
    return [m.display_name for m in page.object_list[:count]]


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
# What a researcher copies from a paper or a reference list, and the method it names.
BY_PAPER = [
    ("Attention Is All You Need", "transformer"),
    ("deep residual learning", "resnet"),
    ("2305.14314", "qlora"),
    ("arXiv:2305.14314v2", "qlora"),
    ("https://arxiv.org/abs/1706.03762", "transformer"),
    ("https://doi.org/10.1109/cvpr.2016.90", "resnet"),
    ("(doi: 10.52202/075280-0441).", "qlora"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("query", "slug"), PROBES + BY_PAPER)
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
def test_the_default_sort_puts_the_method_named_first_then_names_holding_the_word(
    client, catalog, sort
):
    page = results(client, "en", "transformer", **({"sort": sort} if sort else {}))
    methods = Method.objects.in_order([card.pk for card in page.context["page"].object_list])
    assert methods[0].name == "Transformer"
    # Then every method one of whose names (aliases too) holds the word, before the others.
    named = [" transformer" in f" {m.folded_names}".replace("\n", " ") for m in methods]
    assert named == sorted(named, reverse=True)
    assert {"BERT", "Vision Transformer"} <= {m.name for m in methods[: named.count(True)]}


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


# The review's queries (a Vietnamese PhD student's), and what must come first. Both languages'
# names and summaries are searched on both sites, so each holds on /vi/ and /en/ alike.
FIRST_THREE = [
    ("căn chỉnh", "Direct Preference Optimization (DPO)"),
    ("dimensionality reduction", "Principal Component Analysis (PCA)"),
    ("reward model", "Direct Preference Optimization (DPO)"),
    ("ai", "Constitutional AI (CAI)"),
]
# Where the grown catalog holds several methods the words fit as well (UMAP, Isomap and linear
# discriminant analysis reduce dimensions too; InstructGPT and Llama 2 train a reward model), the
# one the review looked for is among the first five, the others before it of the same kind.
FIRST_FIVE = [
    ("giảm chiều", "Principal Component Analysis (PCA)"),
    ("reward model", "Reinforcement Learning from Human Feedback (RLHF)"),
]
FIRST = [
    ("phân tích thành phần chính", "Principal Component Analysis (PCA)"),
    ("phan tich thanh phan chinh", "Principal Component Analysis (PCA)"),
    ("kiểm định t", "Student's t-test"),
    ("học tăng cường", "Reinforcement Learning from Human Feedback (RLHF)"),
    ("q learning", "Q-learning"),
    ("Q_learning", "Q-learning"),
    ("q/learning", "Q-learning"),
    ("t sne", "t-SNE"),
    ("t.sne", "t-SNE"),
    ("Transformers", "Transformer"),
    ("SVMs", "Support Vector Machine (SVM)"),
    ("random forests", "Random Forest"),
    ("gan", "Generative Adversarial Network (GAN)"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("query", "name"), FIRST_THREE)
def test_the_method_a_query_means_is_in_the_first_three(client, catalog, language, query, name):
    assert name in first(client, language, query)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("query", "name"), FIRST_FIVE)
def test_the_method_a_query_means_is_in_the_first_five(client, catalog, language, query, name):
    assert name in first(client, language, query, count=5)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("query", "name"), FIRST)
def test_the_method_a_query_means_comes_first(client, catalog, language, query, name):
    assert first(client, language, query, count=1) == [name]


def written(method: Method) -> str:
    """What a method is called and says, and its field's and type's names, as written."""
    parts = [method.name, method.vietnamese_name, method.aliases_vi, method.aliases_en]
    parts += [method.summary_vi, method.summary_en, method.field.name_vi, method.type.name_vi]
    return " ".join(p or "" for p in parts).casefold()


@pytest.mark.parametrize("query", ["căn chỉnh", "tăng"])
def test_words_written_as_typed_come_before_words_that_only_fold_alike(client, catalog, query):
    # "căn chỉnh" (alignment) is not "cần" (need) or "chính" (main); "tăng" is not "tầng".
    shown = results(client, "vi", query).context["page"].paginator.object_list
    everything = Method.objects.select_related("field", "type")
    as_typed = {m.pk for m in everything if query in written(m)}
    assert 0 < len(as_typed) < shown.count()
    assert set(shown[: len(as_typed)]) == as_typed


def test_a_word_of_one_or_two_letters_matches_at_the_start_of_a_word_only(client, catalog):
    shown = results(client, "en", "ai").context["page"].paginator.object_list
    # "ai" is in "explainable" and "detail" but starts no word there.
    for method in Method.objects.filter(pk__in=shown):
        text = f" {method.search_text_vi} {method.search_text_en} "
        assert " ai" in text, method.name
    assert 0 < shown.count() < 20


@pytest.mark.parametrize(
    ("language", "found_by"),
    [("en", "Found by its original work, “{}”"), ("vi", "Tìm thấy qua công trình gốc “{}”")],
)
def test_a_card_found_by_its_work_says_which_and_no_other_card_says_anything(
    client, catalog, language, found_by
):
    by_title = results(client, language, "attention is all you need")
    assert found_by.format("Attention Is All You Need") in by_title.text
    by_identifier = results(client, language, "https://arxiv.org/abs/2305.14314")
    assert found_by.format("QLoRA: Efficient Finetuning of Quantized LLMs") in by_identifier.text
    assert 'class="found-by"' not in results(client, language, "quantized low rank").text
    # The same card, found by its name next: the line was the other search's alone.
    by_name = results(client, language, "qlora")
    assert by_name.context["page"].object_list[0].slug == "qlora"
    assert 'class="found-by"' not in by_name.text


def test_words_in_the_titles_of_many_works_name_none(catalog, monkeypatch):
    # "for image recognition" is in the titles of ResNet's and the Vision Transformer's works.
    assert {m.slug for m in Method.objects.search("for image recognition")[:2]} == {
        "resnet",
        "vision-transformer",
    }
    monkeypatch.setattr(search, "MOST_TITLES", 1)
    assert Method.objects.search("for image recognition").first().slug != "resnet"


def test_a_work_is_found_by_its_new_title_once_an_editor_changes_it(catalog):
    assert Method.objects.search("attention is all you need").first().slug == "transformer"
    method = Method.objects.get(slug="transformer")
    method.work_title = "Self-attention suffices for sequence transduction"
    method.save()
    assert Method.objects.search("self attention suffices").first().slug == "transformer"
    assert not Method.objects.search("attention is all you need")


def test_english_words_any_text_holds_are_not_required_unless_the_query_has_nothing_else(
    catalog,
):
    method = Method.objects.get(slug="qlora")
    method.summary_vi = method.summary_en = "Zyzzyva adapters, quantised to four bits."
    method.save()
    words = set(f"{method.search_text_vi} {method.search_text_en}".split())
    assert not words & {"the", "with", "of"}

    assert [m.slug for m in Method.objects.search("the zyzzyva of adapters with")] == ["qlora"]
    assert "qlora" not in {m.slug for m in Method.objects.search("with the")}
    # "thể" (folded "the") is a Vietnamese word, required as any other.
    assert not Method.objects.search("zyzzyva thể")


@pytest.mark.parametrize("language", LANGUAGES)
def test_english_terms_find_methods_on_the_vietnamese_site_and_the_other_way(
    client, catalog, language
):
    assert "Principal Component Analysis (PCA)" in first(client, language, "giảm chiều", count=5)
    assert "Principal Component Analysis (PCA)" in first(
        client, language, "dimensionality", count=5
    )


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        ("transfomer", "Transformer"),
        ("baysian", "Bayesian"),
        ("randon forest", "Random Forest"),
        ("lassso", "Lasso"),
        ("adma", "Adam"),
        ("dirct preference", "Direct Preference"),
    ],
)
def test_a_misspelled_query_offers_the_closest_names(client, catalog, query, suggested):
    response = results(client, "vi", query)
    assert response.context["did_you_mean"][0] == suggested
    assertInHTML(f'<a href="?q={suggested.replace(" ", "+")}">{suggested}</a>', response.text)
    assert f"Bạn có muốn tìm: {suggested}" in text_of(parse_html(response.text))
    # The link finds it.
    assert results(client, "vi", suggested).context["page"].paginator.count > 0


def test_a_query_that_finds_enough_offers_no_other(client, catalog):
    assert results(client, "en", "transformer").context["did_you_mean"] == []
    assert results(client, "en", "Random Forest").context["did_you_mean"] == []


@pytest.mark.parametrize(("language", "query"), [("vi", "học tăng cường"), ("en", "Statistics")])
def test_a_query_naming_a_field_offers_it_as_a_filter(client, catalog, language, query):
    response = results(client, language, query)
    offer = response.context["field_offer"]
    assert f'href="?field={offer.slug}"' in response.text
    with translation.override(language):
        filtered = client.get(reverse("methods:list"), {"field": offer.slug})
    assert filtered.context["page"].paginator.count >= 12  # the whole field
    # Once filtered, the offer is gone.
    assert results(client, language, query, field=offer.slug).context["field_offer"] is None


def test_the_add_panel_offers_the_closest_names_too(client, catalog):
    with translation.override("vi"):
        page = reverse("compare:page")
    response = client.get(
        page, {"q": "transfomer"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="suggestions"
    )
    assert response.context["suggestions"] == []
    assertInHTML('<a href="?q=Transformer">Transformer</a>', response.text)
    assert "Bạn có muốn tìm: Transformer" in text_of(parse_html(response.text))


def test_a_query_of_punctuation_alone_finds_nothing(client, catalog):
    response = results(client, "en", "-/.")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_a_search_page_costs_its_count_and_its_page(client, catalog, django_assert_num_queries):
    with translation.override("en"):
        url = reverse("methods:list")
    client.get(url, {"q": "lora"})  # the menus and names of fields, once per catalog version
    # The catalog's version, the count of matches, the page's ids (the best twenty: a window
    # count in the same query made the database sort every match), the page's cards.
    with django_assert_num_queries(4):
        response = client.get(url, {"q": "learning", "page": "2"})
    page = response.context["page"]
    assert page.number == 2 and page.paginator.count > 20
    assert len(page.object_list) == page.paginator.count - 20 if page.paginator.count < 40 else 20


def test_a_search_that_fits_on_its_first_page_is_counted_off_it(
    client, catalog, django_assert_num_queries
):
    with translation.override("en"):
        url = reverse("methods:list")
    # The menus, the names of fields and the works' titles, once per catalog version.
    client.get(url, {"q": "quantized low rank"})
    # The catalog's version, the first page's ids (fewer than twenty: all there are), its cards.
    with django_assert_num_queries(3):
        response = client.get(url, {"q": "low-rank adaptation"})
    page = response.context["page"]
    assert page.number == 1 and 0 < page.paginator.count == len(page.object_list) < 20
    assert f"{page.paginator.count} methods" in response.text
    # A full first page is counted as ever.
    with django_assert_num_queries(4):
        response = client.get(url, {"q": "learning"})
    page = response.context["page"]
    assert len(page.object_list) == 20 and page.paginator.count > 40
    assert page.paginator.num_pages == -(-page.paginator.count // 20)


@pytest.mark.parametrize("query", ["with the", "attention", "policy gradient with", "reward"])
def test_a_search_counts_and_orders_its_matches_alike_with_a_filter_that_keeps_them_all(
    client, catalog, query
):
    # Searched alone, a query of words no field or type is named with is counted off the index;
    # filtered (from the earliest year: no method is left out), the count reads the table.
    alone = results(client, "en", query).context["page"]
    filtered = results(client, "en", query, year_from=EARLIEST_YEAR).context["page"]
    words = [w for w in query.split() if w not in search.STOPWORDS] or query.split()
    holding = [
        m
        for m in Method.objects.all()
        if all(w in f"{m.search_text_vi} {m.search_text_en}" for w in words)
    ]
    assert alone.paginator.count == filtered.paginator.count == len(holding) > 0
    for number in {1, 2, alone.paginator.num_pages}:
        shown = [
            [m.slug for m in results(client, "en", query, page=number, **extra).context["page"]]
            for extra in ({}, {"year_from": EARLIEST_YEAR})
        ]
        assert shown[0] == shown[1]


@pytest.mark.parametrize("page", ["99", "0", "x"])
def test_a_page_past_the_matches_shows_a_page_of_them(client, catalog, page):
    response = results(client, "en", "diffusion", page=page)
    assert response.context["page"].object_list


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's trigram indexes need no triggers"
)


@sqlite_only
def test_a_missing_index_trigger_is_reported_and_migrate_makes_it_again(catalog):
    # What Django's table rebuild on SQLite (an AddField, say) does to the triggers.
    with connection.cursor() as cursor:
        for name in search.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    method = Method.objects.get(slug="qlora")
    method.summary_en = "A zyzzyva of a summary."
    method.save()
    assert not Method.objects.search("zyzzyva")  # the index went stale
    errors = search.check_triggers(databases=["default"])
    assert [e.id for e in errors] == ["methods.E001"] * 3

    search.restore_triggers()  # as after every migrate

    assert search.check_triggers(databases=["default"]) == []
    assert [m.slug for m in Method.objects.search("zyzzyva")] == ["qlora"]


@sqlite_only
def test_the_index_is_rewritten_only_when_the_search_text_changes(catalog):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [f"{search.INDEX}_update"])
        [sql] = cursor.fetchone()
    assert "AFTER UPDATE OF search_text_vi, search_text_en" in sql


@sqlite_only
def test_a_merged_index_finds_the_same_methods_in_the_same_order(client, catalog):
    # What an import does after writing (a bulk write leaves the index in pieces).
    method = Method.objects.get(slug="qlora")
    method.summary_en = "A zyzzyva of a summary."
    method.save()  # a deletion for the merge to drop, and a segment of its own
    queries = ["with the", "learning", "ai", "diffusion models", "căn chỉnh"]
    before = {q: first(client, "en", q, count=60) for q in queries}

    search.merge_index()

    assert {q: first(client, "en", q, count=60) for q in queries} == before
    assert [m.slug for m in Method.objects.search("zyzzyva")] == ["qlora"]
