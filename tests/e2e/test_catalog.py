"""The catalog in a browser: search as one types, and fill the compare tray."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    SEED,
    SEED_NAMES,
    htmx_settled,
    mark_window,
    tray_count,
    window_was_kept,
)

DIFFUSION = [
    "Latent Diffusion Models (LDM)\nMô hình khuếch tán tiềm ẩn",
    "Denoising Diffusion Probabilistic Models (DDPM)",
]


def result_names(page: Page) -> list[str]:
    return page.locator("#results .method-card h3").all_inner_texts()


def type_query(page: Page, text: str) -> None:
    box = page.locator("#id_q")
    box.fill("")
    box.press_sequentially(text, delay=20)


def test_typing_a_search_swaps_the_results_with_and_without_diacritics(page: Page):
    page.goto("/vi/methods/")
    everything = page.locator("#results-heading").inner_text()
    mark_window(page)

    type_query(page, "khuech tan")
    expect(page).to_have_url(re.compile(r"/vi/methods/\?q=khuech(%20|\+)tan&"))
    expect(page.locator("#results-heading")).not_to_have_text(everything)
    found = page.locator("#results-heading").inner_text()
    assert set(DIFFUSION) <= set(result_names(page))

    # The same methods, those written with the diacritics typed first.
    type_query(page, "khuếch tán")
    expect(page).to_have_url(re.compile(r"\?q=khu%E1%BA%BFch(%20|\+)t%C3%A1n&"))
    expect(page.locator("#results-heading")).to_have_text(found)
    assert set(DIFFUSION) <= set(result_names(page))

    type_query(page, "zzzz no such method")
    expect(page.locator("#results .method-card")).to_have_count(0)
    expect(page.locator("#results .empty")).to_be_visible()
    type_query(page, "")
    page.locator("#id_field").select_option("statistics")
    expect(page).to_have_url(re.compile(r"field=statistics"))
    # The field's own methods (and those also in it, listed under their first field).
    expect(page.locator("#results .method-card", has_text="Thống kê").first).to_be_visible()
    assert window_was_kept(page), "the search reloaded the page"


def test_adding_the_seed_methods_from_the_catalog_updates_the_tray(page: Page):
    page.goto("/en/methods/")
    tray = page.locator("#tray-items")
    assert tray_count(page) == 0
    # The tray's text sits in a live region: screen readers announce each change.
    expect(page.locator(".tray[aria-live=polite]").locator("#tray-items")).to_have_count(1)
    mark_window(page)

    for added, (slug, name) in enumerate(zip(SEED, SEED_NAMES, strict=True), start=1):
        type_query(page, name)
        card = page.locator(f"#compare-{slug}")
        expect(card).to_be_visible()
        htmx_settled(page)
        card.get_by_role("button", name=f"Add to compare: {name}").click()
        expect(card.get_by_role("button", name=f"Remove {name} from comparison")).to_be_visible()
        expect(tray.locator(".tray-count")).to_contain_text(str(added))
        assert tray_count(page) == added
        for shown in SEED_NAMES[:added]:
            expect(tray).to_contain_text(shown)
        htmx_settled(page)  # it then moves the focus to "In comparison", away from the search

    assert window_was_kept(page), "adding reloaded the page"
    page.reload()
    assert tray_count(page) == 3, "the tray is kept in the session"
