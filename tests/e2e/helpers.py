"""What the browser tests do and read again and again, as a visitor would."""

import re

from playwright.sync_api import Page, expect

SEED = ["qlora", "direct-preference-optimization", "latent-diffusion-models"]
SEED_NAMES = [
    "QLoRA",
    "Direct Preference Optimization (DPO)",
    "Latent Diffusion Models (LDM)",
]
# The compared rows that differ between the seed's three, as the English page labels them: their
# group, year and type, and the characteristics every method has (the reference rows, as the
# originator or the summary, are never marked).
SEED_DIFFERING = [
    "Group",
    "First public",
    "Type",
    "Learning setting",
    "Input",
    "Output",
    "Needs beyond the data",
]
# The seed's table: its nine rows, the properties of its three groups, and the code.
SEED_ROWS = 25


def fill_tray(page: Page, slugs: list[str], lang: str = "en") -> None:
    """Open the comparison's permalink and make it one's own: the tray then holds `slugs`."""
    page.goto(f"/{lang}/compare/?m={','.join(slugs)}")
    # The answer redirects to the same address: wait for the new page to load, styles and all.
    with page.expect_navigation():
        page.locator("form.shared button[type=submit]").click()
    expect(page.locator("form.shared")).to_have_count(0)


# The comparison table's column heads, one link per method.
COLUMN_LINKS = "#comparison thead th[scope=col]:not(.add-column) > a"


def column_names(page: Page) -> list[str]:
    """The methods the comparison table shows, left to right, as the page is now."""
    return page.locator(COLUMN_LINKS).all_inner_texts()


def expect_columns(page: Page, names: list[str]) -> None:
    """Wait until the comparison shows these methods, left to right: after a click, the page
    may still be loading (a form's redirect) or the table on its way (an htmx swap)."""
    expect(page.locator(COLUMN_LINKS)).to_have_text(names, use_inner_text=True)


def differing_rows(page: Page) -> list[str]:
    """Row labels of the rows marked as differing, without the mark."""
    labels = page.locator("#comparison tbody th.differs")
    return labels.evaluate_all("cells => cells.map(cell => cell.firstChild.textContent.trim())")


def shown_rows(page: Page):
    """The table's rows a visitor sees ("Show only differences" hides the others)."""
    return page.locator("#comparison tbody tr:visible:not(.group-heading)")


def all_rows(page: Page):
    """The table's rows, shown or hidden (its headings left out)."""
    return page.locator("#comparison tbody tr:not(.group-heading)")


def table_as_read(page: Page) -> list[list[str]]:
    """The comparison table as a visitor reads it: each row's label (with its mark) and cells,
    the rows hidden from view left out."""
    return page.locator("#comparison table tr:visible").evaluate_all(
        "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.trim()))"
    )


def tray_count(page: Page) -> int:
    """How many methods the header's tray says it holds (0 when it says it is empty)."""
    counter = page.locator("#tray-items .tray-count")
    if counter.count() == 0:
        return 0
    return int(re.search(r"\d+", counter.inner_text()).group())


def mark_window(page: Page) -> None:
    """A value that only survives while the page is not reloaded."""
    page.evaluate("window.scholargateMarker = 'not reloaded'")


def window_was_kept(page: Page) -> bool:
    return page.evaluate("window.scholargateMarker") == "not reloaded"


def htmx_settled(page: Page) -> None:
    """Wait until htmx has swapped and set up the new content: pressed sooner, a new control
    is still a plain form (it works, but by reloading the page)."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    page.wait_for_function(f"() => !document.querySelector('{busy}')")
