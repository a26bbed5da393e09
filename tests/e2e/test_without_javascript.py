"""Every link and form works without JavaScript: htmx only makes them quicker."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import (
    SEED,
    SEED_DIFFERING,
    SEED_NAMES,
    differing_rows,
    expect_columns,
    shown_rows,
    tray_count,
)


def test_add_compare_and_remove_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/methods/")
    assert page.evaluate("typeof window.htmx") == "undefined", "the page's scripts ran"

    for slug, name in zip(SEED, SEED_NAMES, strict=True):
        page.locator("#id_q").fill(name)
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page).to_have_url(re.compile(r"/en/methods/\?q="))
        page.locator(f"#compare-{slug}").get_by_role(
            "button", name=f"Add to compare: {name}"
        ).click()
        # Back on the same search after the redirect, with the method in the tray.
        expect(page).to_have_url(re.compile(r"/en/methods/\?q="))
        expect(page.locator(f"#compare-{slug}").get_by_role("link")).to_be_visible()
    assert tray_count(page) == 3

    page.locator("#tray-items .tray-link").click()
    expect(page).to_have_url(re.compile(r"/en/compare/$"))
    expect_columns(page, SEED_NAMES)
    assert differing_rows(page) == SEED_DIFFERING

    page.get_by_role("button", name="Show only differences").click()
    expect(page).to_have_url(re.compile(r"diff=1"))
    expect(shown_rows(page)).to_have_count(len(SEED_DIFFERING))
    page.get_by_role("button", name="Show only differences").click()
    expect(page).not_to_have_url(re.compile(r"diff=1"))

    # Each form below answers with a redirect to the comparison, at the address the page
    # already has: the new page is waited for by what it shows, not by its address.
    page.get_by_role(
        "button", name="Remove Direct Preference Optimization (DPO) from comparison"
    ).click()
    expect_columns(page, ["QLoRA", "Latent Diffusion Models (LDM)"])
    expect(page).to_have_url(re.compile(r"/en/compare/$"))
    assert tray_count(page) == 2

    page.locator("#add-q").fill("transformer")
    page.locator("form.add-method").get_by_role("button").click()
    page.locator("#suggestions").get_by_role("button", name="Add Transformer to compare").click()
    expect_columns(page, ["QLoRA", "Latent Diffusion Models (LDM)", "Transformer"])

    page.get_by_role("button", name="Clear all").click()
    expect(page.locator("#comparison thead")).to_have_count(0)
    assert tray_count(page) == 0
