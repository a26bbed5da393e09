"""A researcher's day, as the review of issue 22 walked it: browsing past page one, search as
researchers type, fields that agree, the relation map, the timeline, the tray, the comparison's
headers and the phone catalog (findings 1 to 10), each on a desk's screen and a phone's."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import SEED, fill_tray, htmx_settled, tray_count

DPO = "/en/methods/direct-preference-optimization/"


@pytest.fixture
def phone(new_context) -> Page:
    """A 375 px phone's page, touch and all."""
    page = new_context(has_touch=True, is_mobile=True).new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    return page


def in_view(page: Page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


# -- 1. The catalog can be browsed past its first page --------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_page_two_keeps_every_filter(new_context, javascript: bool):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto("/en/methods/?field=statistics&sort=-year")
    first = page.locator(".method-card h3").all_inner_texts()
    numbers = page.locator("nav.pagination .page-numbers")
    expect(numbers.locator("[aria-current=page]")).to_have_text("1")
    numbers.get_by_role("link", name="Page 2", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?field=statistics&sort=-year&page=2$"))
    expect(numbers.locator("[aria-current=page]")).to_have_text("2")
    # The menus still say what the list shows: the field's methods, newest first.
    expect(page.locator("#id_field")).to_have_value("statistics")
    expect(page.locator("#id_sort")).to_have_value("-year")
    second = page.locator(".method-card h3").all_inner_texts()
    assert second and not set(second) & set(first)
    years = [int(y) for y in re.findall(r"· (\d{4}) ·", page.locator("#results").inner_text())]
    assert years == sorted(years, reverse=True)


# -- 2 and 3. Search as researchers type -------------------------------------------------------


def test_a_misspelled_search_offers_the_name_it_was_meant_to_be(page: Page):
    page.goto("/vi/methods/")
    page.locator("#id_q").press_sequentially("transfomer", delay=20)
    offer = page.locator(".search-offer").get_by_role("link", name="Transformer", exact=True)
    expect(offer).to_be_visible()
    offer.click()
    expect(page.locator(".method-card h3").first).to_have_text("Transformer")


def test_a_vietnamese_concept_finds_its_methods_first(page: Page):
    page.goto("/vi/methods/")
    page.locator("#id_q").press_sequentially("căn chỉnh", delay=20)
    # The whole query: under load the page may still show what "căn c" found.
    expect(page).to_have_url(re.compile(r"q=c%C4%83n(%20|\+)ch%E1%BB%89nh"))
    htmx_settled(page)
    firsts = page.locator(".method-card h3").all_inner_texts()[:3]
    assert "Direct Preference Optimization (DPO)" in firsts


# -- 5. Fields agree ---------------------------------------------------------------------------


def test_dpo_is_among_the_large_language_models_and_like_simpo(page: Page):
    page.goto("/en/methods/?field=large-language-models&q=DPO")
    expect(page.locator(".method-card h3").first).to_have_text(
        "Direct Preference Optimization (DPO)"
    )
    page.goto("/en/compare/?m=direct-preference-optimization,simple-preference-optimization")
    expect(page.locator(".unlike")).to_have_count(0)  # one field, one type: like with like
    expect(page.locator("#label-year")).to_contain_text("First public")
    expect(page.locator("#label-property-needs-reference-model")).to_contain_text("≠")


# -- 4. The relation map shows lineage, not a wall of acronyms --------------------------------


def test_the_relation_map_draws_direct_relations_and_folds_the_rest(page: Page):
    page.goto(DPO)
    chart = page.locator(".map-chart")
    # DPO and its ten related methods; the dozens two steps away are not drawn.
    expect(chart.locator(".map-node")).to_have_count(1 + 10)
    # Each relation drawn with its kind's line, named in the legend.
    expect(chart.locator(".map-edge-alternative-to")).not_to_have_count(0)
    expect(page.locator(".map-legend")).to_contain_text("Alternative to")
    assert chart.bounding_box()["height"] < 600
    transformer = chart.get_by_role("link", name="Transformer, 2017")
    expect(transformer).to_contain_text(re.compile(r"2017 · \+\d+"))  # its year, and beyond it
    # No label leaves its box.
    for node in chart.locator(".map-node").all():
        box, label = node.locator("rect").bounding_box(), node.locator("text").first.bounding_box()
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"]
    expect(page.locator(".map-legend")).to_contain_text("A related method and its year")

    # The 62 through Transformer are folded, those most paths lead to first, twelve shown.
    folded = page.locator("details.map-further", has_text="+62 through Transformer")
    items = folded.locator("li")
    expect(items.first).to_be_hidden()
    folded.locator("summary").click()
    expect(items.first).to_be_visible()
    expect(items).to_have_count(12 + 1)
    expect(items.last).to_have_text("and 50 more on the page of Transformer")


def test_on_a_phone_the_relation_map_is_its_list(phone: Page):
    page = phone
    page.goto(DPO)
    expect(page.locator(".map-chart")).to_be_hidden()
    expect(page.locator(".map-list").first).to_be_visible()
    expect(page.get_by_role("link", name="Transformer", exact=True).last).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


# -- 6. The timeline names its dots without a mouse ------------------------------------------


def test_the_timeline_names_a_related_dot_on_focus_with_a_legend_and_a_list(page: Page):
    # DPO and SimPO are related (a variant): the legend explains the dashed line between them.
    fill_tray(page, [*SEED, "simple-preference-optimization"])
    dot = page.locator(".timeline-wide .timeline-related", has_text="PPO, 2017")
    name = dot.locator(".timeline-name")
    expect(name).to_be_hidden()
    dot.focus()
    expect(name).to_be_visible()
    legend = page.locator(".timeline-legend")
    expect(legend).to_contain_text("Compared")
    expect(legend).to_contain_text("Compared methods related to each other")

    as_list = page.locator(".timeline-list")
    assert as_list.bounding_box()["width"] <= 1  # for screen readers only
    page.get_by_label("Show as a list").check()
    assert as_list.bounding_box()["width"] > 100
    expect(as_list.get_by_role("link", name="Proximal Policy Optimization (PPO)")).to_be_visible()


def test_a_tap_on_a_timeline_dot_names_it_and_stays_on_the_page(phone: Page):
    page = phone
    fill_tray(page, SEED)
    url = page.url
    dot = page.locator(".timeline-narrow .timeline-related", has_text="PPO, 2017")
    dot.tap()
    expect(dot.locator(".timeline-name")).to_be_visible()
    assert page.url == url


# -- 7. The tray is within reach and a refusal explains itself --------------------------------


def test_a_full_tray_says_so_and_a_refusal_shows_beside_the_button(page: Page):
    fill_tray(page, [*SEED, "lora"])
    page.goto(DPO)
    full = page.get_by_role("button", name="4 chosen — remove one: Proximal Policy Optimization")
    full.scroll_into_view_if_needed()
    full.click()
    refusal = page.locator("#compare-proximal-policy-optimization .control-refusal")
    expect(refusal).to_have_text(
        "At most 4 methods can be compared; remove one first. Open the comparison"
    )
    assert in_view(page, refusal), "the refusal is out of view"
    expect(page.locator("#notices")).not_to_contain_text("At most 4")
    # The tray followed the reader down the page.
    assert in_view(page, page.locator("#tray-items")) and tray_count(page) == 4


def test_without_javascript_a_refusal_shows_at_the_method(new_context):
    page = new_context(java_script_enabled=False).new_page()
    fill_tray(page, [*SEED, "lora"])
    expect(page.locator(".copy-link")).to_be_hidden()  # it needs a script to copy
    page.goto(DPO)
    page.get_by_role("button", name="4 chosen — remove one: Transformer", exact=True).click()
    expect(page).to_have_url(re.compile(r"#compare-transformer$"))
    expect(page.locator("#compare-transformer .control-refusal")).to_contain_text("At most 4")


def test_on_a_phone_the_tray_is_a_bar_at_the_bottom(phone: Page):
    page = phone
    fill_tray(page, SEED)
    page.goto("/en/methods/")
    tray = page.locator(".tray")
    box = tray.bounding_box()
    assert box["height"] <= 48 and abs(box["y"] + box["height"] - 800) < 1
    page.mouse.wheel(0, 2000)
    expect(tray).to_be_in_viewport()


def test_a_full_comparison_offers_to_swap_a_suggestion_in(page: Page):
    fill_tray(page, [*SEED, "lora"])
    suggestion = page.locator(".compare-next li").first
    name = suggestion.get_by_role("link").inner_text().split("\n")[0]
    suggestion.get_by_label("Instead of").select_option(label="DPO")
    suggestion.get_by_role("button", name="Swap in").click()
    htmx_settled(page)
    heads = page.locator("#comparison thead th[scope=col] .column-name").all_inner_texts()
    assert [head.split("\n")[0] for head in heads][1] == name
    assert tray_count(page) == 4


# -- 8. The comparison keeps its headers -----------------------------------------------------


def test_the_comparison_keeps_its_column_heads_in_view(page: Page):
    fill_tray(page, SEED)
    page.locator("#row-summary").scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    head = page.locator("#comparison thead th[scope=col]").first
    assert in_view(page, head), "the column heads scrolled away"
    tray = page.locator("#tray-items").bounding_box()
    assert head.bounding_box()["y"] >= tray["y"] + tray["height"] - 1  # not under the tray


def test_on_a_phone_the_comparison_reads_an_attribute_at_a_time(phone: Page):
    page = phone
    fill_tray(page, SEED)
    year = page.locator("#row-year")
    cells = year.locator("td")
    expect(cells).to_have_count(3)
    widths = [cell.bounding_box()["width"] for cell in cells.all()]
    assert min(widths) > 250, "the values stand one under the other, each the table's width"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#row-summary td").last.scroll_into_view_if_needed()
    strip = page.locator("#comparison thead")
    assert in_view(page, strip)
    expect(strip).to_contain_text("QLoRA")
    expect(strip).to_contain_text("DPO")


# -- 9. A phone's catalog shows results on its first screen ----------------------------------


def test_on_a_phone_the_catalog_shows_results_first_and_folds_the_filters(phone: Page):
    page = phone
    page.goto("/vi/methods/")
    assert in_view(page, page.locator(".method-card").first)
    page.locator("#id_q").fill("t-SNE")
    expect(page.locator(".method-card").first).to_contain_text("t-SNE")
    assert in_view(page, page.locator(".method-card").first), "a search seems to do nothing"
    field = page.locator("#id_field")
    expect(field).to_be_hidden()
    page.get_by_text("Bộ lọc", exact=True).click()
    expect(field).to_be_visible()
    # Each menu, however long its longest option (a family's name), fits inside the filters.
    right = page.locator(".filters").evaluate("el => el.getBoundingClientRect().right")
    for menu in page.locator(".filters select").all():
        assert menu.evaluate("el => el.getBoundingClientRect().right") <= right, menu


def test_on_a_desk_the_catalog_filters_are_never_folded(page: Page):
    page.goto("/en/methods/")
    expect(page.locator("#id_field")).to_be_visible()
    expect(page.locator(".more-filters summary")).to_be_hidden()


# -- 10. The smaller points ------------------------------------------------------------------


def test_the_csv_has_a_byte_order_mark_and_a_method_page_offers_its_citation(page: Page):
    fill_tray(page, SEED)
    with page.expect_download() as download:
        page.locator(".exports").get_by_role("link", name="CSV", exact=True).click()
    assert download.value.path().read_bytes().startswith(b"\xef\xbb\xbf")
    expect(page.locator(".unlike")).to_contain_text("Mixed comparison:")

    page.goto("/en/methods/qlora/")
    with page.expect_download() as download:
        page.get_by_role("link", name="BibTeX").click()
    assert download.value.suggested_filename == "qlora.bib"
    assert download.value.path().read_text().startswith("@")


def test_the_link_keeps_only_differences_and_copies(new_context):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    fill_tray(page, SEED)
    page.get_by_role("button", name="Show only differences").click()
    expect(page.locator(".permalink")).to_have_attribute("href", re.compile(r"&diff=1$"))
    htmx_settled(page)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#copy-status")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/en/compare/?m=" + ",".join(SEED) + "&diff=1")


def test_no_content_security_policy_violation_through_a_visit(new_context):
    page = new_context().new_page()
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.violations.push(e.violatedDirective + ' ' + e.sourceFile));"
    )
    violations = []
    page.goto("/vi/methods/")
    page.locator("#id_q").fill("dpo")
    expect(page.locator(".method-card").first).to_contain_text("DPO")
    page.locator(".method-card .button.add").first.click()
    htmx_settled(page)
    violations += page.evaluate("window.violations")
    page.goto("/vi/compare/")
    page.locator("#only-differences").click()
    htmx_settled(page)
    violations += page.evaluate("window.violations")
    assert violations == []
