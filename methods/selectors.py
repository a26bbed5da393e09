"""What a page lists, read once per page: a catalog page's twenty cards come from one query of
plain columns, with what is the same for every card (addresses, taxon names, the language)
worked out once, not per card."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from methods import search
from methods.models import Method, Naming
from scholargate import markup

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


def in_language(text: str, shown: str, editor: bool) -> SafeString:
    """A translated text as a page shows it: as it is in the page's language; when it falls
    back to another, it carries its real `lang` (for screen readers) and editors see a "not
    yet translated" hint. `shown` is the language the text is in."""
    if shown == get_language():
        return markup.html("{}", text)
    hint = ""
    if editor:
        hint = markup.html(
            ' <small class="untranslated">({})</small>', gettext("not yet translated")
        )
    return markup.html('<span lang="{}">{}</span>{}', shown, text, hint)


def summary_html(texts: dict[str, str], editor: bool) -> SafeString:
    """A card's summary, its first words, from its text in each language."""
    active = get_language()
    shown = next((code for code in (active, *LANGUAGES) if texts.get(code)), active)
    return in_language(Truncator(texts.get(shown) or "").words(SUMMARY_WORDS), shown, editor)


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
