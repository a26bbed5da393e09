import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from methods.models import Method, ResearchField
from methods.selectors import Listing
from methods.text import fold
from tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


def errors_of(method: Method) -> dict:
    with pytest.raises(ValidationError) as caught:
        method.full_clean()
    return caught.value.message_dict


def test_fold_strips_vietnamese_diacritics_and_case():
    assert fold("Mô hình Khuếch  tán Tiềm ẩn") == "mo hinh khuech tan tiem an"
    assert fold("Đường") == "duong"


@pytest.mark.parametrize("year", [1599, timezone.now().year + 1])
def test_year_outside_1600_to_this_year_is_refused(year):
    method = MethodFactory()
    method.year = year
    assert "year" in errors_of(method)


def test_year_message_names_the_range(english):
    method = MethodFactory()
    method.year = 1500
    assert errors_of(method)["year"] == [f"Enter a year between 1600 and {timezone.now().year}."]


@pytest.mark.parametrize("doi", ["doi:10.1038/x", "https://doi.org/10.1038/nature14236", "10.12/x"])
def test_malformed_doi_is_refused(doi):
    method = MethodFactory()
    method.doi = doi
    assert "doi" in errors_of(method)


@pytest.mark.parametrize("arxiv_id", ["2305.1431", "arXiv:2305.14314", "2313.14314", "abc"])
def test_malformed_arxiv_id_is_refused(arxiv_id):
    method = MethodFactory()
    method.arxiv_id = arxiv_id
    assert "arxiv_id" in errors_of(method)


@pytest.mark.parametrize("arxiv_id", ["2305.14314", "1412.6980v9", "hep-th/9901001"])
def test_real_arxiv_ids_are_accepted(arxiv_id):
    method = MethodFactory()
    method.arxiv_id = arxiv_id
    method.full_clean()


def test_a_method_needs_some_link_to_its_original_work():
    method = MethodFactory()
    method.arxiv_id = method.doi = method.url = ""
    assert "url" in errors_of(method)


def test_names_are_unique_whatever_the_case(english):
    MethodFactory(name="Dropout")
    twin = MethodFactory()
    twin.name = "dropout"
    assert errors_of(twin) == {"name": ["“dropout” is already the name of Dropout."]}


def test_an_acronym_another_method_has_is_refused_naming_that_method(english):
    MethodFactory(name="Soft Actor-Critic", acronym="SAC")
    other = MethodFactory(name="Stochastic Anchored Clustering")
    other.acronym = "sac"
    assert errors_of(other) == {
        "acronym": ["“sac” is already the acronym of Soft Actor-Critic (SAC)."]
    }


def test_an_acronym_that_is_another_methods_name_is_refused(english):
    MethodFactory(name="BERT")
    other = MethodFactory(name="Bidirectional Embedding Regression Trees")
    other.acronym = "Bert"
    assert errors_of(other) == {"acronym": ["“Bert” is already the name of BERT."]}


def test_a_name_that_is_another_methods_acronym_is_refused(english):
    MethodFactory(name="Direct Preference Optimization", acronym="DPO")
    other = MethodFactory()
    other.name = "DPO"
    assert errors_of(other) == {
        "name": ["“DPO” is already the acronym of Direct Preference Optimization (DPO)."]
    }


def test_vietnamese_names_are_unique(english):
    MethodFactory(name="Random Forest", vietnamese_name="Rừng ngẫu nhiên")
    other = MethodFactory(name="Random Ferns")
    other.vietnamese_name = "Rừng ngẫu nhiên"
    assert errors_of(other) == {
        "vietnamese_name": ["“Rừng ngẫu nhiên” is already the Vietnamese name of Random Forest."]
    }


def test_an_acronym_or_vietnamese_name_repeating_the_name_is_refused(english):
    method = MethodFactory(name="QLoRA")
    method.acronym, method.vietnamese_name = "qlora", "QLoRA"
    assert errors_of(method) == {
        "acronym": ["The acronym repeats the name: leave it blank."],
        "vietnamese_name": ["The Vietnamese name repeats the name or the acronym: leave it blank."],
    }


def test_an_alias_repeating_the_methods_own_name_is_refused(english):
    method = MethodFactory(name="Direct Preference Optimization", acronym="DPO")
    method.aliases_vi, method.aliases_en = "Tối ưu hoá ưu tiên trực tiếp", "Direct preference, dpo"
    assert errors_of(method) == {
        "aliases_en": ["“dpo” is already this method's own name: aliases are its other names."]
    }


def test_name_messages_are_in_the_editors_language(vietnamese):
    MethodFactory(name="Soft Actor-Critic", acronym="SAC")
    other = MethodFactory()
    other.acronym = "SAC"
    assert errors_of(other) == {
        "acronym": ["“SAC” đã là tên viết tắt của Soft Actor-Critic (SAC)."]
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "generative adversarial network"),
        ("acronym", "gan"),
        ("vietnamese_name", "mạng gan"),
    ],
)
def test_the_database_refuses_a_name_of_the_same_kind_in_another_case(field, value):
    """What skips Method.clean (a bulk write, the shell) still cannot give a name twice."""
    MethodFactory(name="Generative Adversarial Network", acronym="GAN", vietnamese_name="Mạng GAN")
    twin = MethodFactory.build(**{field: value})
    twin.field.save(), twin.family.save(), twin.type.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Method.objects.bulk_create([twin])


def test_the_database_refuses_a_method_without_a_name():
    method = MethodFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Method.objects.filter(pk=method.pk).update(name="")


def test_empty_acronyms_and_vietnamese_names_are_no_names():
    MethodFactory.create_batch(2, acronym="", vietnamese_name="")
    assert Method.objects.filter(acronym="", vietnamese_name="").count() == 2


def test_a_method_does_not_clash_with_itself():
    method = MethodFactory(name="Latent Diffusion Models", acronym="LDM", vietnamese_name="Mô hình")
    method.full_clean()


def test_a_method_is_named_with_its_acronym_and_in_vietnamese_with_its_vietnamese_name():
    ldm = MethodFactory(
        name="Latent Diffusion Models",
        acronym="LDM",
        vietnamese_name="Mô hình khuếch tán tiềm ẩn",
    )
    qlora = MethodFactory(name="QLoRA")
    assert str(ldm) == ldm.display_name == "Latent Diffusion Models (LDM)"
    assert str(qlora) == "QLoRA"
    with translation.override("vi"):
        assert (ldm.local_name, qlora.local_name) == ("Mô hình khuếch tán tiềm ẩn", "")
    with translation.override("en"):
        assert ldm.local_name == ""


def test_a_method_cannot_be_related_to_itself():
    method = MethodFactory()
    # The database refuses it (relation_not_to_itself); the admin's form says why first.
    with pytest.raises(IntegrityError), transaction.atomic():
        method.related.add(method)


def test_relations_are_symmetric():
    a, b = MethodFactory(), MethodFactory()
    a.related.add(b)
    assert list(b.related.all()) == [a]


def test_search_matches_words_in_any_order_without_diacritics():
    MethodFactory(name="Latent Diffusion Models", vietnamese_name="Mô hình khuếch tán tiềm ẩn")
    MethodFactory(name="Random Forest", vietnamese_name="Rừng ngẫu nhiên")
    with translation.override("vi"):
        assert [m.name for m in Method.objects.search("tan khuech")] == ["Latent Diffusion Models"]
        assert [m.name for m in Method.objects.search("RỪNG")] == ["Random Forest"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_finds_names_and_aliases_of_both_languages_on_every_page(language):
    MethodFactory(
        name="Latent Diffusion Models",
        acronym="LDM",
        vietnamese_name="Mô hình khuếch tán tiềm ẩn",
        aliases_vi="Khuếch tán tiềm ẩn",
        aliases_en="Latent diffusion",
    )
    MethodFactory(name="Direct Preference Optimization", aliases_vi="", aliases_en="")
    with translation.override(language):
        for query in ["latent diffusion models", "ldm", "khuech tan tiem an", "tiềm ẩn"]:
            assert [m.slug for m in Method.objects.search(query)] == [
                Method.objects.get(acronym="LDM").slug
            ], query
        assert Method.objects.search("direct preference").count() == 1


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_reads_the_summaries_of_both_languages_on_every_page(language):
    # Vietnamese researchers type English terms too ("reward model"), and the other way round.
    MethodFactory(summary_vi="Một bản tóm tắt.", summary_en="A summary.")
    with translation.override(language):
        assert Method.objects.search("tom tat").count() == 1
        assert Method.objects.search("summary").count() == 1
        assert not Method.objects.search("abstract")


def test_search_ranks_exact_names_then_their_beginnings_then_the_rest():
    MethodFactory(name="Alpha method", aliases_en="builds on LDM")
    MethodFactory(name="LDM sampler")
    MethodFactory(name="Zeta diffusion", acronym="LDM")
    MethodFactory(name="Another method", vietnamese_name="LDM cải tiến")
    with translation.override("en"):
        names = [m.name for m in Method.objects.search("ldm")]
    assert names[0] == "Zeta diffusion"
    assert set(names[1:3]) == {"Another method", "LDM sampler"}
    assert names[3] == "Alpha method"


def test_search_finds_aliases():
    MethodFactory(name="Direct Preference Optimization", aliases_en="DPO, Direct preference")
    with translation.override("en"):
        assert Method.objects.search("dpo").count() == 1


def test_missing_translation_falls_back_and_says_which_language_is_shown():
    method = MethodFactory(summary_vi="Chỉ có tiếng Việt.", summary_en="")
    with translation.override("en"):
        assert method.summary == "Chỉ có tiếng Việt."
        assert method.shown_language("summary") == "vi"


@pytest.mark.django_db
def test_addresses_are_each_methods_own_in_every_language():
    methods = [MethodFactory(slug="a-b-c"), MethodFactory(slug="x_1")]
    for lang in ("vi", "en"):
        with translation.override(lang):
            assert Method.addresses(methods) == {m.pk: m.get_absolute_url() for m in methods}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL plans by table statistics")
@pytest.mark.parametrize(
    "filters",
    [
        {"field": 1, "year__gte": 1990},
        {"field": 1, "type": 2, "year__lte": 2000},
        {"type": 2, "year__gte": 1990, "year__lte": 2000},
        {"family": 3, "year__gte": 1990},
    ],
)
def test_counting_a_filtered_catalog_reads_an_index_not_the_methods(filters):
    """Every catalog page counts its matches: reading each method's row for its year made a
    filtered page of 10,000 methods take 60 ms."""
    plan = Method.objects.filter(**filters).order_by().values("pk").explain()
    assert "COVERING INDEX method_" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL plans by table statistics")
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"year_from": 1950, "year_to": 2025},
        {"year_to": 2020},
        {"field": 1},
        {"field": 1, "year_from": 1990},
    ],
)
def test_a_catalog_page_by_name_is_read_off_the_name_index_whatever_the_filters(filters):
    """Sorting what a filter keeps instead: a page deep in 10,000 methods filtered by 1950-2025
    read and sorted 9,000 methods' rows (10 ms, not 0.6 ms); one of a field of 1,300, 4 ms."""
    plan = Method.objects.listed(**filters).sorted("name").values("pk").explain()
    assert "INDEX method_name_listing" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL plans by table statistics")
@pytest.mark.parametrize(
    "filters", [{"year_from": 2020}, {"type": 2}, {"type": 2, "year_to": 2000}]
)
def test_a_catalog_page_by_year_is_read_off_the_years_index(filters):
    """Not off a type's: a page of a type most methods have, by year, sorted them all (19 ms at
    10,000 methods, not 0.3)."""
    plan = Method.objects.listed(**filters).sorted("-year", "name").values("pk").explain()
    assert "INDEX method_newest_listing" in plan
    assert "TEMP B-TREE" not in plan


def test_every_query_of_the_methods_is_one_kind_of_queryset():
    """modeltranslation made a new queryset class for each query of a model whose queryset is
    not its own (a quarter of a millisecond each, several per page)."""
    method = MethodFactory()
    kinds = {type(Method.objects.all()), type(Method.objects.filter(year=2000))}
    kinds |= {type(method.related.all()), type(Method.objects.values_list("pk"))}
    assert len(kinds) == 1
    with translation.override("en"):  # still a translated queryset
        assert list(Method.objects.filter(summary=method.summary_en)) == [method]


FILTERS = {
    "field": lambda: ResearchField.objects.get(slug="deep-learning"),
    "family": lambda: Method.objects.get(slug="qlora").family,
    "type": lambda: Method.objects.get(slug="qlora").type,
    "year_from": lambda: 2013,
    "year_to": lambda: 2020,
}


@pytest.mark.parametrize("order", [("name",), ("-year", "name"), ("year", "name")])
def test_a_listing_pages_through_what_its_queryset_finds(catalog, order):
    """The catalog's pages (selectors.Listing, compiled once) list what the ORM lists, under
    every set of filters, in every order, whatever the values."""
    for size in range(len(FILTERS) + 1):
        for names in itertools.combinations(FILTERS, size):
            filters = {name: FILTERS[name]() for name in names}
            expected = list(
                Method.objects.listed(**filters).sorted(*order).values_list("pk", flat=True)
            )
            listing = Listing(filters, order)
            assert listing.count() == len(expected)
            assert listing[0:20] + listing[20:40] == expected[:40]
            last = max(0, len(expected) - 5)
            assert listing[last : last + 20] == expected[last:]
    assert Listing({"year_from": 2024, "year_to": 2013}, order).count() == 0
