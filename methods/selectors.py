"""What a page lists, read once per page: a catalog page's twenty cards come from one query of
plain columns, with what is the same for every card (addresses, taxon names, the language)
worked out once, not per card."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import SafeString
from django.utils.text import add_truncation_text
from django.utils.translation import get_language, gettext, pgettext

from methods import memo, search
from methods.models import Brief, Method
from scholargate import markup
from scholargate.statements import Statement

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SUMMARY_WORDS = 32


@dataclass(frozen=True)
class Card(Brief):
    """A method as the catalog lists it (and as compare.controls needs it): its names and the
    card's markup but for the add/remove control."""

    body: SafeString


def taxon_names(version: str) -> dict[tuple[str, int], str]:
    """Field and type names in the page's language, by (kind, id): from the labels kept per
    catalog version (methods.search), made once per version and language."""
    return memo.per_version(
        f"taxon-names:{get_language()}",
        version,
        lambda: {(label.kind, label.pk): label.name for label in search.labels(version)},
    )


def in_language(text: str, shown: str, editor: bool, active: str | None = None) -> SafeString:
    """A translated text as a page shows it: as it is in the page's language (`active`, when
    the caller has read it already); when it falls back to another, it carries its real `lang`
    (for screen readers) and editors see a "not yet translated" hint. `shown` is the language
    the text is in."""
    if shown == (active or get_language()):
        return markup.html("{}", text)
    hint = ""
    if editor:
        hint = markup.html(
            ' <small class="untranslated">({})</small>', gettext("not yet translated")
        )
    return markup.html('<span lang="{}">{}</span>{}', shown, text, hint)


def summary_html(texts: dict[str, str], editor: bool, active: str, cut: str) -> SafeString:
    """A card's summary, its first words (as Truncator.words cuts them, marked as `cut`, the
    language's "%(truncated_text)s…"), from its text in each language."""
    shown = next((code for code in (active, *LANGUAGES) if texts.get(code)), active)
    words = (texts.get(shown) or "").split()
    summary = " ".join(words[:SUMMARY_WORDS])
    if len(words) > SUMMARY_WORDS:
        summary = add_truncation_text(summary, cut)
    return in_language(summary, shown, editor, active)


def method_cards(ids: list[int], *, version: str, editor: bool = False) -> list[Card]:
    """The cards of these methods, in the order given; ids no longer in the catalog are
    skipped. Each card is drawn once per catalog version and language and kept (the
    "fragments" cache): a catalog page reads only the cards nobody asked for yet."""
    fragments = caches["fragments"]
    prefix = f"card:{get_language()}:{version}:{int(editor)}"
    keys = {pk: f"{prefix}:{pk}" for pk in ids}
    found = fragments.get_many(keys.values())
    if missing := [pk for pk in ids if keys[pk] not in found]:
        drawn = {keys[card.pk]: card for card in _draw_cards(missing, version, editor)}
        fragments.set_many(drawn)
        found |= drawn
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


class Listing:
    """The ids of the catalog's methods under some filters, in some order, as Paginator reads a
    list: its count, and a page of it by slicing. Each is one query compiled once per process
    for those filters and that order: compiling them anew took a quarter of a catalog page's
    time. `filters` are MethodQuerySet.listed's (a taxon or its id, a year; None for none)."""

    def __init__(self, filters: dict, order: tuple[str, ...]) -> None:
        self.values = {name: getattr(v, "pk", v) for name, v in filters.items() if v is not None}
        self.counted, self.ordered = _listings(tuple(sorted(self.values)), order)

    def count(self) -> int:
        return self.counted.count(**self.values)

    def __getitem__(self, page: slice) -> list[int]:
        limit = page.stop - page.start
        return [pk for (pk,) in self.ordered.rows(limit=limit, offset=page.start, **self.values)]


@cache  # at most every set of filters in every order: 96 of them
def _listings(filters: tuple[str, ...], order: tuple[str, ...]) -> tuple[Statement, Statement]:
    def listed(slot):
        return Method.objects.listed(**{name: slot(name) for name in filters})

    return (
        Statement(lambda slot: listed(slot).order_by().values_list("pk")),
        Statement(lambda slot: listed(slot).sorted(*order).values_list("pk")),
    )


_METHOD_AT = Statement(lambda slot: Method.objects.for_listing().filter(slug=slot("slug")))


def method_at(slug: str) -> Method | None:
    """The method whose page this slug is, with its field, family and type."""
    found = _METHOD_AT.objects(slug=slug)
    return found[0] if found else None


_CARDS = Statement(
    lambda slot: Method.objects.filter(pk__in=slot("ids", many=True)).values_list(
        "pk",
        "slug",
        "name",
        "acronym",
        "vietnamese_name",
        "year",
        "originator",
        "field_id",
        "type_id",
        *(f"summary_{code}" for code in LANGUAGES),
    )
)


def _draw_cards(ids: list[int], version: str, editor: bool) -> list[Card]:
    rows = _CARDS.rows(ids=ids)
    briefs = [Brief(*row[:6]) for row in rows]
    # What every card shares, looked up once for all of them.
    taxa = taxon_names(version)
    active = get_language()
    urls = Method.addresses(briefs)
    cut = pgettext("String to return when truncating text", "%(truncated_text)s…")
    cards = []
    for brief, row in zip(briefs, rows, strict=True):
        originator, field, kind, *texts = row[6:]
        meta = [taxa.get(("field", field), ""), taxa.get(("type", kind), ""), str(brief.year)]
        # Drawn here rather than by a template: rendering one per card was half the page's work.
        body = markup.html(
            '<h3><a href="{}">{}</a></h3>\n<p class="meta">{}</p>\n<p class="summary">{}</p>',
            urls[brief.pk],
            brief.name_html,
            " · ".join([*meta, originator] if originator else meta),
            summary_html(dict(zip(LANGUAGES, texts, strict=True)), editor, active, cut),
        )
        cards.append(Card(*row[:6], body=body))
    return cards
