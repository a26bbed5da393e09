"""Hostile and broken input to the compare tray: a clear answer, never a 500, nothing lost."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing
from django.test import Client

from compare.tray import SESSION_KEY, changing
from methods.models import Method
from tests.helpers import translated, tray_slugs, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_catalog")]

GONE = "That method is not in the catalog (any more)."

HOSTILE_SLUGS = {
    "empty": "",
    "unknown": "no-such-method",
    "very long": "qlora" * 20_000,
    "NUL byte": "qlora\x00",
    "only NUL": "\x00",
    "control characters": "q\x07l\x1bo\x7fra",
    "CR LF": "qlora\r\nSet-Cookie: owned=1",
    "path traversal": "../../etc/passwd",
    "markup": "<script>alert(1)</script>",
    "SQL": "qlora' OR '1'='1",
    "full-width letters": "ｑｌｏｒａ",
    "surrounding spaces": " qlora ",
}


def post(client: Client, name: str, data, lang: str = "vi", **headers):
    return client.post(url(name, lang), data, **headers)


@pytest.mark.parametrize("slug", HOSTILE_SLUGS.values(), ids=HOSTILE_SLUGS.keys())
@pytest.mark.parametrize("action", ["compare:add", "compare:remove"])
def test_hostile_slugs_are_refused_with_a_message_and_change_nothing(client, catalog, action, slug):
    post(client, "compare:add", {"method": "lora"})
    response = post(client, action, {"method": slug, "next": url("methods:list", "en")}, "en")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert GONE in page.text
    assert tray_slugs(client) == ["lora"]


def test_non_utf8_bytes_in_the_form_are_refused_like_an_unknown_slug(client, catalog):
    response = client.post(
        url("compare:add", "en"),
        b"method=qlora%FF%FE&next=%C0%AF",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert GONE in client.get(url("methods:list", "en")).text
    assert tray_slugs(client) == []


def test_a_method_deleted_after_the_page_was_drawn_is_reported_on_add_and_remove(client, catalog):
    post(client, "compare:add", {"method": "qlora"})
    Method.objects.filter(slug__in=["qlora", "lora"]).delete()
    for action, slug in [("compare:add", "lora"), ("compare:remove", "qlora")]:
        response = post(
            client, action, {"method": slug}, "en", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="x"
        )
        assert response.status_code == 200
        assert GONE in response.text
    assert tray_slugs(client) == []


def test_a_removed_method_still_in_a_tray_drops_out_of_every_page(client, catalog):
    for slug in ["qlora", "lora", "bert"]:
        post(client, "compare:add", {"method": slug})
    Method.objects.filter(slug="lora").delete()
    catalog_page = client.get(url("methods:list", "en"))
    assert "2 methods in comparison" in catalog_page.text
    comparison = client.get(url("compare:page", "en"))
    assert [m.slug for m in comparison.context["comparison"].methods] == ["qlora", "bert"]
    csv = client.get(url("compare:export", "en", fmt="csv"))
    assert csv.status_code == 200
    assert csv.text.splitlines()[0].count(",") == 3  # attribute, two methods, differs
    partial = post(
        client,
        "compare:remove",
        {"method": "bert"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="comparison",
    )
    assert partial.status_code == 200
    assert tray_slugs(client) == ["qlora"]


def test_the_tray_at_its_limit_refuses_more_by_every_way_in(client, catalog):
    limit = settings.COMPARE_MAX_METHODS
    many = "qlora,lora,bert,transformer,gpt-3,direct-preference-optimization"
    post(client, "compare:adopt", {"m": many})
    assert len(tray_slugs(client)) == limit
    for headers in [{}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "comparison"}]:
        response = post(
            client, "compare:add", {"method": "latent-diffusion-models"}, "en", **headers
        )
        assert response.status_code in {200, 302}
        page = response if response.status_code == 200 else client.get(response["Location"])
        assert f"At most {limit} methods can be compared; remove one first." in page.text
    assert tray_slugs(client) == many.split(",")[:limit]


def test_two_tabs_changing_the_tray_in_turn_keep_both_changes(client, catalog):
    """Each request holds the session as it was when the request began; the second tab's
    stale copy must not undo the first tab's add (the servers' test does it at once)."""
    post(client, "compare:add", {"method": "qlora"})
    key = client.session.session_key
    first_tab, second_tab = SessionStore(key), SessionStore(key)
    assert first_tab[SESSION_KEY] == second_tab[SESSION_KEY]  # both read before either writes
    with changing(second_tab) as tray:
        tray.add(Method.objects.get(slug="lora"))
    with changing(first_tab) as tray:
        tray.add(Method.objects.get(slug="bert"))
    assert tray_slugs(client) == ["qlora", "lora", "bert"]


def test_the_same_method_twice_is_kept_once(client, catalog):
    for _ in range(3):
        post(client, "compare:add", {"method": "qlora"})
    assert tray_slugs(client) == ["qlora"]


def test_two_method_values_in_one_form_add_one_method(client, catalog):
    post(client, "compare:add", {"method": ["qlora", "lora"]})
    assert len(tray_slugs(client)) == 1


SESSION_COOKIES = {
    "random junk": "not-a-session",
    "quoted NUL bytes": '"\\000\\000\\000\\000\\000\\000\\000\\000"',
    "very long": "a" * 4000,
    "markup": "<script>alert(1)</script>",
    "another site's signed cookie": signing.dumps({"_auth_user_id": "1"}, key="x" * 50),
}


@pytest.mark.parametrize("cookie", SESSION_COOKIES.values(), ids=SESSION_COOKIES.keys())
def test_a_tampered_session_cookie_starts_a_fresh_session(client, catalog, cookie):
    # Sent as the browser would send it: the quoted octal escapes arrive as NUL bytes.
    header = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    page = client.get(url("methods:list", "en"), **header)
    assert page.status_code == 200
    assert "Nothing to compare yet" in page.text
    assert post(client, "compare:add", {"method": "qlora"}, **header).status_code == 302
    assert tray_slugs(client) == ["qlora"]


def test_a_session_signed_with_another_secret_reads_as_empty(client, catalog, settings):
    foreign = SessionStore()
    settings.SECRET_KEY = "another-site-" + "k" * 50
    foreign[SESSION_KEY] = list(Method.objects.values_list("pk", flat=True)[:2])
    foreign.save()
    settings.SECRET_KEY = "this-site-" + "s" * 50
    client.cookies[settings.SESSION_COOKIE_NAME] = foreign.session_key
    page = client.get(url("compare:page", "en"))
    assert page.status_code == 200
    assert "Nothing to compare yet" in page.text


@pytest.mark.parametrize(
    "stored",
    [
        "DROP TABLE",
        {"ids": [1]},
        [10**30, -1, "1", None, 1.5, [1]],
        list(range(10**6, 10**6 + 10_000)),
    ],
    ids=["text", "object", "wrong types", "ten thousand unknown ids"],
)
def test_a_session_holding_garbage_shows_a_usable_tray(client, catalog, stored):
    session = client.session
    session[SESSION_KEY] = stored
    session.save()
    for name in ["methods:list", "compare:page"]:
        assert client.get(url(name, "en")).status_code == 200
    assert post(client, "compare:add", {"method": "qlora"}).status_code == 302
    assert "qlora" in tray_slugs(client)


HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "\x00/vi/methods/",
    "/vi/methods/\r\nSet-Cookie: owned=1",
    "/vi/methods/" + "x" * 10_000,
]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_hostile_next_urls_never_leave_the_site_or_split_headers(client, catalog, next_url):
    response = post(client, "compare:add", {"method": "qlora", "next": next_url})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "\r" not in location and "\n" not in location and "\x00" not in location
    assert "owned" not in response.cookies


@pytest.mark.parametrize(
    "action", ["compare:add", "compare:remove", "compare:clear", "compare:adopt"]
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_get_on_a_post_only_address_is_a_friendly_405(client, catalog, action, lang):
    response = client.get(url(action, lang), {"method": "qlora"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert f'<html lang="{lang}">' in response.text
    assert translated("This address only accepts a form", lang) in response.text
    assert 'href="/static/css/site.css"' in response.text
    assert tray_slugs(client) == []


@pytest.mark.parametrize(
    "action", ["compare:add", "compare:remove", "compare:clear", "compare:adopt"]
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_post_without_csrf_token_is_a_403_page_in_the_active_language(catalog, action, lang):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(action, lang), {"method": "qlora", "m": "qlora"})
    assert response.status_code == 403
    assert f'<html lang="{lang}">' in response.text
    assert translated("The form has expired", lang) in response.text
    assert SESSION_KEY not in client.session


def test_too_many_form_fields_is_a_friendly_400(client, catalog, settings):
    fields = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(
        url("compare:add", "en"), fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Bad request" in response.text


def test_an_oversized_form_is_a_friendly_400(client, catalog, settings):
    body = "method=" + "q" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        url("compare:add", "en"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Bad request" in response.text
