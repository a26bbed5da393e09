"""The comparison page in a browser: read it, change it in place, share it, go back."""

import csv
import io
import json
import re

import bibtexparser
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    SEED,
    SEED_DIFFERING,
    SEED_NAMES,
    SEED_ROWS,
    all_rows,
    column_names,
    differing_rows,
    expect_columns,
    fill_tray,
    htmx_settled,
    mark_window,
    shown_rows,
    table_as_read,
    tray_count,
    window_was_kept,
)


def rgb(css_colour: str) -> tuple[float, ...]:
    return tuple(float(part) for part in re.findall(r"[\d.]+", css_colour)[:3])


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two computed CSS colours."""

    def luminance(colour: str) -> float:
        def linear(channel: float) -> float:
            c = channel / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def style(page: Page, selector: str, prop: str) -> str:
    return page.locator(selector).first.evaluate("(el, prop) => getComputedStyle(el)[prop]", prop)


def test_the_differing_rows_are_marked_by_more_than_colour(page: Page):
    fill_tray(page, SEED)
    expect_columns(page, SEED_NAMES)
    assert differing_rows(page) == SEED_DIFFERING
    expect(page.locator("#comparison .diff-count")).to_contain_text("7 of 8 compared rows differ")

    # Screen readers hear "(differs)"; everyone sees ≠; the colour comes on top.
    marked = page.get_by_role("rowheader", name=re.compile(r"\(differs\)$"))
    expect(marked).to_have_count(len(SEED_DIFFERING))
    expect(page.locator("th.differs .differs-mark")).to_have_count(len(SEED_DIFFERING))
    for mark in page.locator("th.differs .differs-mark").all():
        expect(mark).to_be_visible()
        expect(mark).to_have_text("≠")
    expect(page.locator("th:not(.differs) .differs-mark")).to_have_count(0)

    plain = style(page, "#comparison tbody th:not(.differs) ~ td", "backgroundColor")
    highlighted = style(page, "#comparison tbody th.differs ~ td", "backgroundColor")
    assert highlighted != plain
    for selector in ("th.differs ~ td", "th.differs", "th.differs .differs-mark"):
        ratio = contrast(
            style(page, f"#comparison {selector}", "color"),
            style(page, "#comparison th.differs ~ td", "backgroundColor"),
        )
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} on the highlight"


def test_removing_a_method_swaps_the_table_in_place(page: Page):
    fill_tray(page, SEED)
    mark_window(page)
    page.get_by_role(
        "button", name="Remove Direct Preference Optimization (DPO) from comparison"
    ).click()

    expect(page).to_have_url(re.compile(r"/en/compare/\?m=qlora,latent-diffusion-models$"))
    expect_columns(page, ["QLoRA", "Latent Diffusion Models (LDM)"])
    assert tray_count(page) == 2
    expect(page.locator("#tray-items")).not_to_contain_text("Direct Preference Optimization")
    assert window_was_kept(page), "removing a method reloaded the page"
    # The pressed button is gone: the focus is on the new count of differing rows, not lost.
    expect(page.locator("#comparison-status")).to_be_focused()
    expect(page.locator("#comparison-status")).to_have_text(
        re.compile(r"^\s*\d+ of \d+ compared rows differ\s*$")
    )
    # The swapped table reads as the page itself does when loaded anew.
    changed = table_as_read(page)
    page.reload()
    assert table_as_read(page) == changed
    # The language switcher follows the new address.
    expect(page.locator("#languages a[hreflang=vi]")).to_have_attribute(
        "href", "/vi/compare/?m=qlora,latent-diffusion-models"
    )


def test_at_most_four_methods_and_a_message_for_the_fifth(page: Page):
    four = [*SEED, "lora"]
    fill_tray(page, four)
    assert len(column_names(page)) == 4
    expect(page.locator("#comparison .add-column")).to_have_count(0)
    expect(page.locator("#add-q")).to_have_count(0)

    page.goto("/en/methods/adam/")
    page.get_by_role("button", name="4 chosen — remove one: Adam", exact=True).click()
    expect(page.locator("#compare-adam")).to_contain_text(
        "At most 4 methods can be compared; remove one first."
    )
    assert tray_count(page) == 4
    full = page.get_by_role("button", name="4 chosen — remove one: Adam", exact=True)
    expect(full).to_be_visible()

    page.goto("/en/compare/")
    assert len(column_names(page)) == 4
    assert "Adam" not in column_names(page)


def test_show_only_differences_hides_the_equal_rows_and_back(page: Page):
    fill_tray(page, SEED)
    mark_window(page)
    toggle = page.get_by_role("button", name="Show only differences")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(shown_rows(page)).to_have_count(SEED_ROWS)

    toggle.click()
    expect(page).to_have_url(re.compile(r"diff=1"))
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(shown_rows(page)).to_have_count(len(SEED_DIFFERING))
    assert differing_rows(page) == SEED_DIFFERING
    htmx_settled(page)

    toggle.click()
    expect(page).not_to_have_url(re.compile(r"diff=1"))
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(shown_rows(page)).to_have_count(SEED_ROWS)
    assert window_was_kept(page)


def test_adding_a_method_from_the_search_inside_the_table(page: Page):
    fill_tray(page, SEED[:2])
    mark_window(page)
    search = page.locator("#add-q")
    search.press_sequentially("diffusion", delay=20)
    suggestions = page.locator("#suggestions")
    for name in (
        "Latent Diffusion Models (LDM)",
        "Denoising Diffusion Probabilistic Models (DDPM)",
    ):
        expect(suggestions.get_by_role("button", name=f"Add {name} to compare")).to_be_visible()
    # What is in the table already is not offered again.
    search.fill("")
    search.press_sequentially("qlora", delay=20)
    expect(suggestions.get_by_role("button").first).to_be_visible()
    expect(suggestions.get_by_role("button", name="Add QLoRA to compare")).to_have_count(0)

    search.fill("")
    search.press_sequentially("latent diffusion", delay=20)
    latent_diffusion = suggestions.get_by_role(
        "button", name="Add Latent Diffusion Models (LDM) to compare"
    )
    expect(latent_diffusion).to_be_visible()
    htmx_settled(page)
    latent_diffusion.click()
    expect(page).to_have_url(re.compile(r"\?m=qlora,direct-preference-optimization,latent"))
    expect_columns(page, SEED_NAMES)
    assert tray_count(page) == 3
    assert differing_rows(page) == SEED_DIFFERING
    expect(page.locator("#comparison-status")).to_be_focused()
    expect(page.locator("#add-q")).to_have_value("")  # the search starts afresh
    assert window_was_kept(page)
    changed = table_as_read(page)
    page.reload()
    assert table_as_read(page) == changed


def test_switching_language_on_the_comparison_keeps_the_tray(page: Page):
    fill_tray(page, SEED)
    page.get_by_role("button", name="Remove Latent Diffusion Models (LDM) from comparison").click()
    expect(page).to_have_url(re.compile(r"\?m=qlora,direct-preference-optimization$"))
    htmx_settled(page)

    page.locator("#languages a[hreflang=vi]").click()
    expect(page).to_have_url(re.compile(r"/vi/compare/\?m=qlora,direct-preference-optimization$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect_columns(page, ["QLoRA", "Direct Preference Optimization (DPO)"])
    assert tray_count(page) == 2
    # Still the visitor's own comparison, not a shared one: the columns can be removed.
    expect(page.locator("form.shared")).to_have_count(0)
    expect(page.locator("#comparison thead form button[type=submit]")).to_have_count(2)

    page.locator("#languages a[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_columns(page, SEED_NAMES[:2])


def test_a_permalink_opens_the_same_comparison_in_a_fresh_browser(page: Page, new_context):
    fill_tray(page, [SEED[2], SEED[0]])
    page.get_by_role("link", name="Link to this comparison").click()
    permalink = page.url
    assert permalink.endswith("/en/compare/?m=latent-diffusion-models,qlora")

    stranger = new_context().new_page()
    stranger.goto(permalink)
    expect_columns(stranger, ["Latent Diffusion Models (LDM)", "QLoRA"])
    assert tray_count(stranger) == 0, "a shared comparison leaves the visitor's tray alone"
    expect(stranger.locator("#comparison thead form")).to_have_count(0)

    # The answer redirects to the same address: read the new page, not the one leaving.
    with stranger.expect_navigation():
        stranger.get_by_role("button", name="Make it my comparison").click()
    expect(stranger.locator("form.shared")).to_have_count(0)
    assert tray_count(stranger) == 2
    expect_columns(stranger, ["Latent Diffusion Models (LDM)", "QLoRA"])
    assert tray_count(page) == 2


def test_back_and_forward_restore_the_previous_tables(page: Page):
    fill_tray(page, SEED)
    mark_window(page)
    page.get_by_role("button", name="Remove QLoRA from comparison").click()
    expect(page).to_have_url(re.compile(r"\?m=direct-preference-optimization,latent"))
    htmx_settled(page)
    page.get_by_role("button", name="Show only differences").click()
    expect(page).to_have_url(re.compile(r"diff=1$"))
    only_differences = shown_rows(page).count()
    assert only_differences < all_rows(page).count()

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"diff=1"))
    expect(shown_rows(page)).to_have_count(all_rows(page).count())
    expect_columns(page, SEED_NAMES[1:])

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?m=qlora,direct-preference-optimization,latent"))
    expect(page.locator("#comparison thead th[scope=col]:not(.add-column)")).to_have_count(3)
    expect_columns(page, SEED_NAMES)

    page.go_forward()
    expect(page.locator("#comparison thead th[scope=col]:not(.add-column)")).to_have_count(2)
    page.go_forward()
    expect(page).to_have_url(re.compile(r"diff=1$"))
    expect(shown_rows(page)).to_have_count(only_differences)
    assert window_was_kept(page), "back and forward reloaded the page"


@pytest.mark.parametrize("fmt", ["CSV", "JSON", "BibTeX"])
def test_each_export_downloads_and_parses(page: Page, fmt: str):
    fill_tray(page, SEED)
    with page.expect_download() as download_info:
        page.locator(".exports").get_by_role("link", name=fmt, exact=True).click()
    download = download_info.value
    text = download.path().read_text(encoding="utf-8-sig")
    assert download.suggested_filename.startswith("scholargate-comparison.")

    if fmt == "CSV":
        rows = list(csv.reader(io.StringIO(text)))
        names = ["QLoRA", "Direct Preference Optimization", "Latent Diffusion Models"]
        assert rows[0][1:4] == names
        assert rows[1][1:4] == ["", "DPO", "LDM"]  # the acronyms, under the names
        assert len(rows) == 3 + SEED_ROWS
        assert [row[0] for row in rows[1:] if row[-1] == "yes"] == SEED_DIFFERING
    elif fmt == "JSON":
        data = json.loads(text)
        assert [m["slug"] for m in data["methods"]] == SEED
        assert [row["label"] for row in data["rows"] if row["differs"]] == SEED_DIFFERING
    else:
        entries = bibtexparser.loads(text).entries
        assert len(entries) == 3
        assert "QLoRA" in entries[0]["title"] and "Diffusion" in entries[2]["title"]


def test_screenshots_of_the_comparison_on_a_desk_and_a_phone(page: Page, screenshots):
    fill_tray(page, SEED)
    page.goto("/en/compare/")
    page.screenshot(path=screenshots / "comparison-1280.png", full_page=True)
    # The Vietnamese ones, the README's, are test_visual.py's.

    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=screenshots / "comparison-375.png", full_page=True)
    # On a phone the table reads an attribute at a time; nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    table = page.locator(".table-scroll")
    assert not table.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(table).to_have_attribute("tabindex", "0")
