import gzip
import json

import bibtexparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from methods import dataset
from methods.models import CatalogVersion, Method, ResearchField
from tests.factories import MethodFactory
from tests.helpers import attribute, body, element, elements, text_of, top_elements, url

pytestmark = pytest.mark.django_db


def catalog_url(lang: str = "vi") -> str:
    with translation.override(lang):
        return reverse("methods:list")


def test_root_redirects_to_the_vietnamese_catalog_by_default(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/vi/methods/"
    assert response.status_code == 200


def test_root_follows_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9", follow=True)
    assert response.redirect_chain[-1][0] == "/en/methods/"


def test_healthz_is_tiny_and_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_catalog_finds_khuech_tan_without_diacritics(client, catalog):
    response = client.get(catalog_url(), {"q": "khuech tan"})
    assert response.status_code == 200
    assert "Latent Diffusion Models" in response.text


def test_catalog_search_in_english(client, catalog):
    response = client.get(catalog_url("en"), {"q": "latent diffusion"})
    assert "Latent Diffusion Models" in response.text
    assert "Mô hình khuếch tán tiềm ẩn" not in response.text


def test_catalog_filters_by_field_type_and_years(client, catalog):
    response = client.get(
        catalog_url("en"),
        {"field": "statistics", "year_from": "1900", "year_to": "1960", "sort": "year"},
    )
    cards = response.context["page"].object_list
    methods = Method.objects.select_related("field").in_order([card.pk for card in cards])
    assert methods, "the dataset has statistics methods from 1900 to 1960"
    in_field = {m.pk for m in Method.objects.filter(also_fields__slug="statistics")}
    assert all(1900 <= m.year <= 1960 for m in methods)
    assert all(m.field.slug == "statistics" or m.pk in in_field for m in methods)
    assert [m.year for m in methods] == sorted(m.year for m in methods)
    assert "students-t-test" in [m.slug for m in methods]


def test_catalog_reports_bad_filters_and_still_answers(client, catalog):
    response = client.get(
        catalog_url("en"), {"year_from": "abc", "field": "astrology", "page": "zz", "sort": "?"}
    )
    assert response.status_code == 200
    # A year that is no number is told the years there are, as one out of range is.
    assert "From year" in response.text and "Enter a year between 1600 and" in response.text
    assert response.context["page"].paginator.count >= 60


def test_catalog_htmx_search_answers_with_the_results_only(client, catalog):
    response = client.get(
        catalog_url(), {"q": "lora"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    first = top_elements(response.text)[0]
    assert (first.name, attribute(first, "id")) == ("section", "results")
    assert "<html" not in response.text
    assert "QLoRA" in response.text
    assert 'id="languages"' in response.text  # the switcher follows the new address
    assert "HX-Request" in response["Vary"]


def test_catalog_history_restore_gets_the_whole_page(client, catalog):
    response = client.get(
        catalog_url(),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.text


def test_catalog_paginates(client, catalog, settings):
    settings.METHODS_PER_PAGE = 10
    response = client.get(catalog_url(), {"page": "2"})
    assert len(response.context["page"].object_list) == 10
    assert 'rel="prev"' in response.text and 'rel="next"' in response.text


def test_catalog_query_count_does_not_grow_with_the_page(client, django_assert_num_queries):
    MethodFactory.create_batch(3)
    # The catalog's version, the count, the page's ids; its cards, the three filter menus and
    # the field and type names once per catalog version. A first visit has no session to read.
    for _ in range(2):
        with django_assert_num_queries(9):
            client.get(catalog_url())
        with django_assert_num_queries(3):
            client.get(catalog_url())
        MethodFactory.create_batch(15)


def test_a_card_kept_between_requests_follows_an_edit_at_once(client, catalog):
    """Cards are drawn once per catalog version: an editor's save shows on the next page."""
    page = {"q": "QLoRA", "sort": "name"}
    assert "Tim Dettmers" in client.get(catalog_url("en"), page).text
    qlora = Method.objects.get(slug="qlora")
    qlora.originator = "T. Dettmers and colleagues"
    qlora.save()
    text = client.get(catalog_url("en"), page).text
    assert "T. Dettmers and colleagues" in text and "Tim Dettmers" not in text


def test_the_filter_menus_follow_the_catalog_at_once(client, catalog):
    """The menus are kept between requests, but only for one version of the catalog."""
    menu = element(client.get(catalog_url("en")).text, "select", name="field")
    assert "Statistics" in [text_of(option) for option in menu.children]
    ResearchField.objects.filter(slug="statistics").update(name_en="Statistical methods")
    CatalogVersion.bump()  # what saving it in the admin does (a queryset update sends no signal)
    menu = element(client.get(catalog_url("en")).text, "select", name="field")
    assert "Statistical methods" in [text_of(option) for option in menu.children]


def test_method_page_shows_every_attribute_of_the_seed(client, catalog):
    with translation.override("vi"):
        url = reverse("methods:detail", kwargs={"slug": "latent-diffusion-models"})
    text = client.get(url).text
    assertInHTML(
        "<title>Latent Diffusion Models (LDM) – Mô hình khuếch tán tiềm ẩn · ScholarGate</title>",
        text,
    )
    assertInHTML(
        '<h1>Latent Diffusion Models (LDM) <span lang="vi" class="local-name">'
        "Mô hình khuếch tán tiềm ẩn</span></h1>",
        text,
    )
    for expected in [
        "Học sâu",
        "Mô hình khuếch tán và mô hình luồng",
        "2022",
        "Robin Rombach",
        "Kiến trúc mạng nơ-ron",
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        "https://doi.org/10.1109/CVPR52688.2022.01042",
        "Stable Diffusion",
        "/vi/methods/u-net/",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize(("related", "further"), [(1, 1), (4, 3)])
def test_method_page_query_count_is_fixed(client, django_assert_num_queries, related, further):
    method = MethodFactory()
    method.related.add(*MethodFactory.create_batch(related))
    for other in method.related.all():
        other.related.add(*MethodFactory.create_batch(further))
    client.get(other.get_absolute_url())  # the vocabulary is read once per catalog version
    # The method with its taxonomies, the catalog's version, its related methods as the map
    # reads them (with the kind of each relation), the methods two steps away with the
    # relations that lead to them, and the fields it is also in.
    with django_assert_num_queries(5):
        client.get(method.get_absolute_url())
    # The map is kept for this version of the catalog: later visits read neither relation.
    with django_assert_num_queries(3):
        client.get(method.get_absolute_url())


def test_a_relation_map_kept_between_requests_follows_an_edit_at_once(client, catalog):
    """The map is drawn once per catalog version: a related method renamed in the admin shows
    renamed on the next visit, in the drawing and in the list under it."""
    page = Method.objects.get(slug="latent-diffusion-models").get_absolute_url()
    before = str(element(client.get(page).text, "section", class_="relation-map"))
    assert "U-Net" in before and "U-Shaped Network" not in before
    u_net = Method.objects.get(slug="u-net")
    u_net.name = "U-Shaped Network"
    u_net.save()
    after = str(element(client.get(page).text, "section", class_="relation-map"))
    assert after.count("U-Shaped Network") == before.count("U-Net")


def test_unknown_method_is_a_404_in_the_visitors_language_that_offers_a_search(client):
    response = client.get("/vi/methods/khong-co/")
    assert response.status_code == 404
    assert elements(response.text, "html", lang="vi")
    assertInHTML("<h1>Không tìm thấy phương pháp</h1>", response.text)
    assertInHTML(
        '<a href="/vi/methods/?q=khong%20co">Tìm “khong co” trong danh mục</a>', response.text
    )


@pytest.mark.parametrize(
    ("typed", "slug"),
    [("DPO", "direct-preference-optimization"), ("QLoRA", "qlora"), ("ddpm", "ddpm-method")],
)
def test_a_method_address_typed_with_its_acronym_or_in_any_case_leads_to_it(client, typed, slug):
    MethodFactory(slug="direct-preference-optimization", acronym="DPO")
    MethodFactory(slug="qlora", acronym="")
    MethodFactory(slug="ddpm-method", acronym="DDPM")
    response = client.get(f"/en/methods/{typed}/")
    assert (response.status_code, response["Location"]) == (302, f"/en/methods/{slug}/")


def test_dataset_download_is_the_whole_catalog_and_loads_back(client, catalog):
    response, body = dataset_answer(client)
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(body)
    assert len(data["methods"]) == len(dataset.read(dataset.BUNDLED_DATASET)["methods"])
    by_slug = {m["slug"]: m for m in data["methods"]}
    qlora, dpo = by_slug["qlora"], by_slug["direct-preference-optimization"]
    assert (qlora["name"], qlora["acronym"], qlora["vietnamese_name"]) == ("QLoRA", "", "")
    assert (dpo["name"], dpo["acronym"]) == ("Direct Preference Optimization", "DPO")
    bundled = {m["slug"]: m for m in dataset.read(dataset.BUNDLED_DATASET)["methods"]}
    assert qlora["related"] == bundled["qlora"]["related"]
    assert {"slug": "lora", "type": "builds-on"} in qlora["related"]
    assert qlora["characteristics"] == bundled["qlora"]["characteristics"]
    assert data["properties"] and qlora["also_fields"] == ["large-language-models"]


def dataset_answer(client, **headers):
    response = client.get(reverse("methods:dataset"), **headers)
    sent = body(response)
    if response.get("Content-Encoding") == "gzip":
        sent = gzip.decompress(sent)
    return response, sent


def test_the_dataset_is_built_once_per_catalog_version_and_revalidated(
    client, catalog, monkeypatch
):
    first, body = dataset_answer(client)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]

    builds = []
    monkeypatch.setattr(dataset, "dump", lambda: builds.append(1) or {"edited": True})
    _again, same = dataset_answer(client)
    assert same == body and not builds, "a second download reads the file of this version"
    unchanged, _body = dataset_answer(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304

    qlora = Method.objects.get(slug="qlora")
    qlora.originator = "An editor's correction"
    qlora.save()
    changed, new_body = dataset_answer(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert json.loads(new_body) == {"edited": True} and builds == [1]


def test_browsers_that_ask_get_the_dataset_compressed(client, catalog):
    _plain, body = dataset_answer(client)
    packed, unpacked = dataset_answer(client, HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip"
    assert int(packed["Content-Length"]) < len(body) / 3
    assert unpacked == body
    assert "Accept-Encoding" in packed["Vary"]


def test_downloads_while_another_process_builds_the_file_are_asked_to_come_back(
    client, catalog, settings
):
    from methods import download

    version = download.current_version()
    settings.DATASET_DOWNLOAD_DIR.mkdir(parents=True, exist_ok=True)
    (settings.DATASET_DOWNLOAD_DIR / f"scholargate-dataset-{version}.building").touch()
    response = client.get("/vi/methods/dataset.json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert elements(response.text, "html", lang="vi")


def test_an_editors_change_shows_at_once(client, catalog):
    assert "Tim Dettmers" in client.get(catalog_url("en"), {"q": "qlora"}).text
    qlora = Method.objects.get(slug="qlora")
    qlora.summary_en = "Rewritten by an editor just now."
    qlora.save()
    assert "Rewritten by an editor just now." in client.get(catalog_url("en"), {"q": "qlora"}).text


def test_catalog_buttons_follow_the_tray(client, catalog):
    page = client.get(catalog_url("en"), {"q": "qlora"}).text
    assert 'aria-label="Add to compare: QLoRA"' in page
    client.post(reverse("compare:add"), {"method": "qlora"})
    page = client.get(catalog_url("en"), {"q": "qlora"}).text
    assert "In comparison" in page
    assert 'aria-label="Add to compare: QLoRA"' not in page


def test_search_index_follows_edits_and_deletions(catalog):
    with translation.override("en"):
        assert "qlora" in Method.objects.search("dettmers").values_list("slug", flat=True)
        qlora = Method.objects.get(slug="qlora")
        qlora.originator = "Someone Else"
        qlora.save()
        assert "qlora" not in Method.objects.search("dettmers").values_list("slug", flat=True)
        assert Method.objects.search("someone else").count() == 1
        qlora.delete()
        assert Method.objects.search("someone else").count() == 0


def test_search_mixes_short_and_long_terms(catalog):
    with translation.override("en"):
        slugs = set(Method.objects.search("em algorithm").values_list("slug", flat=True))
    assert "expectation-maximization" in slugs


@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalog_sorts_by_the_original_name_in_every_language_whatever_its_case(client, language):
    MethodFactory(name="Lasso", vietnamese_name="Hồi quy Lasso")
    MethodFactory(name="k-means", vietnamese_name="Phân cụm k-means")
    MethodFactory(name="Adam")
    names = [m.name for m in client.get(catalog_url(language)).context["page"].object_list]
    assert names == ["Adam", "k-means", "Lasso"]


def test_method_page_names_the_method_in_english_without_the_vietnamese_name(client, catalog):
    with translation.override("en"):
        url = reverse("methods:detail", kwargs={"slug": "latent-diffusion-models"})
    text = client.get(url).text
    assertInHTML("<title>Latent Diffusion Models (LDM) · ScholarGate</title>", text)
    assertInHTML("<h1>Latent Diffusion Models (LDM)</h1>", text)
    assert "Mô hình khuếch tán tiềm ẩn" not in text


def test_related_methods_are_named_as_everywhere(client, catalog):
    for language, local_names in [("vi", 1), ("en", 0)]:
        with translation.override(language):
            url = reverse("methods:detail", kwargs={"slug": "latent-diffusion-models"})
        page = client.get(url).text
        link = next(
            a
            for a in elements(page, "a")
            if (attribute(a, "href") or "").endswith("/variational-autoencoder/")
        )
        assert text_of(link).startswith("Variational Autoencoder (VAE)")
        assert len(elements(str(link), "span", class_="local-name", lang="vi")) == local_names


def test_a_name_copied_with_its_acronym_and_punctuation_finds_the_method(client, catalog):
    for lang in ("vi", "en"):
        page = client.get(catalog_url(lang), {"q": "“Direct Preference Optimization (DPO)”,"})
        slugs = [m.slug for m in page.context["page"].object_list]
        assert slugs[:1] == ["direct-preference-optimization"], lang


def test_a_method_known_by_no_other_name_says_so(client, catalog):
    with translation.override("en"):
        page = client.get(reverse("methods:detail", kwargs={"slug": "controlnet"}))
    assert "<dt>Also known as</dt><dd>—</dd>" in page.text


def test_a_method_page_offers_its_citation_as_bibtex_and_apa(client, catalog):
    page = client.get(url("methods:detail", "en", slug="qlora")).text
    assertInHTML('<a download href="/en/methods/qlora/cite.bib">BibTeX</a>', page)
    assertInHTML('<a download href="/en/methods/qlora/cite.txt">APA</a>', page)

    bib = client.get("/en/methods/qlora/cite.bib")
    assert bib["Content-Disposition"] == 'attachment; filename="qlora.bib"'
    [entry] = bibtexparser.loads(bib.content.decode()).entries
    assert entry["title"] == "{QLoRA: Efficient Finetuning of Quantized LLMs}"
    apa = client.get("/en/methods/qlora/cite.txt").content.decode()
    assert apa.startswith("Dettmers, T., Pagnoni, A., Holtzman, A., & Zettlemoyer, L. (2023).")
    assert client.get("/en/methods/qlora/cite.pdf").status_code == 404
    assert client.get("/en/methods/no-such-method/cite.bib").status_code == 404


def test_a_field_lists_the_methods_also_in_it(client, catalog):
    """DPO is in deep learning first, and among the large language models too."""
    with translation.override("en"):
        listed = client.get(reverse("methods:list"), {"field": "large-language-models", "q": "DPO"})
    names = [m.display_name for m in listed.context["page"].object_list]
    assert "Direct Preference Optimization (DPO)" in names
    assert len(names) == len(set(names))


def test_a_kept_relation_map_shows_each_visitor_their_own_buttons(client, catalog):
    """The map is drawn once for everyone, its add buttons for each visitor: one reader's tray
    never shows on another's page."""
    page = url("methods:detail", "en", slug="latent-diffusion-models")
    reader = Client()
    reader.post(url("compare:add", "en"), {"method": "u-net", "next": page})

    def u_net_buttons(html: str) -> list[str]:
        buttons = elements(element(html, "section", class_="relation-map"), "button")
        return [label for b in buttons if "U-Net" in (label := attribute(b, "aria-label") or "")]

    assert u_net_buttons(reader.get(page).text) == ["Remove U-Net from comparison"]
    assert u_net_buttons(client.get(page).text) == ["Add to compare: U-Net"]


def test_the_catalogs_controls_are_each_visitors_own(client, catalog):
    """A page draws its controls from one drawing filled in per method: what one visitor's page
    drew (their tray, their token) never shows on another's, asked for in turn."""
    page = url("methods:list", "en") + "?q=lora"
    reader = Client()
    reader.post(url("compare:add", "en"), {"method": "qlora", "next": page})

    def qlora_control(response) -> tuple[list[str], str]:
        control = element(response.text, "div", id="compare-qlora")
        labels = [attribute(b, "aria-label") for b in elements(control, "button")]
        token = attribute(element(control, "input", name="csrfmiddlewaretoken"), "value")
        return labels, token

    for _ in range(2):
        theirs, mine = qlora_control(reader.get(page)), qlora_control(client.get(page))
        assert theirs[0] == ["Remove QLoRA from comparison"]
        assert mine[0] == ["Add to compare: QLoRA"]
        assert theirs[1] != mine[1]
