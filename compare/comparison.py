"""The side-by-side comparison: one row per attribute, and the rule that marks rows that differ."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
