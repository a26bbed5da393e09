"""Every public page, rendered in Vietnamese, shows no English interface string.

The catalog says what the interface strings are: every msgid whose Vietnamese translation
differs from it. The page's content (names, summaries, citations...) is taken off first: it
is checked by the content coverage, and the original works' citations are rightly English.
"""

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser

import polib
import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from methods.models import Family, Method, MethodType, ResearchField
from scholargate import views
from tests.factories import MethodFactory
from tools.translations import catalog_path

pytestmark = pytest.mark.django_db

SEED = ["qlora", "direct-preference-optimization", "latent-diffusion-models"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
ADDRESS = re.compile(r"https?://\S+?(?=[,.]?(\s|$))")
# Text a visitor reads or hears from attributes; data-copied is what static/js/site.js shows.
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "data-copied"}


CATALOG = polib.pofile(str(catalog_path("vi")))


def pattern_of(source: str) -> re.Pattern:
    """A msgid as it shows on a page, whatever fills its placeholders."""
    pieces = [r"\s+".join(map(re.escape, piece.split())) for piece in PLACEHOLDER.split(source)]
    return re.compile(rf"(?<!\w){'.+?'.join(pieces)}(?!\w)")


# The English strings Vietnamese translates: each msgid (and plural) whose msgstr differs.
ENTRIES = [entry for entry in CATALOG if not entry.obsolete]
INTERFACE = {
    source: pattern_of(source)
    for entry in ENTRIES
    for source in (entry.msgid, entry.msgid_plural)
    if source and source != (entry.msgstr or entry.msgstr_plural.get(0, ""))
}


class ReadableText(HTMLParser):
    """The text a visitor reads or hears in the page's language: text nodes, labels,
    placeholders, the description. Text marked with another `lang` is meant to be in it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.open: list[tuple[str, str | None]] = []  # (tag, lang)
        self.page_language: str | None = None

    @property
    def elsewhere(self) -> bool:
        """Inside a script, a style or an element in another language."""
        lang = next((lang for _tag, lang in reversed(self.open) if lang), self.page_language)
        return lang != self.page_language or any(t in {"script", "style"} for t, _ in self.open)

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang")
        elif tag not in self.VOID:
            self.open.append((tag, attributes.get("lang")))
        if self.elsewhere:
            return
        self.chunks += [v for name, v in attributes.items() if v and name in READ_ATTRIBUTES]
        if tag == "meta" and attributes.get("name") == "description":
            self.chunks.append(attributes["content"])

    def handle_endtag(self, tag) -> None:
        tags = [t for t, _lang in self.open]
        if tag in tags:
            del self.open[len(tags) - 1 - tags[::-1].index(tag) :]

    def handle_data(self, data) -> None:
        if not self.elsewhere and data.strip():
            self.chunks.append(data)


def catalog_content() -> list[str]:
    """What the catalog's rows show in the active language (longest first: a name inside a
    summary is part of the summary)."""
    strings = set()
    for model in (ResearchField, Family, MethodType):
        strings.update(model.objects.values_list("name", flat=True))
    for method in Method.objects.all():
        strings.update([method.name, method.summary, method.originator, method.work.citation])
        strings.update([Truncator(method.summary).words(32), *method.alias_list])
    return sorted({" ".join(s.split()) for s in strings if s}, key=len, reverse=True)


def english_left(text: str, content: list[str]) -> list[str]:
    """The interface strings a page shows in English (text: HTML or plain text); a match
    that lies wholly inside content (a paper's title, say) is content."""
    parser = ReadableText()
    parser.feed(text)
    readable = "\n".join(" ".join(chunk.split()) for chunk in parser.chunks)
    # An address printed as text (the printed comparison's permalink) is no interface string.
    readable = ADDRESS.sub("https://…", readable)
    # One pattern of only the content this page shows: all of the catalog's is slow to match.
    shown = [value for value in content if value in readable]
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in shown))
    spans = [match.span() for match in pattern.finditer(readable)] if shown else []

    def interface(match: re.Match) -> bool:
        return not any(start <= match.start() and match.end() <= end for start, end in spans)

    return sorted(
        source
        for source, pattern in INTERFACE.items()
        if any(interface(match) for match in pattern.finditer(readable))
    )


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def add(client: Client, lang: str, *slugs: str, **headers):
    for slug in slugs:
        response = client.post(url("compare:add", lang), {"method": slug}, **headers)
    return response


def htmx(target: str) -> dict:
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


def shown(response) -> tuple[str, str]:
    """What a response showed, named by its request (for the failure message)."""
    request = response.wsgi_request
    return f"{request.method} {request.get_full_path()}", response.content.decode()


def error_page(handler: Callable, lang: str) -> tuple[str, str]:
    request = RequestFactory().get(f"/{lang}/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    request.htmx = False
    request._messages = []
    with translation.override(lang):
        takes_exception = handler not in (views.server_error, views.service_unavailable)
        args = (request, Exception()) if takes_exception else (request,)
        return f"the {handler.__name__} page", handler(*args).content.decode()


# Each scenario visits pages as a visitor would and returns what they were shown.
def catalog_pages(client: Client, lang: str, settings) -> list[tuple[str, str]]:
    settings.METHODS_PER_PAGE = 10
    list_url = url("methods:list", lang)
    return [
        shown(client.get(list_url)),
        shown(client.get(list_url, {"page": "2", "sort": "-year"})),
        shown(client.get(list_url, {"q": "diffusion", "type": "model"})),
        shown(client.get(list_url, {"q": "zzzz"})),
        shown(client.get(list_url, {"q": "transfomer"})),  # did you mean
        shown(client.get(list_url, {"q": "statistics"})),  # a field's name
        shown(client.get(list_url, {"year_from": "abc", "year_to": "1500", "field": "astrology"})),
        shown(client.get(list_url, {"q": "lora"}, **htmx("results"))),
    ]


def method_pages(client: Client, lang: str, settings) -> list[tuple[str, str]]:
    # AlexNet's original work has a plain link (no DOI, no arXiv).
    slugs = [*SEED, "alexnet"]
    pages = [shown(client.get(url("methods:detail", lang, slug=slug))) for slug in slugs]
    add(client, lang, "qlora")
    return [*pages, shown(client.get(url("methods:detail", lang, slug="qlora")))]


def comparison_pages(client: Client, lang: str, settings) -> list[tuple[str, str]]:
    page_url = url("compare:page", lang)
    pages = [shown(client.get(page_url))]
    add(client, lang, "qlora")
    pages.append(shown(client.get(page_url)))
    add(client, lang, *SEED[1:])
    taxa = {
        "field": ResearchField.objects.first(),
        "family": Family.objects.first(),
        "type": MethodType.objects.first(),
    }
    twins = ",".join(m.slug for m in MethodFactory.create_batch(2, **taxa))  # no row differs
    return [
        *pages,
        shown(client.get(page_url)),
        shown(client.get(page_url, {"diff": "1"})),
        shown(client.get(page_url, {"q": "zzzz"}, **htmx("suggestions"))),
        shown(client.get(page_url, {"q": "transfomer"}, **htmx("suggestions"))),
        shown(client.get(page_url, {"q": "lora"}, **htmx("suggestions"))),
        shown(client.get(page_url, {"m": "nope,qlora,lora,transformer,bert,gpt-3,adam"})),
        shown(client.get(page_url, {"m": "lora,qlora", "diff": "1"})),
        shown(client.get(page_url, {"m": twins, "diff": "1"})),
    ]


def tray_messages(client: Client, lang: str, settings) -> list[tuple[str, str]]:
    list_url = url("methods:list", lang)
    add(client, lang, *SEED, "lora")
    pages = [shown(add(client, lang, "bert", **htmx("compare-bert")))]
    # A full tray: the catalog's buttons say so, what to compare next offers to swap one in.
    pages += [shown(client.get(list_url)), shown(client.get(url("compare:page", lang)))]
    add(client, lang, "no-such-method")
    pages.append(shown(client.get(list_url)))
    client.post(url("compare:clear", lang), {"next": list_url})
    pages.append(shown(client.get(list_url)))
    client.post(url("compare:adopt", lang), {"m": "lora,qlora"})
    return [*pages, shown(client.get(url("compare:page", lang)))]


def exports(client: Client, lang: str, settings) -> list[tuple[str, str]]:
    m = {"m": ",".join(SEED)}
    table = shown(client.get(url("compare:export", lang, fmt="csv"), m))
    data = client.get(url("compare:export", lang, fmt="json"), m)
    labels = "\n".join(row["label"] for row in json.loads(data.content)["rows"])
    return [table, (f"{shown(data)[0]} (labels)", labels)]


def error_pages(client: Client, lang: str, settings) -> list[tuple[str, str]]:
    csrf_client = Client(enforce_csrf_checks=True)
    return [
        shown(client.get(f"/{lang}/no-such-page/")),
        # What the address says is echoed in the offer to search for it: words of no language.
        shown(client.get(f"/{lang}/methods/xyzzy-42/")),
        shown(csrf_client.post(url("compare:add", lang), {"method": "qlora"})),
        *(
            error_page(handler, lang)
            for handler in (
                views.bad_request,
                views.permission_denied,
                views.server_error,
                views.service_unavailable,
            )
        ),
    ]


def untranslated_content_for_editors(client: Client, lang: str, settings) -> list[tuple[str, str]]:
    other = "en" if lang == "vi" else "vi"
    method = MethodFactory(**{f"summary_{lang}": "", f"summary_{other}": "Only the other one."})
    client.force_login(User.objects.create_user("editor", is_staff=True))
    return [shown(client.get(url("methods:detail", lang, slug=method.slug)))]


SCENARIOS = [
    catalog_pages,
    method_pages,
    comparison_pages,
    tray_messages,
    exports,
    error_pages,
    untranslated_content_for_editors,
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_vietnamese_pages_show_no_english_interface_string(client, catalog, settings, scenario):
    pages = scenario(client, "vi", settings)
    with translation.override("vi"):
        content = catalog_content()
    left = {where: english_left(text, content) for where, text in pages}
    assert {where: strings for where, strings in left.items() if strings} == {}


def test_the_check_finds_every_template_string_on_the_english_pages(catalog, settings):
    """The same visits in English show every interface string of the templates (in one of
    its plural forms): the check above looks at the whole interface, and really finds."""
    with translation.override("en"):
        content = catalog_content()
    seen = set()
    for scenario in SCENARIOS:
        for _where, text in scenario(Client(), "en", settings):
            seen.update(english_left(text, content))
    in_templates = [
        {entry.msgid, entry.msgid_plural} & set(INTERFACE)
        for entry in ENTRIES
        # The admin's own templates are checked in the admin's tests, not among public pages.
        if any(
            path.startswith("templates/") and not path.startswith("templates/admin/")
            for path, _line in entry.occurrences
        )
    ]
    assert [sorted(sources) for sources in in_templates if sources and not sources & seen] == []
    # Strings from Python reach the pages too: messages, form errors, the hint for editors.
    assert {
        "At most %(max)d methods can be compared; remove one first.",
        "That method is not in the catalog (any more).",
        "Enter a year between %(earliest)s and %(current)s.",
        "not yet translated",
        "Page not found",
        "Differs",
    } <= seen
