"""The timeline, what to compare next, the relation map and print, in a browser."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    SEED,
    SEED_NAMES,
    column_names,
    expect_columns,
    fill_tray,
    htmx_settled,
    mark_window,
    tray_count,
    window_was_kept,
)


def timeline_marks(page: Page) -> list[str]:
    """The compared methods the shown timeline marks, by their marks' names."""
    marks = page.locator(".timeline-chart:visible .timeline-compared")
    return marks.evaluate_all("marks => marks.map(m => m.getAttribute('aria-label'))")


def test_the_timeline_follows_add_and_remove(page: Page):
    fill_tray(page, SEED)
    mark_window(page)
    assert timeline_marks(page) == [
        "QLoRA, 2023",
        "Direct Preference Optimization (DPO), 2023",
        "Latent Diffusion Models (LDM), 2022",
    ]
    expect(page.locator(".unlike")).to_contain_text("different types")

    page.get_by_role("button", name="Remove QLoRA from comparison").click()
    expect(page.locator(".timeline-chart:visible .timeline-compared")).to_have_count(2)
    assert "QLoRA, 2023" not in timeline_marks(page)
    htmx_settled(page)

    # What to compare next adds in place, and the timeline follows.
    suggestion = page.locator(".compare-next li").first
    name = suggestion.get_by_role("link").inner_text().split("\n")[0]
    suggestion.get_by_role("button").click()
    expect(page.locator(".timeline-chart:visible .timeline-compared")).to_have_count(3)
    assert column_names(page)[-1] == name
    assert timeline_marks(page)[-1].startswith(name)
    assert tray_count(page) == 3
    assert window_was_kept(page), "adding a suggestion reloaded the page"

    page.locator(".timeline-chart:visible .timeline-compared").first.click()
    expect(page).to_have_url(re.compile(r"/en/methods/direct-preference-optimization/$"))


def test_suggestions_add_a_method_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    fill_tray(page, SEED[:2])
    suggestion = page.locator(".compare-next li").first
    name = suggestion.get_by_role("link").inner_text().split("\n")[0]
    suggestion.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/en/compare/$"))
    expect_columns(page, [*SEED_NAMES[:2], name])
    expect(page.locator(".timeline-chart:visible .timeline-compared")).to_have_count(3)


def test_the_relation_map_links_and_adds(page: Page):
    page.goto("/en/methods/latent-diffusion-models/")
    chart = page.locator(".map-chart")
    expect(chart.locator(".map-node")).to_have_count(1 + 12)
    mark_window(page)
    # An add button on the map's list adds in place.
    page.get_by_role("button", name="Add to compare: Variational Autoencoder (VAE)").click()
    expect(page.locator("#compare-variational-autoencoder")).to_contain_text("In comparison")
    assert tray_count(page) == 1
    assert window_was_kept(page)

    # A method two steps away, folded under one that leads to it, opens its page and map.
    page.get_by_text("+11 through VAE", exact=True).click()
    page.get_by_role("link", name="Generative Adversarial Network (GAN)").first.click()
    expect(page).to_have_url(re.compile(r"/en/methods/generative-adversarial-network/$"))
    expect(page.locator(".map-step-0")).to_have_attribute(
        "aria-label", "Generative Adversarial Network (GAN), 2014"
    )


def test_print_hides_the_controls_and_keeps_the_timeline(page: Page):
    fill_tray(page, SEED)
    page.emulate_media(media="print")
    controls = ("nav", ".toolbar", ".add-panel", ".compare-next", "#comparison form", "button")
    for selector in controls:
        assert page.locator(selector).count(), f"no {selector} on the page"
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.locator(".compare-table")).to_be_visible()
    expect(page.locator(".timeline-wide")).to_be_visible()
    expect(page.locator(".print-source")).to_be_visible()
    expect(page.locator(".print-source")).to_contain_text("/en/compare/?m=" + ",".join(SEED))
    page.emulate_media(media="screen")
    expect(page.locator(".print-source")).to_be_hidden()


def test_screenshots_of_the_timeline_and_the_relation_map(page: Page, screenshots):
    # The comparison with its timeline is test_comparison.py's screenshot.
    fill_tray(page, SEED, "vi")
    page.goto("/vi/methods/latent-diffusion-models/")
    page.locator(".relation-map").screenshot(path=screenshots / "relation-map-vi-1280.png")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/vi/compare/")
    expect(page.locator(".timeline-narrow")).to_be_visible()
    expect(page.locator(".timeline-wide")).to_be_hidden()
    page.locator(".timeline").screenshot(path=screenshots / "timeline-vi-375.png")
    # The timeline fits a phone: the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_screenshots_of_the_catalog_a_method_and_a_comparison_on_a_desk_and_a_phone(
    page: Page, screenshots
):
    """The README's pictures, in Vietnamese, with three methods in the tray: each page whole at
    a desk's width (the catalog its first screen); on a phone, the screen one reads there (the
    catalog's first, the method's relation map, the comparison's table)."""
    fill_tray(page, SEED, "vi")
    pages = {
        "catalog": ("/vi/methods/", None),
        "method": ("/vi/methods/direct-preference-optimization/", ".relation-map h2"),
        "comparison": ("/vi/compare/", "#row-year"),
    }
    for width, height in [(1280, 900), (375, 812)]:
        page.set_viewport_size({"width": width, "height": height})
        for name, (address, phone_screen) in pages.items():
            page.goto(address)
            if width < 1280 and phone_screen:
                page.locator(phone_screen).evaluate("el => el.scrollIntoView()")
            whole = width == 1280 and name != "catalog"
            page.screenshot(path=screenshots / f"{name}-vi-{width}.png", full_page=whole)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
