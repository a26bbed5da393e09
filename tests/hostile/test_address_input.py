"""Hostile and broken addresses: permalinks, searches, pagination, filters, language prefixes,
headers. Each gets a page that says what was wrong, never a 500."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from methods.models import Method
from tests.helpers import body, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_catalog")]

SEED = "qlora,direct-preference-optimization,latent-diffusion-models"

HOSTILE_PERMALINKS = {
    "thousands of entries": ",".join(f"method-{n}" for n in range(5000)),
    "thousands of one method": ",".join(["qlora"] * 5000),
    "one very long entry": "q" * 1_000_000,
    "control characters": "qlora\x00,lora\x07,\x1b[31mbert",
    "only commas": ",,,,,",
    "empty": "",
    "markup": "<script>alert(1)</script>,qlora",
    "SQL": "qlora') OR 1=1 --",
    "LIKE wildcards": "%,_,qlora",
    "unicode look-alikes": "ｑｌｏｒａ,lоra",
}


@pytest.mark.parametrize("value", HOSTILE_PERMALINKS.values(), ids=HOSTILE_PERMALINKS.keys())
@pytest.mark.parametrize(
    ("name", "kwargs", "headers"),
    [
        ("compare:page", {}, {}),
        ("compare:page", {}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "comparison"}),
        ("compare:export", {"fmt": "csv"}, {}),
        ("compare:export", {"fmt": "json"}, {}),
        ("compare:export", {"fmt": "bib"}, {}),
    ],
    ids=["page", "partial", "csv", "json", "bibtex"],
)
def test_hostile_permalinks_answer_with_at_most_the_limit(
    client, catalog, django_assert_max_num_queries, name, kwargs, headers, value
):
    # The session, the methods, their relations (two reads: the related methods and the kinds),
    # the fields they are also in, the catalog's version, the vocabulary once per version.
    with django_assert_max_num_queries(9):
        response = client.get(url(name, "en", **kwargs), {"m": value}, **headers)
    assert response.status_code == 200
    if name == "compare:page":
        assert len(response.context["comparison"].methods) <= settings.COMPARE_MAX_METHODS
        assert "<script>alert(1)</script>" not in response.text
        assert len(response.content) < 200_000


def test_thousands_of_unknown_entries_are_summed_up_not_listed(client, catalog):
    response = client.get(
        url("compare:page", "en"), {"m": HOSTILE_PERMALINKS["thousands of entries"]}
    )
    assert "Not in the catalog, so left out:" in response.text
    assert "more were left out" in response.text
    assert "method-4999" not in response.text


def test_adopting_a_hostile_permalink_keeps_only_known_methods(client, catalog):
    value = HOSTILE_PERMALINKS["control characters"] + ",qlora," + "x" * 100_000
    response = client.post(url("compare:adopt"), {"m": value})
    assert response.status_code == 302
    assert client.session["compare_tray"]
    assert client.get(response["Location"]).status_code == 200


def test_non_utf8_bytes_in_the_address_are_read_as_unknown(client, catalog):
    response = client.get(url("compare:page", "en") + "?m=qlora,%FF%FEbert,%C0%AF&diff=%FF")
    assert response.status_code == 200
    assert [m.slug for m in response.context["comparison"].methods] == ["qlora"]
    assert "Not in the catalog, so left out:" in response.text


def test_repeated_parameters_use_the_last_one(client, catalog):
    response = client.get(url("compare:page", "en") + "?m=qlora&m=lora&m=bert")
    assert [m.slug for m in response.context["comparison"].methods] == ["bert"]


HOSTILE_SEARCHES = {
    "NUL byte": "lora\x00",
    "control characters": "\x07\x1b[2J\x7f",
    "very long": "lora " * 50_000,
    "LIKE wildcards": "%_%",
    "markup": "<script>alert(1)</script>",
    "lone surrogate escape": "\\ud800",
    "identifiers with wildcards and quotes": "10.1234/%_'\"; 2305.14314))",
    "many identifiers": " ".join(["10.12345/abc", "2305.14314"] * 9),
    "a DOI of brackets alone": "10.1234/))))",
}


@pytest.mark.parametrize("query", HOSTILE_SEARCHES.values(), ids=HOSTILE_SEARCHES.keys())
def test_hostile_searches_in_the_catalog_and_the_add_box(client, catalog, query):
    catalog_page = client.get(url("methods:list", "en"), {"q": query})
    assert catalog_page.status_code == 200
    assert "<script>alert(1)</script>" not in catalog_page.text
    suggestions = client.get(
        url("compare:page", "en"),
        {"q": query},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="suggestions",
    )
    assert suggestions.status_code == 200
    assert "<script>alert(1)</script>" not in suggestions.text


@pytest.mark.parametrize("wildcard", ["%", "_"])
def test_wildcards_are_searched_as_text(client, catalog, wildcard):
    response = client.get(url("methods:list", "en"), {"q": wildcard})
    found = set(response.context["page"].paginator.object_list.values_list("slug", flat=True))
    with translation.override("en"):
        holding = {m.slug for m in Method.objects.all() if wildcard in m.search_text}
    assert found == holding
    assert len(found) < Method.objects.count()


@pytest.mark.parametrize(
    "page", ["abc", "-1", "0", "1.5", "1e3", "99999999999999999999999", "", "\x00", "%FF", "last"]
)
def test_malformed_page_numbers_show_a_page_of_the_catalog(client, catalog, page):
    response = client.get(url("methods:list", "en"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].object_list


HOSTILE_FILTERS = {
    "unknown field": {"field": "astrology"},
    "NUL in field": {"field": "\x00"},
    "markup in family": {"family": "<script>alert(1)</script>"},
    "unknown type": {"type": "9" * 100},
    "year as words": {"year_from": "abc"},
    "year out of range": {"year_to": "99999999999999999999"},
    "negative year": {"year_from": "-5"},
    "year with a NUL": {"year_from": "2020\x00"},
    "unknown sort": {"sort": "password"},
    "sort by a column name": {"sort": "-id"},
    "search too long": {"q": "x" * 201},
}


@pytest.mark.parametrize("params", HOSTILE_FILTERS.values(), ids=HOSTILE_FILTERS.keys())
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_malformed_filters_are_reported_and_the_catalog_still_answers(
    client, catalog, params, htmx
):
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"} if htmx else {}
    response = client.get(url("methods:list", "en"), params, **headers)
    assert response.status_code == 200
    assert 'class="notice notice-error"' in response.text
    assert response.context["page"].paginator.count > 0
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize(
    "params", [{"q": "lora\x00"}, {"field": "\x00"}, {"family": "deep\x00learning"}]
)
def test_a_null_character_is_refused_in_the_pages_language(client, catalog, params):
    """Django's Vietnamese leaves its own message for it in English."""
    response = client.get(url("methods:list", "vi"), params)
    notice = re.search(
        r'<div class="notice notice-error"[^>]*>(.*?)</div>\s*</div>', response.text, re.S
    )
    assert notice is not None and "Null characters" not in notice.group(1)
    assert "Hãy" in notice.group(1)
    assert response.context["page"].paginator.count == Method.objects.count()


@pytest.mark.parametrize(
    "path",
    ["/fr/methods/", "/xx/", "/en-gb/methods/", "/VI/methods/", "/vi-vn/compare/", "/zh-hans/"],
)
def test_an_unknown_language_prefix_is_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<html lang=" in response.text
    assert 'href="/static/css/site.css"' in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/vi/methods/no-such-method/",
        "/vi/methods/%FF%FE/",
        "/vi/methods/%00/",
        "/vi/methods/" + "a" * 5000 + "/",
        "/vi/methods/<script>alert(1)<%2Fscript>/",
        "/vi/compare/export.exe",
        "/vi/compare/export.csv%00.html",
    ],
)
def test_unknown_addresses_are_a_friendly_404(client, catalog, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize(
    "accept_language", ["*", "xx-YY;q=abc", "vi;q=2, en;q=-1", ",,,;;;", "a" * 10_000]
)
def test_odd_accept_language_headers_still_find_a_language(client, accept_language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] in {"/vi/", "/en/"}


@pytest.mark.parametrize(
    "host", ["evil.example", "localhost\x00.evil.example", "bad host", "a" * 300]
)
def test_a_host_header_that_is_not_ours_is_a_friendly_400(client, catalog, host):
    response = client.get(url("methods:list", "en"), HTTP_HOST=host)
    assert response.status_code == 400
    assert 'href="/static/css/site.css"' in response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HX_CURRENT_URL": "javascript:alert(1)"},
        {"HTTP_HX_CURRENT_URL": "http://evil.example/vi/methods/"},
        {"HTTP_HX_CURRENT_URL": "http://testserver/vi/<script>alert(1)</script>"},
        {"HTTP_HX_TARGET": "<script>"},
        {"HTTP_HX_TRIGGER": "\x00"},
    ],
)
def test_hostile_htmx_headers_on_a_post(client, catalog, headers):
    response = client.post(
        url("compare:add", "en"), {"method": "qlora"}, HTTP_HX_REQUEST="true", **headers
    )
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "javascript:" not in response.text


@pytest.mark.parametrize(
    "name",
    ["methods:list", "compare:page", "methods:dataset"],
    ids=["catalog", "compare", "dataset"],
)
def test_head_requests_answer_like_get(client, catalog, name):
    """Link checkers and uptime monitors ask with HEAD."""
    response = client.head(url(name, "en"))
    assert response.status_code == 200
    assert body(response) == b""


HTMX_HEADERS = {
    "no target": {"HTTP_HX_REQUEST": "true"},
    "an unknown target": {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "main"},
    "a history restore": {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
}
PAGES = ["/en/methods/?q=adam", "/en/compare/?m=lora,qlora", "/vi/methods/"]


def page_parts(text: str) -> dict[str, int]:
    """How often the page holds each region that must stand once."""
    return {part: text.count(f'id="{part}"') for part in ("languages", "notices", "tray-items")}


@pytest.mark.parametrize("headers", HTMX_HEADERS.values(), ids=HTMX_HEADERS.keys())
@pytest.mark.parametrize("address", PAGES)
def test_an_htmx_request_naming_no_known_part_gets_the_plain_page_and_changes_no_other(
    client, catalog, address, headers
):
    """One request once stored a page with doubled navigation for every visitor after it."""
    answer = client.get(address, **headers)
    assert answer.text.lstrip().startswith("<!doctype html>")
    assert page_parts(answer.text) == {"languages": 1, "notices": 1, "tray-items": 1}
    assert "data-hx-swap-oob" not in answer.text

    visitor = Client().get(address)
    assert page_parts(visitor.text) == {"languages": 1, "notices": 1, "tray-items": 1}
    assert "data-hx-swap-oob" not in visitor.text


@pytest.mark.parametrize("address", PAGES)
def test_what_one_visitor_sends_never_changes_what_another_gets(client, catalog, address):
    def plain_page() -> str:
        text = Client().get(address).text
        return re.sub(r'"X-CSRFToken": "\w+"|name="csrfmiddlewaretoken" value="\w+"', "", text)

    for headers in [
        *HTMX_HEADERS.values(),
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "comparison"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "suggestions"},
        {"HTTP_COOKIE": "sessionid=forgedsessionkey0000; django_language=en"},
        {"HTTP_ACCEPT_LANGUAGE": "en", "HTTP_X_FORWARDED_PROTO": "https"},
    ]:
        Client().get(address, **headers)
    client.post(url("compare:add", "en"), {"method": "transformer"})  # a visitor with a tray
    client.get(address)

    after = plain_page()
    assert page_parts(after) == {"languages": 1, "notices": 1, "tray-items": 1}
    cache.clear()  # whatever any cache held, the page rendered from nothing is the same
    assert plain_page() == after
