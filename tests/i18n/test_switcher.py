"""The language switcher keeps the visitor on the same page, with the same compare tray."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from compare.tray import SESSION_KEY
from tests.helpers import attribute, element, elements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_catalog")]

SEED = ["qlora", "direct-preference-optimization", "latent-diffusion-models"]


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def switch_to(client: Client, response, lang: str):
    """Follow the switcher's link to another language, as a visitor clicks it."""
    [link] = elements(element(response.text, "nav", id="languages"), "a", hreflang=lang)
    return client.get(attribute(link, "href"))


def tray(client: Client) -> list[int]:
    return client.session.get(SESSION_KEY, [])


@pytest.fixture
def three_in_tray(client, catalog) -> list[int]:
    for slug in SEED:
        client.post(url("compare:add", "vi"), {"method": slug})
    return tray(client)


def test_a_comparison_of_three_switches_to_the_same_comparison_in_english(client, three_in_tray):
    vietnamese = client.get(url("compare:page", "vi"))
    assert "So sánh phương pháp" in vietnamese.text
    assert re.search(r"\d+/\d+ hàng được so sánh khác nhau", vietnamese.text)

    english = switch_to(client, vietnamese, "en")
    assert english.wsgi_request.path == "/en/compare/"
    assert '<html lang="en">' in english.text
    assert [m.slug for m in english.context["comparison"].methods] == SEED
    for text in ["Compare methods", "compared rows differ", "First public", "3 methods in"]:
        assert text in english.text
    assert "Direct Preference Optimization" in english.text
    assert "Mô hình khuếch tán tiềm ẩn" not in english.text  # Vietnamese pages only
    assert tray(client) == three_in_tray

    back = switch_to(client, english, "vi")
    assert back.wsgi_request.path == "/vi/compare/"
    assert "Direct Preference Optimization" in back.text  # researchers' name in both languages
    assert tray(client) == three_in_tray


def test_a_shared_comparison_keeps_its_methods_and_its_filter(client, three_in_tray):
    shared = client.get(url("compare:page", "vi"), {"m": "lora,qlora", "diff": "1"})
    english = switch_to(client, shared, "en")
    assert english.wsgi_request.GET.dict() == {"m": "lora,qlora", "diff": "1"}
    assert [m.slug for m in english.context["comparison"].methods] == ["lora", "qlora"]
    assert english.context["only_differences"] is True
    assert "This is a shared comparison" in english.text
    assert tray(client) == three_in_tray


def test_the_catalog_keeps_the_search_filters_sort_and_page(client, catalog, settings):
    settings.METHODS_PER_PAGE = 1
    client.post(url("compare:add", "vi"), {"method": "qlora"})
    query = {"q": "lora", "field": "deep-learning", "sort": "-year", "page": "2"}
    vietnamese = client.get(url("methods:list", "vi"), query)
    english = switch_to(client, vietnamese, "en")
    assert english.wsgi_request.path == "/en/methods/"
    assert english.wsgi_request.GET.dict() == query
    assert english.context["form"].cleaned_data["q"] == "lora"
    assert english.context["page"].number == 2
    assert english.context["page"].paginator.count == vietnamese.context["page"].paginator.count
    assert "1 method in comparison" in english.text
    assert 'value="lora"' in english.text


def test_a_method_page_switches_to_the_same_method(client, catalog):
    client.post(url("compare:add", "vi"), {"method": "qlora"})
    vietnamese = client.get(url("methods:detail", "vi", slug="latent-diffusion-models"))
    assertInHTML(
        '<span lang="vi" class="local-name">Mô hình khuếch tán tiềm ẩn</span>', vietnamese.text
    )
    english = switch_to(client, vietnamese, "en")
    assert english.wsgi_request.path == "/en/methods/latent-diffusion-models/"
    assertInHTML("<h1>Latent Diffusion Models (LDM)</h1>", english.text)
    assert "First public" in english.text
    assert "1 method in comparison" in english.text


def test_each_page_names_its_other_language_version_for_search_engines(client, catalog):
    response = client.get(url("compare:page", "vi") + "?m=qlora,lora")
    for lang in ("vi", "en"):
        alternate = f'hreflang="{lang}" href="http://testserver/{lang}/compare/?m=qlora,lora"'
        assert alternate in response.text


def test_after_an_htmx_change_the_switcher_follows_the_new_comparison(client, three_in_tray):
    response = client.post(
        url("compare:remove", "vi"),
        {"method": "qlora"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="comparison",
    )
    english = switch_to(client, response, "en")
    assert english.wsgi_request.get_full_path() == (
        "/en/compare/?m=direct-preference-optimization,latent-diffusion-models"
    )
    assert [m.slug for m in english.context["comparison"].methods] == SEED[1:]
