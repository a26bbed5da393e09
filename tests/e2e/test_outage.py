"""The database away for a moment, in a browser: a search that cannot be answered leaves the
page as it was and says so in the notice area, in the visitor's language."""

import re

from django.db import OperationalError
from playwright.sync_api import Page, expect

from methods.models import MethodQuerySet
from tests.e2e.helpers import mark_window, window_was_kept
from tests.helpers import translated


def test_a_search_during_a_database_outage_says_so_in_place(
    page: Page, monkeypatch, browser_problems
):
    page.goto("/vi/methods/")
    results = page.locator("#results").inner_text()
    mark_window(page)

    def away(self, query, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(MethodQuerySet, "search", away)
    page.locator("#id_q").fill("lora")
    notice = translated("ScholarGate is briefly unavailable. Try again in a few seconds.", "vi")
    expect(page.locator("#notices .notice-error")).to_have_text(notice)
    expect(page).to_have_url(re.compile(r"/vi/methods/$"))  # the address is still the page's
    assert page.locator("#results").inner_text() == results
    assert window_was_kept(page)

    # The 503 was the answer meant; the browser and htmx report it as they do any error.
    browser_problems.found = [p for p in browser_problems.found if "503" not in p]
    monkeypatch.undo()
    page.locator("#id_q").fill("qlora")
    expect(page.locator("#results .method-card").first).to_contain_text("QLoRA")
    expect(page.locator("#notices .notice-error")).to_have_count(0)  # the next answer clears it
