"""The side-by-side comparison: one row per attribute, and the rule that marks rows that differ."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from methods.models import Method


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    # What is compared: equal exactly when a reader would call two values the same.
    compare_key: Callable[[Method], Hashable]
    # The cell as plain text, for exports.
    text: Callable[[Method], Any]


def _casefolded_set(values: list[str]) -> frozenset[str] | None:
    return frozenset(v.casefold() for v in values) or None


ATTRIBUTES = [
    Attribute(
        "field",
        pgettext_lazy("research area", "Field"),
        lambda m: m.field_id,
        lambda m: m.field.name,
    ),
    Attribute("family", _("Family"), lambda m: m.family_id, lambda m: m.family.name),
    Attribute("year", _("Year introduced"), lambda m: m.year, lambda m: m.year),
    Attribute(
        "originator",
        _("Originator"),
        lambda m: m.originator.strip().casefold() or None,
        lambda m: m.originator,
    ),
    Attribute(
        "type", pgettext_lazy("kind of method", "Type"), lambda m: m.type_id, lambda m: m.type.name
    ),
    Attribute(
        "work",
        _("Original work"),
        lambda m: (m.work_title.casefold(), m.doi, m.arxiv_id),
        lambda m: m.work.citation,
    ),
    Attribute(
        "aliases",
        _("Also known as"),
        lambda m: _casefolded_set(m.alias_list),
        lambda m: ", ".join(m.alias_list),
    ),
    # The row reads as a count of related methods (as on the seed page), so the count is compared.
    Attribute(
        "related",
        _("Related"),
        lambda m: len(m.related.all()),
        lambda m: ", ".join(r.display_name for r in m.related.all()),
    ),
    Attribute("summary", _("Summary"), lambda m: m.summary.strip() or None, lambda m: m.summary),
]


def values_differ(values: list[Hashable]) -> bool:
    """Whether a row differs: any two values unequal (None, a missing value, counts as a value).
    A single method differs from nothing."""
    return len(values) > 1 and len(set(values)) > 1


@dataclass(frozen=True)
class Row:
    attribute: Attribute
    differs: bool

    @property
    def key(self) -> str:
        return self.attribute.key

    @property
    def label(self) -> str:
        return self.attribute.label


@dataclass(frozen=True)
class Comparison:
    methods: list[Method]
    rows: list[Row]

    @property
    def differing_rows(self) -> list[Row]:
        return [row for row in self.rows if row.differs]


def compare(methods: list[Method]) -> Comparison:
    rows = [
        Row(attribute, values_differ([attribute.compare_key(m) for m in methods]))
        for attribute in ATTRIBUTES
    ]
    return Comparison(methods=methods, rows=rows)


def unlike(comparison: Comparison) -> str:
    """One line when the methods are not like with like: of different fields or types."""
    differing = {row.key for row in comparison.rows if row.differs} & {"field", "type"}
    if not differing:
        return ""
    names = {
        f"{taxon}s": ", ".join(dict.fromkeys(getattr(m, taxon).name for m in comparison.methods))
        for taxon in ("field", "type")
    }
    if differing == {"field", "type"}:
        message = gettext(
            "Mixed comparison: these methods come from different fields (%(fields)s) "
            "and are of different types (%(types)s)."
        )
    elif differing == {"field"}:
        message = gettext(
            "Mixed comparison: these methods come from different fields (%(fields)s)."
        )
    else:
        message = gettext("Mixed comparison: these methods are of different types (%(types)s).")
    return message % names


@dataclass(frozen=True)
class Suggestion:
    """A method to compare next, and the compared methods it is related to."""

    method: Method
    related_to: list[Method]

    @property
    def reason(self) -> str:
        names = get_text_list([m.short_name for m in self.related_to], gettext("and"))
        return gettext("related to %(names)s") % {"names": names}


def suggestions(methods: list[Method], limit: int = 6) -> list[Suggestion]:
    """Up to `limit` methods related to those compared and not compared themselves, those
    related to the most compared methods first, then by name (from the prefetched relations)."""
    compared = {m.pk for m in methods}
    found: dict[int, Suggestion] = {}
    for method in methods:
        for other in method.related.all():
            if other.pk not in compared:
                found.setdefault(other.pk, Suggestion(other, [])).related_to.append(method)
    ranked = sorted(
        found.values(), key=lambda s: (-len(s.related_to), s.method.display_name.casefold())
    )
    return ranked[:limit]
