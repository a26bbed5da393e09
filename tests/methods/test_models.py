import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from methods.models import Method
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


def test_names_are_unique_in_each_language():
    MethodFactory(name_en="Dropout", name_vi="Dropout")
    twin = MethodFactory(name_en="Other", name_vi="Bỏ học")
    twin.name_en = "dropout"
    assert list(errors_of(twin)) == ["name_en"]


def test_a_method_cannot_be_related_to_itself():
    method = MethodFactory()
    with pytest.raises(ValidationError):
        method.related.add(method)


def test_relations_are_symmetric():
    a, b = MethodFactory(), MethodFactory()
    a.related.add(b)
    assert list(b.related.all()) == [a]


def test_search_matches_words_in_any_order_without_diacritics():
    MethodFactory(name_vi="Mô hình Khuếch tán Tiềm ẩn", name_en="Latent Diffusion Models")
    MethodFactory(name_vi="Rừng ngẫu nhiên", name_en="Random forest")
    with translation.override("vi"):
        assert [m.name for m in Method.objects.search("tan khuech")] == [
            "Mô hình Khuếch tán Tiềm ẩn"
        ]
        assert [m.name for m in Method.objects.search("RỪNG")] == ["Rừng ngẫu nhiên"]
    with translation.override("en"):
        assert [m.name for m in Method.objects.search("diffusion")] == ["Latent Diffusion Models"]
        assert not Method.objects.search("khuech")


def test_search_finds_aliases():
    MethodFactory(name_en="Direct Preference Optimization", aliases_en="DPO, Direct preference")
    with translation.override("en"):
        assert Method.objects.search("dpo").count() == 1


def test_missing_translation_falls_back_and_says_which_language_is_shown():
    method = MethodFactory(summary_vi="Chỉ có tiếng Việt.", summary_en="")
    with translation.override("en"):
        assert method.summary == "Chỉ có tiếng Việt."
        assert method.shown_language("summary") == "vi"
        assert method.shown_language("name") == "en"
