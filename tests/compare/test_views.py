import csv
import io
import json
import re

import bibtexparser
import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from compare.tray import SESSION_KEY
from methods.models import Method
from tests.factories import MethodFactory
from tests.helpers import (
    attribute,
    element,
    elements,
    row_cells,
    text_of,
    top_elements,
    tray_slugs,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_catalog")]

SEED = ["qlora", "direct-preference-optimization", "latent-diffusion-models"]


def add(client: Client, slug: str, htmx_target: str | None = None, **extra):
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": htmx_target} if htmx_target else {}
    data = {"method": slug, "next": url("methods:list"), **extra}
    return client.post(url("compare:add"), data, **headers)


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_without_javascript_add_redirects_back_and_the_page_shows_the_tray(client, catalog):
    response = add(client, "qlora")
    assert response.status_code == 302
    assert response["Location"] == url("methods:list")
    page = client.get(url("methods:list", "en"))
    assert "1 method in comparison" in page.text
    assert tray_slugs(client) == ["qlora"]


def test_with_htmx_add_answers_with_the_button_and_the_tray_out_of_band(client, catalog):
    response = add(client, "qlora", htmx_target="compare-qlora", HTTP_HX_CURRENT_URL="")
    assert response.status_code == 200
    text = response.text
    first = top_elements(text)[0]
    assert first == element(first, "div", class_="compare-toggle", id="compare-qlora")
    classes = "tray-items wrap tray-holding"
    assert elements(text, id="tray-items", class_=classes, data_hx_swap_oob="true")
    assert "QLoRA" in text
    assert "<html" not in text


def test_the_fifth_method_is_refused_with_a_message(client, catalog):
    for slug in [*SEED, "lora"]:
        add(client, slug)
    with translation.override("en"):
        response = client.post(
            reverse("compare:add"),
            {"method": "transformer"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="compare-transformer",
        )
    assert "At most 4 methods can be compared; remove one first." in response.text
    assert tray_slugs(client) == [*SEED, "lora"]


def control_of(text: str, slug: str) -> str:
    return text_of(element(text, "div", class_="compare-toggle", id=f"compare-{slug}"))


def test_a_refused_add_is_explained_beside_the_button_pressed(client, catalog):
    for slug in [*SEED, "lora"]:
        add(client, slug)
    message = "At most 4 methods can be compared; remove one first."
    answer = client.post(
        url("compare:add", "en"),
        {"method": "transformer"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="compare-transformer",
    ).text
    assert message in control_of(answer, "transformer")
    assert message not in text_of(element(answer, "div", id="notices"))

    # Without JavaScript, the page comes back at the method, the message beside its button.
    page = url("methods:detail", "en", slug="direct-preference-optimization")
    response = client.post(url("compare:add", "en"), {"method": "transformer", "next": page})
    assert response["Location"] == page + "#compare-transformer"
    text = client.get(page).text
    assert message in control_of(text, "transformer")
    assert text.count(message) == 1

    # Back on a page that does not show the method, it is said over the page instead.
    client.post(url("compare:add", "en"), {"method": "bert", "next": page})
    text = client.get(page).text
    assert text.count(message) == 1
    assert [text_of(e) for e in elements(text, class_="notice-unplaced", role="alert")] == [message]


def test_with_a_full_tray_add_buttons_say_so_and_suggestions_swap_a_method_in(client, catalog):
    for slug in [*SEED, "lora"]:
        add(client, slug)
    catalog_page = client.get(url("methods:list", "en")).text
    assert ">4 chosen — remove one</button>" in catalog_page
    assert "+ Add to compare" not in catalog_page

    comparison = client.get(url("compare:page", "en")).text
    section = element(comparison, "section", class_="compare-next")
    offered = [attribute(e, "value") for e in elements(section, name="method")]
    selects = [attribute(e, "id") for e in elements(section, "select")]
    assert offered and selects and all(s.startswith("instead-") for s in selects)
    response = add(client, offered[0], instead="direct-preference-optimization")
    assert response.status_code == 302
    assert tray_slugs(client) == ["qlora", offered[0], "latent-diffusion-models", "lora"]


def test_clearing_on_a_comparison_shows_it_empty_not_as_a_shared_one(client, catalog):
    for slug in SEED:
        add(client, slug)
    # After a change in the table the address is the comparison's permalink.
    permalink = url("compare:page", "en") + "?m=" + ",".join(SEED)
    response = client.post(url("compare:clear", "en"), {"next": permalink}, follow=True)
    assert response.redirect_chain == [(url("compare:page", "en"), 302)]
    assert "Nothing to compare yet" in response.text
    assert "This is a shared comparison" not in response.text
    assert tray_slugs(client) == []


def test_get_never_changes_the_tray(client, catalog):
    assert client.get(url("compare:add"), {"method": "qlora"}).status_code == 405
    assert client.get(url("compare:remove"), {"method": "qlora"}).status_code == 405
    assert client.get(url("compare:clear")).status_code == 405
    assert tray_slugs(client) == []


def test_posts_without_a_csrf_token_are_refused_with_a_page_in_the_visitors_language(
    csrf_client, catalog
):
    response = csrf_client.post(url("compare:add"), {"method": "qlora"})
    assert response.status_code == 403
    assert elements(response.text, "html", lang="vi")
    assert SESSION_KEY not in csrf_client.session


def test_csrf_token_in_the_htmx_header_is_accepted(csrf_client, catalog):
    page = csrf_client.get(url("methods:list"))
    token = re.search(r'data-hx-headers=\'{"X-CSRFToken": "(\w+)"}\'', page.text).group(1)
    response = csrf_client.post(
        url("compare:add"),
        {"method": "qlora"},
        HTTP_X_CSRFTOKEN=str(token),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="compare-qlora",
    )
    assert response.status_code == 200


def test_unknown_method_is_reported_not_a_500(client, catalog):
    response = client.post(url("compare:add", "en"), {"method": "no-such-method"})
    assert response.status_code == 302
    page = client.get(url("methods:list", "en"))
    assert "That method is not in the catalog (any more)." in page.text
    assert tray_slugs(client) == []


def test_comparison_page_shows_the_seed_table(client, catalog):
    for slug in SEED:
        add(client, slug)
    response = client.get(url("compare:page", "en"))
    text = response.text
    assert "Compare methods" in text
    comparison = response.context["comparison"]
    assert [m.slug for m in comparison.methods] == SEED
    assert text.count('scope="col"') == 3
    assert text.count('class="differs"') == 7
    assert text.count("≠") >= 6
    assert 'aria-label="Remove QLoRA from comparison"' in text


def change_in_table(client: Client, view: str, slug: str, **extra):
    """Press × on a column, or + on a suggestion, of the comparison page."""
    data = {"method": slug, **extra}
    return client.post(url(view, "en"), data, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="comparison")


def oob_ids(response) -> list[str]:
    return [attribute(e, "id") for e in elements(response.text, data_hx_swap_oob="true")]


def differing_rows(text: str) -> tuple[int, int]:
    """The rows marked as differing, and the count the toolbar states."""
    stated = int(re.search(r"(\d+) of \d+ compared rows? differs?", text).group(1))
    return len(elements(text, "th", scope="row", class_="differs")), stated


def test_removing_with_htmx_answers_with_the_whole_table_and_pushes_the_permalink(client, catalog):
    for slug in SEED:
        add(client, slug)
    response = change_in_table(client, "compare:remove", "direct-preference-optimization")

    assert tray_slugs(client) == ["qlora", "latent-diffusion-models"]
    assert top_elements(response.text)[0] == element(response.text, "section", id="comparison")
    assert response.text.count('scope="col"') == 2
    assert "Rafael Rafailov" not in response.text
    assert response["HX-Push-Url"] == "/en/compare/?m=qlora,latent-diffusion-models"
    assert oob_ids(response) == ["tray-items", "notices", "languages"]
    assert 'id="comparison" class="comparison"' in response.text
    assert re.search(r'id="comparison-status" tabindex="-1" autofocus', response.text)


def test_a_swapped_table_shows_the_facts_as_they_are_now(client, catalog):
    for slug in ["lora", "qlora"]:
        add(client, slug)
    client.get(url("compare:page", "en"))  # the visitor reads LoRA beside QLoRA
    lora = Method.objects.get(slug="lora")
    lora.year = 2023  # an editor changes LoRA's year
    lora.save()

    # (Its page used to say which table it showed, and got only what it thought had changed.)
    response = change_in_table(client, "compare:add", "transformer", m="lora,qlora")

    assert row_cells(response.text, "year") == ["2023", "2023", "2017"]
    marked, stated = differing_rows(response.text)
    assert marked == stated, "the toolbar's count agrees with the marks"


def test_removing_down_to_one_method_unmarks_every_row_and_shows_the_hint(client, catalog):
    for slug in SEED[:2]:
        add(client, slug)
    response = change_in_table(client, "compare:remove", "qlora")
    assert 'class="differs"' not in response.text
    assert "Add another method to see what differs." in response.text


def test_adding_from_the_table_shows_the_new_column_and_a_fresh_search(client, catalog):
    for slug in SEED[:2]:
        add(client, slug)
    response = change_in_table(client, "compare:add", "latent-diffusion-models", q="diffusion")

    assert tray_slugs(client) == SEED
    assert [len(row_cells(response.text, key)) for key in ("year", "summary")] == [3, 3]
    assert row_cells(response.text, "year")[2] == "2022"  # Latent Diffusion Models, last
    assert "Robin Rombach" in response.text and "Tim Dettmers" in response.text
    assert elements(response.text, "input", id="add-q", type="search", name="q", value="")
    assert response["HX-Push-Url"] == "/en/compare/?m=" + ",".join(SEED)


def test_filling_the_tray_from_the_table_takes_the_search_away(client, catalog):
    for slug in SEED:
        add(client, slug)
    full = change_in_table(client, "compare:add", "lora")
    assert 'id="add-q"' not in full.text
    emptied = change_in_table(client, "compare:remove", "lora")
    assert 'id="add-q"' in emptied.text, "a full tray's removal brings the search back"


def test_the_only_differences_mode_survives_a_change(client, catalog):
    for slug in SEED:
        add(client, slug)
    response = change_in_table(client, "compare:remove", "qlora", diff="1")
    assert response["HX-Push-Url"].endswith("&diff=1")
    assert 'aria-pressed="true"' in response.text


def test_clearing_from_the_table_shows_the_empty_comparison_and_says_so(client, catalog):
    for slug in SEED:
        add(client, slug)
    response = client.post(
        url("compare:clear", "en"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="comparison"
    )
    assert tray_slugs(client) == []
    assert "Nothing to compare yet" in response.text
    assert "The comparison is empty now." in response.text
    assert oob_ids(response) == ["tray-items", "notices", "languages"]


def test_removing_without_javascript_redirects_to_the_comparison(client, catalog):
    for slug in SEED:
        add(client, slug)
    response = client.post(url("compare:remove"), {"method": "qlora", "next": url("compare:page")})
    assert response["Location"] == url("compare:page")
    assert tray_slugs(client) == SEED[1:]


def test_permalink_shows_those_methods_in_that_order_to_anyone(client, catalog):
    response = client.get(url("compare:page", "en"), {"m": "latent-diffusion-models,qlora"})
    assert [m.slug for m in response.context["comparison"].methods] == [
        "latent-diffusion-models",
        "qlora",
    ]
    assert "Make it my comparison" in response.text
    assert client.session.get(SESSION_KEY) is None


def test_a_permalink_typed_with_acronyms_shows_those_methods_and_links_by_slug(client, catalog):
    # Written by hand, as a name is written, and one method twice (by acronym and by slug).
    m = "DPO,QLoRA,ldm,direct-preference-optimization"
    response = client.get(url("compare:page", "en"), {"m": m})
    assert [x.slug for x in response.context["comparison"].methods] == [
        "direct-preference-optimization",
        "qlora",
        "latent-diffusion-models",
    ]
    assert "Not in the catalog" not in response.text
    assert response.context["permalink"] == (
        "/en/compare/?m=direct-preference-optimization,qlora,latent-diffusion-models"
    )


def test_permalink_lists_unknown_slugs_and_cuts_past_the_limit(client, catalog):
    m = "nope,qlora,<script>alert(1)</script>,lora,transformer,bert,gpt-3"
    response = client.get(url("compare:page", "en"), {"m": m})
    assert response.status_code == 200
    assert [x.slug for x in response.context["comparison"].methods] == [
        "qlora",
        "lora",
        "transformer",
        "bert",
    ]
    assert "Not in the catalog, so left out: nope, &lt;script&gt;" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "1 more was left out" in response.text


def test_adopting_a_permalink_makes_it_the_tray(client, catalog):
    response = client.post(url("compare:adopt"), {"m": "lora,qlora"})
    assert response["Location"] == "/vi/compare/?m=lora,qlora"
    assert tray_slugs(client) == ["lora", "qlora"]


def test_show_only_differences_presses_the_toggle_and_keeps_the_rows_marked(client, catalog):
    response = client.get(url("compare:page", "en"), {"m": ",".join(SEED), "diff": "1"})
    text = response.text
    differing, compared = map(int, re.search(r"(\d+) of (\d+) compared rows differ", text).groups())
    assert 3 <= differing < compared  # group, year and type among them; not the references
    assert "shown for reference, not compared" in text
    assert elements(text, id="only-differences", class_="toggle", aria_pressed="true")
    # Every row is on the page; the style sheet hides the unmarked ones while the toggle is on.
    field = element(text, "th", scope="row", id="label-field")
    assert text_of(field).startswith("Field") and "differs" not in (attribute(field, "class") or "")
    year = element(text, "th", scope="row", id="label-year", class_="differs")
    assert text_of(year).startswith("First public")
    summary = element(text, "tr", id="row-summary", class_="reference")
    assert elements(summary, "th", scope="row", id="label-summary")


def test_the_toggle_swaps_the_comparison_and_the_language_links(client, catalog):
    response = client.get(
        url("compare:page", "en"),
        {"m": ",".join(SEED), "diff": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="comparison",
    )
    text = response.text
    assert top_elements(text)[0] == element(text, "section", id="comparison")
    assert elements(text, aria_pressed="true", autofocus=""), "the focus stays on the toggle"
    assert oob_ids(response) == ["tray-items", "notices", "languages"]
    assert "diff=1" in str(element(text, "nav", id="languages"))


def test_add_a_method_search_suggests_methods_not_yet_compared(client, catalog):
    add(client, "qlora")
    response = client.get(
        url("compare:page"), {"q": "lora"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="suggestions"
    )
    assert top_elements(response.text)[0] == element(response.text, "ul", id="suggestions")
    assert 'value="lora"' in response.text
    assert 'value="qlora"' not in response.text


def test_empty_and_single_method_states(client, catalog):
    empty = client.get(url("compare:page", "en"))
    assert "Nothing to compare yet" in empty.text
    most_connected = list(Method.objects.most_connected()[:6])
    assert empty.context["popular"] == most_connected
    add(client, "qlora")
    single = client.get(url("compare:page", "en"))
    assert "Add another method to see what differs." in single.text
    assert 'class="differs"' not in single.text


def test_exports_parse_back(client, catalog):
    m = ",".join(SEED)
    content = client.get(url("compare:export", "en", fmt="csv"), {"m": m}).content
    # A byte-order mark first: Excel then reads the file as UTF-8, Vietnamese and all.
    assert content.startswith(b"\xef\xbb\xbf")
    csv_rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert csv_rows[0] == [
        "Attribute",
        "QLoRA",
        "Direct Preference Optimization",
        "Latent Diffusion Models",
        "Differs",
    ]
    assert csv_rows[1] == ["Acronym", "", "DPO", "LDM", ""]
    assert csv_rows[2] == ["Vietnamese name", "", "", "Mô hình khuếch tán tiềm ẩn", ""]
    assert csv_rows[5] == ["First public", "2023", "2023", "2022", "yes"]
    assert csv_rows[6][0] == "Originator" and csv_rows[6][-1] == ""  # for reference
    data = json.loads(client.get(url("compare:export", "en", fmt="json"), {"m": m}).content)
    rows = {row["key"]: row for row in data["rows"]}
    assert rows["year"]["differs"] and not rows["summary"]["differs"]
    assert rows["property-learning-setting"]["label"] == "Learning setting"
    assert "trl.DPOTrainer" in rows["code"]["values"][1]
    bib = client.get(url("compare:export", "en", fmt="bib"), {"m": m})
    assert bib["Content-Disposition"] == 'attachment; filename="scholargate-comparison.bib"'
    entries = bibtexparser.loads(bib.content.decode()).entries
    assert [e["ENTRYTYPE"] for e in entries] == ["inproceedings"] * 3
    assert entries[0]["doi"] == "10.52202/075280-0441"
    assert entries[0]["eprint"] == "2305.14314"
    assert "Zettlemoyer, Luke" in entries[0]["author"]
    assert entries[2]["doi"] == "10.1109/CVPR52688.2022.01042"


def test_unknown_export_format_is_a_404(client):
    assert client.get(url("compare:export", fmt="exe")).status_code == 404


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_comparison_query_count_is_flat(client, django_assert_num_queries, count):
    methods = MethodFactory.create_batch(count)
    for method in methods:
        method.related.add(MethodFactory())
        add(client, method.slug)
    # The vocabulary is read once per catalog version, and each method as a comparison reads
    # it (its fields, its related methods with the kinds of relation) is kept for it.
    client.get(url("compare:page"))
    # the session and the catalog's version (the tray indicator shows the same methods)
    with django_assert_num_queries(2):
        client.get(url("compare:page"))


def test_a_comparison_shows_an_edit_at_once(client, catalog):
    m = "qlora,lora"
    assert "Tim Dettmers" in client.get(url("compare:page", "en"), {"m": m}).text
    qlora = Method.objects.get(slug="qlora")
    qlora.originator = "T. Dettmers and colleagues"
    qlora.save()
    assert "T. Dettmers and colleagues" in client.get(url("compare:page", "en"), {"m": m}).text


def test_a_comparison_shows_a_new_relation_at_once(client, catalog):
    """Each method's related methods, and its line of the timeline in words, are kept per
    catalog version: a relation an editor adds shows on the next visit in both."""
    m = "qlora,lora"
    assert "Word2Vec" not in client.get(url("compare:page", "en"), {"m": m}).text
    Method.objects.get(slug="qlora").related.add(Method.objects.get(slug="word2vec"))
    page = client.get(url("compare:page", "en"), {"m": m}).text
    assert "Word2Vec" in text_of(element(page, "tr", id="row-related"))
    assert "Word2Vec" in text_of(element(page, "ul", class_="timeline-list"))


def test_a_message_is_shown_once(client, catalog):
    for slug in [*SEED, "lora"]:
        add(client, slug)
    client.post(url("compare:add", "en"), {"method": "transformer"})
    message = "At most 4 methods can be compared; remove one first."
    assert message in client.get(url("compare:page", "en")).text
    assert message not in client.get(url("compare:page", "en")).text


def column_heads(text: str) -> list[str]:
    heads = re.findall(r'<th scope="col"[^>]*>\s*<a [^>]*>(.*?)</a>', text, re.S)
    # Without the short name a phone shows instead (site.css).
    heads = [re.sub(r'<span class="column-short".*?</span>', "", head) for head in heads]
    return [re.sub(r"(<[^>]+>)+", "|", head).strip("|") for head in heads]


def test_column_heads_read_as_the_seed_page_with_vietnamese_names_on_vietnamese_pages(
    client, catalog
):
    m = ",".join(SEED)
    assert column_heads(client.get(url("compare:page", "vi"), {"m": m}).text) == [
        "QLoRA",
        "Direct Preference Optimization (DPO)",
        "Latent Diffusion Models (LDM) |Mô hình khuếch tán tiềm ẩn",
    ]
    assert column_heads(client.get(url("compare:page", "en"), {"m": m}).text) == [
        "QLoRA",
        "Direct Preference Optimization (DPO)",
        "Latent Diffusion Models (LDM)",
    ]


def timeline_links(text: str) -> list[str]:
    """The compared methods the (wide) timeline marks, as the addresses of their marks."""
    wide = element(text, "svg", class_="timeline-chart timeline-wide")
    return [attribute(a, "href") for a in elements(wide, "a", class_="timeline-compared")]


def test_the_timeline_and_what_to_compare_next_follow_a_change_in_the_table(client, catalog):
    for slug in SEED:
        add(client, slug)
    page = client.get(url("compare:page", "en")).text
    assert timeline_links(page) == [f"/en/methods/{slug}/" for slug in SEED]
    assert len(elements(page, "svg", class_="timeline-chart")) == 2  # a desk's and a phone's
    # Its text alternative: each compared method, its year and its related methods.
    assert '<a href="/en/methods/qlora/">QLoRA</a>, 2023. Related: ' in page
    assert re.search(r"LoRA\)?</a> \(2021\)", page)
    assert "Mixed comparison: these methods are of different types" in page

    swapped = change_in_table(client, "compare:remove", "latent-diffusion-models").text
    assert timeline_links(swapped) == [
        "/en/methods/qlora/",
        "/en/methods/direct-preference-optimization/",
    ]
    assert "What to compare next" in swapped
    assert "Mixed comparison" not in swapped  # QLoRA and DPO: one field, one type


def test_what_to_compare_next_adds_a_method_without_javascript(client, catalog):
    for slug in SEED[:2]:
        add(client, slug)
    page = client.get(url("compare:page", "en")).text
    section = element(page, "section", class_="compare-next")
    offered = [attribute(e, "value") for e in elements(section, name="method")]
    assert 1 <= len(offered) <= 6 and not set(offered) & set(SEED)
    reasons = [text_of(span) for span in elements(section, "span", class_="reason")]
    assert len(reasons) == len(offered)
    assert set(reasons) <= {
        f"{relation} {names}"
        for relation in ("related to", "an alternative to or variant of")
        for names in ("QLoRA", "DPO", "QLoRA and DPO")
    }
    assert elements(section, data_hx_post="/en/compare/add/", data_hx_target="#comparison")

    response = client.post(url("compare:add", "en"), {"method": offered[0], "next": "/en/compare/"})
    assert response.status_code == 302 and response["Location"] == "/en/compare/"
    assert tray_slugs(client) == [*SEED[:2], offered[0]]


def test_a_full_or_shared_comparison_offers_next_methods_without_add_buttons(client, catalog):
    shared = client.get(url("compare:page", "en"), {"m": ",".join(SEED)}).text
    section = element(shared, "section", class_="compare-next")
    assert elements(section, "a") and not elements(section, "form")
    assert all(attribute(a, "href").startswith("/en/methods/") for a in elements(section, "a"))


def test_printing_names_the_permalink_and_the_date(client, catalog):
    for slug in SEED:
        add(client, slug)
    page = client.get(url("compare:page", "en")).text
    assert re.search(
        r'class="print-only print-source">This comparison: http://testserver/en/compare/\?m='
        + ",".join(SEED)
        + r", as of \d{4}-\d{2}-\d{2}</p>",
        page,
    )


@pytest.mark.parametrize("target", [None, "comparison"])
def test_the_timeline_and_suggestions_add_no_query_per_method(
    client, django_assert_num_queries, target
):
    """The page, or its swap after an add, asks as much of the database for 4 methods as for 2."""
    shared = MethodFactory.create_batch(2)
    methods = [MethodFactory(related=[*shared, *MethodFactory.create_batch(3)]) for _ in range(5)]

    def measured(count: int):
        """With count - 1 methods in the tray, what adds the last one and shows the page."""
        client.post(url("compare:clear"))
        for method in methods[: count - 1]:
            add(client, method.slug)
        caches["fragments"].clear()  # what is kept per method is read afresh for each count
        if target:
            return lambda: change_in_table(client, "compare:add", methods[count - 1].slug)
        return lambda: (add(client, methods[count - 1].slug), client.get(url("compare:page")))

    measured(2)()  # the vocabulary is read once per catalog version, by the first page
    show_two = measured(2)
    with CaptureQueriesContext(connection) as two:
        show_two()
    expected = len(two)  # read now: the next requests empty the connection's log
    show_four = measured(4)
    with django_assert_num_queries(expected):
        show_four()


def test_the_starting_points_follow_the_catalog_at_once(client, catalog):
    """They are kept between requests, but only for one version of the catalog."""
    client.get(url("compare:page", "en"))
    newcomer = MethodFactory()
    newcomer.related.set(Method.objects.exclude(pk=newcomer.pk))  # the best connected now
    starts = client.get(url("compare:page", "en")).context["popular"]
    assert starts[0] == newcomer


def test_the_link_to_a_comparison_keeps_only_differences(client, catalog):
    m = ",".join(SEED)
    page = client.get(url("compare:page", "en"), {"m": m, "diff": "1"}).text
    link = f"/en/compare/?m={m}&diff=1"
    assert elements(page, "a", class_="permalink", href=link)
    assert elements(page, data_copy=link)  # the copy button copies the same
    plain = client.get(url("compare:page", "en"), {"m": m}).text
    assert elements(plain, "a", class_="permalink", href=f"/en/compare/?m={m}")


def test_drawings_write_their_numbers_plainly_on_vietnamese_pages(client, catalog):
    """Vietnamese writes 176,5 for 176.5; a drawing's numbers must not (the SVG breaks)."""
    page = client.get(url("compare:page", "vi"), {"m": ",".join(SEED)}).text
    detail = client.get(reverse("methods:detail", kwargs={"slug": "latent-diffusion-models"}))
    for text in (page, detail.text):
        drawings = "".join(re.findall(r"<svg.*?</svg>", text, re.S))
        numbers = re.findall(
            r' (?:viewBox|width|height|x|y|cx|cy|r|x1|y1|x2|y2|d)="([^"]*)"', drawings
        )
        assert numbers and not [n for n in numbers if "," in n]
