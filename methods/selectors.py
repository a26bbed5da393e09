"""What a page lists, read once per page: a catalog page's twenty cards come from one query of
plain columns, with what is the same for every card (addresses, taxon names, the language)
worked out once, not per card."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from methods import search
from methods.models import Method, Naming

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SUMMARY_WORDS = 32


@dataclass(frozen=True)
class Card(Naming):
    """A method as the catalog lists it (and as compare.controls needs it)."""

    pk: int
    slug: str
    name: str
    acronym: str
    vietnamese_name: str
    year: int
    meta: str  # "Field · Type · 2022 · Originator"
    summary: SafeString  # in the page's language where written, else marked with its own


def taxon_names(version: str) -> dict[tuple[str, int], str]:
    """Field and type names in the page's language, by (kind, id): from the labels kept per
    catalog version (methods.search)."""
    return {(label.kind, label.pk): label.name for label in search.labels(version)}


def summary_html(texts: dict[str, str], editor: bool) -> SafeString:
    """A summary in the page's language; when it falls back to another, the text carries its
    real `lang` (for screen readers) and editors see a "not yet translated" hint (the
    `localized` tag's rule, for a text read as plain columns)."""
    active = get_language()
    shown = next((code for code in (active, *LANGUAGES) if texts.get(code)), active)
    text = Truncator(texts.get(shown) or "").words(SUMMARY_WORDS)
    if shown == active:
        return format_html("{}", text)
    hint = ""
    if editor:
        hint = format_html(
            ' <small class="untranslated">({})</small>', gettext("not yet translated")
        )
    return format_html('<span lang="{}">{}</span>{}', shown, text, hint)


def method_cards(ids: list[int], *, version: str, editor: bool = False) -> list[Card]:
    """The cards of these methods, in the order given; ids no longer in the catalog are
    skipped."""
    summaries = [f"summary_{code}" for code in LANGUAGES]
    columns = ["pk", "slug", "name", "acronym", "vietnamese_name", "year", "originator"]
    rows = Method.objects.filter(pk__in=ids).values_list(
        *columns, "field_id", "type_id", *summaries
    )
    by_id = {row[0]: row for row in rows}
    taxa = taxon_names(version)
    cards = []
    for pk in ids:
        if (row := by_id.get(pk)) is None:
            continue
        _pk, slug, name, acronym, vietnamese_name, year, originator, field, kind, *texts = row
        meta = [taxa.get(("field", field), ""), taxa.get(("type", kind), ""), str(year)]
        cards.append(
            Card(
                pk=pk,
                slug=slug,
                name=name,
                acronym=acronym,
                vietnamese_name=vietnamese_name,
                year=year,
                meta=" · ".join([*meta, originator] if originator else meta),
                summary=summary_html(dict(zip(LANGUAGES, texts, strict=True)), editor),
            )
        )
    return cards
