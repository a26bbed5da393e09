"""A method's characteristics and code: values for the vocabulary of Property, each with where
the original work states it, checked against the property's type and the families it applies
to; and the places to run the method. Plain functions over the JSON a method keeps, so the
admin, the dataset, the importer and the pages share one rule."""

import math
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from methods import memo
from methods.models import CatalogVersion, Property
from scholargate import markup

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
CODE_KINDS = ("official", "library")
LONGEST_TEXT = 200
LONGEST_SOURCE = 120


@dataclass(frozen=True)
class Term:
    """A property as pages and checks read it: its choices by slug and the families it applies
    to (by id in the database, by slug in a dataset file), none meaning every method."""

    slug: str
    label: str
    help: str
    value_type: str
    unit: str
    choices: dict[str, dict[str, str]]
    families: frozenset

    def applies_to(self, family) -> bool:
        return not self.families or family in self.families

    def applies_to_any(self, families: set) -> bool:
        return not self.families or not self.families.isdisjoint(families)

    def applies_to_all(self, families: set) -> bool:
        return not self.families or families <= self.families

    @classmethod
    def from_dataset(cls, entry: dict, language: str) -> "Term":
        """A property as a dataset file writes it, its families by slug."""
        texts = {key: entry.get(key) or {} for key in ("label", "help", "unit")}
        return cls(
            slug=entry["slug"],
            value_type=entry["value_type"],
            choices={c["slug"]: c["label"] for c in entry.get("choices", [])},
            families=frozenset(entry.get("families", [])),
            **{key: _in_language(text, language) for key, text in texts.items()},
        )


def vocabulary(version: str | None = None) -> dict[str, Term]:
    """Every property by slug, in the order pages show them: made once per catalog version and
    language (the labels are the page's), not once per method. `version`, the catalog's token,
    when the caller has read it already."""
    version = CatalogVersion.current().token if version is None else version
    return memo.per_version(f"vocabulary:{get_language()}", version, read_vocabulary)


def read_vocabulary() -> dict[str, Term]:
    """The vocabulary as the database holds it now (the dataset loader checks against it)."""
    properties = Property.objects.prefetch_related("families")
    return {
        p.slug: Term(
            slug=p.slug,
            label=p.label,
            help=p.help,
            value_type=p.value_type,
            unit=p.unit,
            choices={c["slug"]: c["label"] for c in p.choices},
            families=frozenset(f.pk for f in p.families.all()),
        )
        for p in properties
    }


# --- Checking ----------------------------------------------------------------------------------


def check(values, terms: dict[str, Term], family_id: int | None) -> list[str]:
    """What is wrong with a method's characteristics, one message per value ([] when right)."""
    if not isinstance(values, dict):
        return [_("Characteristics must be an object of property: value.")]
    errors = []
    for slug, entry in values.items():
        term = terms.get(slug)
        if term is None:
            errors.append(_("“%(slug)s” is not a property of the vocabulary.") % {"slug": slug})
        elif not term.applies_to(family_id):
            errors.append(
                _("“%(label)s” does not apply to methods of this family.") % {"label": term.label}
            )
        elif problem := _entry_problem(term, entry):
            errors.append(f"{term.label}: {problem}")
    return errors


def _entry_problem(term: Term, entry) -> str:
    if not isinstance(entry, dict) or "value" not in entry:
        return _("give a value and its source, as {“value”: …, “source”: “§4”}.")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        return _("say where the original work states it (a section, table or page).")
    if len(source) > LONGEST_SOURCE:
        return _("the source is longer than %(max)d characters.") % {"max": LONGEST_SOURCE}
    return _value_problem(term, entry["value"])


def _value_problem(term: Term, value) -> str:
    kind = term.value_type
    if kind == Property.ValueType.BOOLEAN and not isinstance(value, bool):
        return _("the value must be yes or no.")
    if kind == Property.ValueType.NUMBER and (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        return _("the value must be a number, zero or more.")
    if kind == Property.ValueType.CHOICE and value not in term.choices:
        return _choice_problem(term, value)
    if kind == Property.ValueType.CHOICES:
        if not isinstance(value, list) or not value or len(set(map(str, value))) != len(value):
            return _("the value must be a list of different choices.")
        if unknown := next((v for v in value if v not in term.choices), None):
            return _choice_problem(term, unknown)
    if kind == Property.ValueType.TEXT:
        if not isinstance(value, dict) or not all(
            isinstance(value.get(code), str) and value[code].strip() for code in LANGUAGE_CODES
        ):
            return _("the value must be a short text in every language.")
        if any(len(value[code]) > LONGEST_TEXT for code in LANGUAGE_CODES):
            return _("the text is longer than %(max)d characters.") % {"max": LONGEST_TEXT}
    return ""


def _choice_problem(term: Term, value) -> str:
    return _("“%(value)s” is not one of %(choices)s.") % {
        "value": value,
        "choices": ", ".join(term.choices),
    }


def check_code(entries) -> list[str]:
    """What is wrong with a method's list of places to run it ([] when right)."""
    if not isinstance(entries, list):
        return [_("Code must be a list of places to run the method.")]
    errors = []
    is_url = URLValidator(schemes=["https"])
    for index, entry in enumerate(entries, start=1):
        label = _("Code #%(index)d") % {"index": index}
        if not isinstance(entry, dict) or entry.get("kind") not in CODE_KINDS:
            errors.append(f"{label}: " + _("its kind must be “official” or “library”."))
            continue
        try:
            is_url(entry.get("url") or "")
        except ValidationError:
            errors.append(f"{label}: " + _("give its address, beginning with https://."))
        if entry["kind"] == "library" and not (entry.get("name") and entry.get("path")):
            errors.append(f"{label}: " + _("a library needs its name and the import path."))
    return errors


# --- Showing -----------------------------------------------------------------------------------


def value_text(term: Term, value, language: str | None = None) -> str:
    """A value as a reader says it: "yes", "pairwise preferences", "2 models"."""
    language = language or get_language()
    match term.value_type:
        case Property.ValueType.BOOLEAN:
            return _words(language)["yes" if value else "no"]
        case Property.ValueType.CHOICE:
            return _in_language(term.choices.get(value, {}), language) or str(value)
        case Property.ValueType.CHOICES:
            return ", ".join(_in_language(term.choices.get(v, {}), language) for v in value)
        case Property.ValueType.NUMBER:
            number = f"{value:g}"
            return f"{number} {term.unit}".strip()
        case _:
            return _in_language(value, language)


def _in_language(texts: dict, language: str) -> str:
    return texts.get(language) or next((t for t in texts.values() if t), "")


def compare_key(term: Term, entry):
    """What two methods' values are compared on: the same value whatever the order of a list."""
    if entry is None:
        return None
    value = entry["value"]
    if term.value_type == Property.ValueType.CHOICES:
        return frozenset(value)
    if term.value_type == Property.ValueType.TEXT:
        return _in_language(value, "en").strip().casefold()
    return value


def cell(term: Term, entry) -> SafeString:
    """A value with its source, as a table cell or a definition shows it."""
    language = get_language()
    if entry is None:
        return _words(language)["unknown"]
    value = entry["value"]
    mark = ("✓ " if value else "✗ ") if term.value_type == Property.ValueType.BOOLEAN else ""
    return markup.html(
        '{}{} <small class="source" title="{}">{}</small>',
        mark,
        value_text(term, entry["value"], language),
        _words(language)["source"],
        entry["source"],
    )


@cache  # one per language
def _words(language: str) -> dict[str, str]:
    """What every cell of a language repeats: a table of four methods has dozens of cells."""
    return {
        "yes": pgettext("a characteristic", "yes"),
        "no": pgettext("a characteristic", "no"),
        "source": _("Where the original work states it"),
        "unknown": markup.html('<span class="unknown">{}</span>', pgettext("no value", "—")),
    }


def not_applicable() -> SafeString:
    # The same in every cell of a language: a table of four methods of different kinds has
    # dozens.
    return _not_applicable(get_language())


@cache  # one per language
def _not_applicable(language: str) -> SafeString:
    return markup.html('<span class="not-applicable">{}</span>', _("—, not applicable"))


def code_cell(entries: list[dict]) -> SafeString:
    """Where to run it: the authors' repository and each library, with the import path."""
    if not entries:
        return _words(get_language())["unknown"]
    official = _("Official repository")
    items = markup.join(
        '<li><a class="external" href="{}" rel="noopener noreferrer">{}</a>{}</li>',
        (
            (
                entry["url"],
                official if entry["kind"] == "official" else entry["name"],
                markup.html(": <code>{}</code>", entry["path"]) if entry.get("path") else "",
            )
            for entry in entries
        ),
    )
    return markup.html('<ul class="code">{}</ul>', items)


def code_text(entries: list[dict]) -> str:
    """The same as plain text, for exports."""
    official = _("Official repository")
    parts = ((e.get("name") or official, e.get("path"), e["url"]) for e in entries)
    return "; ".join(" ".join(p for p in entry if p) for entry in parts)


def described(method, version: str | None = None) -> list[tuple[Term, SafeString]]:
    """Each property that applies to the method, with its value (or that it is unknown), in
    the vocabulary's order: what its page lists."""
    return [
        (term, cell(term, method.characteristics.get(term.slug)))
        for term in vocabulary(version).values()
        if term.applies_to(method.family_id)
    ]
