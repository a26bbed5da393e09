"""axe-core on every kind of page, in both languages: no violation of WCAG 2.1 A or AA."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from methods.models import Method
from tests.e2e.helpers import SEED, column_names, fill_tray, htmx_settled

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
FOUR = [*SEED, "lora"]


def violations(page: Page) -> list[str]:
    found = Axe().run(page, options=WCAG21_AA).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in found
    ]


def open_catalog(page: Page, lang: str) -> None:
    page.goto(f"/{lang}/methods/")


def open_method(page: Page, lang: str) -> None:
    page.goto(f"/{lang}/methods/qlora/")


def open_relation_map(page: Page, lang: str) -> None:
    """A method whose map reaches two steps, with a method of it in the tray."""
    page.goto(f"/{lang}/methods/latent-diffusion-models/")
    page.locator("#compare-u-net button.add").click()
    expect(page.locator("#compare-u-net .in-tray")).to_be_visible()


def open_empty_comparison(page: Page, lang: str) -> None:
    page.goto(f"/{lang}/compare/")


def open_one_method(page: Page, lang: str) -> None:
    fill_tray(page, SEED[:1], lang)


def open_four_methods(page: Page, lang: str) -> None:
    fill_tray(page, FOUR, lang)


def open_after_a_swap(page: Page, lang: str) -> None:
    fill_tray(page, SEED, lang)
    page.locator("#comparison thead form button[type=submit]").first.click()
    expect(page.locator("#comparison-status")).to_be_focused()
    assert len(column_names(page)) == 2
    htmx_settled(page)
    page.locator("#only-differences").click()
    expect(page.locator("#only-differences")).to_have_attribute("aria-pressed", "true")


PAGES = {
    "catalog": open_catalog,
    "method page": open_method,
    "relation map": open_relation_map,
    "empty comparison": open_empty_comparison,
    "comparison of one": open_one_method,
    "comparison of four": open_four_methods,
    "comparison after a swap": open_after_a_swap,
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_wcag_violations(page: Page, name: str, lang: str):
    PAGES[name](page, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert not violations(page), "\n".join(violations(page))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_admin_method_form_has_no_wcag_violations(page: Page, live_server, lang: str):
    User.objects.create_superuser("editor", password="a long editor password")
    method = Method.objects.get(slug="qlora")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page.goto(f"/admin/methods/method/{method.pk}/change/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("a long editor password")
    page.locator("#id_password").press("Enter")
    # The page is ready once the fixes of static/js/admin-accessibility.js ran.
    expect(page.locator("#modeltranslation-main-switch")).to_have_attribute(
        "aria-label", re.compile(".")
    )
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(f"#id_summary_{lang}")).to_be_visible()

    found = violations(page)
    assert not found, "\n".join(found)
    # The language tabs still switch after those fixes.
    other = "en" if lang == "vi" else "vi"
    page.locator(f"li[aria-controls=tab_id_summary_{other}]").click()
    expect(page.locator(f"#id_summary_{other}")).to_be_visible()
    expect(page.locator(f"#id_summary_{lang}")).to_be_hidden()
