"""Keyboard only: every control is reached with Tab in reading order, shows where the focus is,
and works with Enter or Space; after htmx swaps the focus is never lost."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import (
    SEED,
    SEED_NAMES,
    expect_columns,
    fill_tray,
    htmx_settled,
    tray_count,
)

# Marks every control a keyboard can reach, in document order, and says how its focus ring
# looks: the outline and the colour of what is around it (the first opaque ancestor).
MARK_CONTROLS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]';
  const controls = [...document.querySelectorAll(selector)].filter(
    el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
  );
  controls.forEach((el, index) => { el.dataset.control = index; });
  return controls.length;
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let around = el.parentElement, background = 'rgb(255, 255, 255)';
  while (around) {
    const colour = getComputedStyle(around).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { background = colour; break; }
    around = around.parentElement;
  }
  return {
    control: el.dataset.control ?? null,
    name: (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 60),
    outline: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    colour: style.outlineColor,
    background: background,
  };
}"""


def luminance(colour: str) -> float:
    def linear(channel: str) -> float:
        c = float(channel) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in re.findall(r"[\d.]+", colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ring_contrast(focused: dict) -> float:
    light, dark = sorted([luminance(focused["colour"]), luminance(focused["background"])])[::-1]
    return (light + 0.05) / (dark + 0.05)


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page: Page, locator: Locator, limit: int = 120) -> None:
    """Press Tab until the control has the focus, as a keyboard user would."""
    for _press in range(limit):
        if is_focused(locator):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}")


def walk_with_tab(page: Page) -> None:
    """Tab from the top through the whole page: every control in order, each with a ring that
    stands out (WCAG 1.4.11: 3:1 against what is around it)."""
    count = page.evaluate(MARK_CONTROLS)
    page.locator("body").focus()
    reached = []
    for _control in range(count):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        reached.append(focused["control"])
        assert focused["outline"] != "none" and focused["width"] >= 2, f"no focus ring: {focused}"
        assert ring_contrast(focused) >= 3, f"focus ring hard to see: {focused}"
    assert reached == [str(index) for index in range(count)]


def test_every_control_of_the_catalog_and_comparison_in_order_with_a_focus_ring(page: Page):
    page.goto("/en/methods/")
    walk_with_tab(page)
    fill_tray(page, SEED[:2])
    walk_with_tab(page)


def test_the_catalog_by_keyboard(page: Page):
    page.goto("/en/methods/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert is_focused(skip)
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    tab_to(page, page.locator("#id_q"))
    page.keyboard.type("qlora")
    # QLoRA first, then the methods whose text mentions it.
    expect(page.locator("#results .method-card h3").first).to_have_text("QLoRA")
    htmx_settled(page)
    add = page.get_by_role("button", name="Add to compare: QLoRA")
    tab_to(page, add)
    page.keyboard.press("Enter")
    in_tray = page.locator("#compare-qlora .in-tray")
    expect(in_tray).to_be_focused()
    assert tray_count(page) == 1
    htmx_settled(page)

    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Add to compare: QLoRA")).to_be_focused()
    assert tray_count(page) == 0
    htmx_settled(page)

    tab_to(page, page.locator("#id_field"))
    page.keyboard.press("ArrowDown")
    expect(page).to_have_url(re.compile(r"field="))


def test_the_comparison_by_keyboard(page: Page):
    fill_tray(page, SEED[:2])
    page.locator("body").focus()

    toggle = page.get_by_role("button", name="Show only differences")
    tab_to(page, toggle)
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_be_focused()
    htmx_settled(page)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_be_focused()
    htmx_settled(page)

    tab_to(page, page.get_by_role("button", name="Remove QLoRA from comparison"))
    page.keyboard.press("Space")
    expect(page.locator("#comparison-status")).to_be_focused()
    expect_columns(page, SEED_NAMES[1:2])
    htmx_settled(page)

    tab_to(page, page.locator("#add-q"))
    page.keyboard.type("latent diffusion")
    page.keyboard.press("Enter")
    suggestion = page.get_by_role("button", name="Add Latent Diffusion Models (LDM) to compare")
    expect(suggestion).to_be_visible()
    htmx_settled(page)
    tab_to(page, suggestion)
    page.keyboard.press("Enter")
    expect(page.locator("#comparison-status")).to_be_focused()
    expect_columns(page, SEED_NAMES[1:])
    htmx_settled(page)

    tab_to(page, page.locator(".exports").get_by_role("link", name="CSV"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "scholargate-comparison.csv"

    tab_to(page, page.get_by_role("link", name="Link to this comparison"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?m=direct-preference-optimization,latent"))

    tab_to(page, page.locator("#languages a[hreflang=vi]"))
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    tab_to(page, page.locator("#tray-items button"))
    page.keyboard.press("Space")
    expect(page.locator("#tray-items .tray-count")).to_have_count(0)
