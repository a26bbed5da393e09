"""The side-by-side comparison: one row per attribute, and the rule that marks rows that differ.

A researcher decides on the rows one compares (field, group, year, type and the
characteristics); the rest (originator, original work, other names, related methods, summary,
code) are reference rows, shown but never counted as differing: they differ between any two
methods by nature. Each attribute says how its cells are drawn, so the template only lays
them out."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import SafeString
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext, override, pgettext

from methods import characteristics
from methods.characteristics import Term
from methods.models import Brief, CatalogVersion, Method, Relation
from methods.selectors import in_language
from scholargate import markup

SEED = "seed"
CHARACTERISTICS = "characteristics"


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    # The cell as plain text, for exports.
    text: Callable[[Method], Any]
    # The cell as shown.
    cell: Callable[[Method], SafeString]
    # What is compared: equal exactly when a reader would call two values the same; None for a
    # reference row.
    compare_key: Callable[[Method], Hashable] | None = None
    # Whether the row differs, where that is not a plain comparison of keys.
    differs: Callable[[list[Method]], bool] | None = None
    # The methods the row applies to; a row compares them alone.
    applies: Callable[[Method], bool] = lambda m: True
    group: str = SEED

    @property
    def compared(self) -> bool:
        return self.compare_key is not None or self.differs is not None


def values_differ(values: list[Hashable]) -> bool:
    """Whether a row differs: any two values unequal (None, a missing value, counts as a value).
    A single method differs from nothing."""
    return len(values) > 1 and len(set(values)) > 1


def _casefolded_set(values: list[str]) -> frozenset[str] | None:
    return frozenset(v.casefold() for v in values) or None


def _localized(method: Method, field_name: str, text: str, editor: bool) -> SafeString:
    return in_language(text, method.shown_language(field_name), editor)


def _fields_differ(methods: list[Method]) -> bool:
    """Methods differ in field only when no field holds them all (DPO is in deep learning and
    in large language models, SimPO in the latter)."""
    shared = set.intersection(*({m.field_id, *m.also_field_ids} for m in methods))
    return len(methods) > 1 and not shared


def _field_cell(method: Method) -> SafeString:
    also = method.also_field_names
    if not also:
        return markup.html("{}", method.field.name)
    return markup.html(
        '{} <span class="also">({} {})</span>', method.field.name, gettext("also"), ", ".join(also)
    )


def _related_cell(method: Method) -> SafeString:
    """The related methods grouped by how they relate: "variant of: SimPO, IPO"."""
    groups = method.related_by_kind
    if not groups:
        return markup.html("{}", "—")
    urls = Method.addresses([o for others in groups.values() for o in others])
    return markup.html(
        '<span class="count">{}</span><ul class="relations">{}</ul>',
        sum(len(others) for others in groups.values()),
        markup.join(
            '<li><span class="relation-kind">{}</span> {}</li>',
            (
                (
                    label,
                    markup.join(
                        '<a href="{}">{}</a>', ((urls[o.pk], o.name_html) for o in others), ", "
                    ),
                )
                for label, others in groups.items()
            ),
        ),
    )


@lru_cache(maxsize=len(settings.LANGUAGES) * 2)
def seed_attributes(language: str, editor: bool = False) -> tuple[Attribute, ...]:
    """The seed page's nine rows, in its order, labelled in `language` (the page's): made once
    per language, not once per comparison."""
    with override(language):
        return _seed_attributes(editor)


def _seed_attributes(editor: bool) -> tuple[Attribute, ...]:
    return (
        Attribute(
            "field",
            pgettext("research area", "Field"),
            text=lambda m: ", ".join([m.field.name, *m.also_field_names]),
            cell=_field_cell,
            differs=_fields_differ,
        ),
        Attribute(
            "family",
            gettext("Group"),
            text=lambda m: m.family.name,
            cell=lambda m: markup.html("{}", m.family.name),
            compare_key=lambda m: m.family_id,
        ),
        Attribute(
            "year",
            gettext("First public"),
            text=lambda m: m.year,
            cell=lambda m: markup.html("{}", m.year),
            compare_key=lambda m: m.year,
        ),
        Attribute(
            "originator",
            gettext("Originator"),
            text=lambda m: m.originator,
            cell=lambda m: markup.html("{}", m.originator or "—"),
        ),
        Attribute(
            "type",
            pgettext("kind of method", "Type"),
            text=lambda m: m.type.name,
            cell=lambda m: markup.html("{}", m.type.name),
            compare_key=lambda m: m.type_id,
        ),
        Attribute(
            "work",
            gettext("Original work"),
            text=lambda m: m.work.citation,
            cell=lambda m: m.work.html,
        ),
        Attribute(
            "aliases",
            gettext("Also known as"),
            text=lambda m: ", ".join(m.alias_list),
            cell=lambda m: (
                _localized(m, "aliases", ", ".join(m.alias_list), editor)
                if m.alias_list
                else markup.html("{}", "—")
            ),
        ),
        Attribute(
            "related",
            gettext("Related"),
            text=lambda m: "; ".join(
                f"{label}: {', '.join(o.display_name for o in others)}"
                for label, others in m.related_by_kind.items()
            ),
            cell=_related_cell,
        ),
        Attribute(
            "summary",
            gettext("Summary"),
            text=lambda m: m.summary,
            cell=lambda m: _localized(m, "summary", m.summary, editor),
        ),
    )


def characteristic_attribute(term: Term) -> Attribute:
    def entry(method: Method):
        return method.characteristics.get(term.slug)

    def cell(method: Method) -> SafeString:
        if not term.applies_to(method.family_id):
            return characteristics.not_applicable()
        return characteristics.cell(term, entry(method))

    def text(method: Method) -> str:
        if not term.applies_to(method.family_id):
            return gettext("not applicable")
        found = entry(method)
        return characteristics.value_text(term, found["value"]) if found else ""

    return Attribute(
        f"property-{term.slug}",
        term.label,
        text=text,
        cell=cell,
        compare_key=lambda m: characteristics.compare_key(term, entry(m)),
        applies=lambda m: term.applies_to(m.family_id),
        group=CHARACTERISTICS,
    )


@lru_cache(maxsize=len(settings.LANGUAGES))
def code_attribute(language: str) -> Attribute:
    with override(language):
        label = gettext("Code")
    return Attribute(
        "code",
        label,
        text=lambda m: characteristics.code_text(m.code),
        cell=lambda m: characteristics.code_cell(m.code),
        group=CHARACTERISTICS,
    )


def characteristic_attributes(methods: list[Method], terms: dict[str, Term]) -> list[Attribute]:
    """A row for each property that applies to one of the methods: those that apply to them
    all first (methods of different kinds share the universal ones), then the others; the
    code last."""
    families = {m.family_id for m in methods}
    shown = [t for t in terms.values() if t.applies_to_any(families)]
    shown.sort(key=lambda t: not t.applies_to_all(families))  # stable: vocabulary order
    return [*(characteristic_attribute(t) for t in shown), code_attribute(get_language())]


@dataclass(frozen=True)
class Row:
    attribute: Attribute
    differs: bool
    counted: bool
    cells: list[SafeString]

    @property
    def key(self) -> str:
        return self.attribute.key

    @property
    def label(self) -> str:
        return self.attribute.label

    @property
    def group(self) -> str:
        return self.attribute.group


@dataclass(frozen=True)
class Comparison:
    methods: list[Method]
    rows: list[Row]
    version: str = ""  # the catalog's, that drew it

    @property
    def seed_rows(self) -> list[Row]:
        return [row for row in self.rows if row.group == SEED]

    @property
    def characteristic_rows(self) -> list[Row]:
        return [row for row in self.rows if row.group == CHARACTERISTICS]

    @property
    def seed_html(self) -> SafeString:
        return rows_html(self.seed_rows)

    @property
    def characteristics_html(self) -> SafeString:
        return rows_html(self.characteristic_rows)

    @property
    def compared_rows(self) -> list[Row]:
        return [row for row in self.rows if row.counted]

    @property
    def differing_rows(self) -> list[Row]:
        return [row for row in self.rows if row.differs]


REFERENCE = markup.html(' class="reference"')
DIFFERS = markup.html(' class="differs"')


def rows_html(rows: list[Row]) -> SafeString:
    """The rows as the table draws them: each its label, marked when the row differs (the mark
    also colours the row and keeps it in view while "Show only differences" is pressed,
    site.css), then each method's cell. Reference rows are shown, never compared. Drawn for
    all rows at once: the mark is the same in each."""
    mark = markup.html(
        ' <span class="differs-mark" aria-hidden="true">≠</span>'
        '<span class="visually-hidden">({})</span>',
        gettext("differs"),
    )
    return markup.join(
        '<tr id="row-{}"{}><th scope="row" id="label-{}"{}>{}{}</th>{}</tr>',
        (
            (
                row.key,
                "" if row.counted else REFERENCE,
                row.key,
                DIFFERS if row.differs else "",
                row.label,
                mark if row.differs else "",
                markup.join("<td>{}</td>", ((cell,) for cell in row.cells)),
            )
            for row in rows
        ),
    )


def _row(attribute: Attribute, methods: list[Method], columns: dict[int, dict]) -> Row:
    cells = [columns[m.pk].get(attribute.key) or attribute.cell(m) for m in methods]
    # A property is compared among the methods it applies to, and only where two or more are.
    applicable = [m for m in methods if attribute.applies(m)]
    counted = attribute.compared and len(applicable) > (len(methods) > 1)
    if not counted or len(applicable) < 2:
        differs = False
    elif attribute.differs is not None:
        differs = attribute.differs(applicable)
    else:
        differs = values_differ([attribute.compare_key(m) for m in applicable])
    return Row(attribute, differs, counted, cells)


def read(ids: list[int], version: str) -> list[Method]:
    """The methods with these ids, in the order given (ids no longer in the catalog skipped), as
    a comparison shows them: with their field, group and type, the fields they are also in and
    their related methods. Each is read once per catalog version and kept (the "fragments"
    cache), whatever it is compared with: a comparison reads only methods nobody compared yet.
    Kept per language too: the fields a method is also in come in the order of their names."""
    fragments = caches["fragments"]
    keys = {pk: f"method:{get_language()}:{version}:{pk}" for pk in ids}
    found = fragments.get_many(keys.values())
    if missing := [pk for pk in ids if keys[pk] not in found]:
        read = Method.objects.compared(missing, version)
        drawn = {keys[pk]: method for pk, method in read.items()}
        fragments.set_many(drawn)
        found |= drawn
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


def compare(methods: list[Method], editor: bool = False, version: str | None = None) -> Comparison:
    """The comparison of these methods, their characteristics by the vocabulary of this catalog
    version (`version`, its token, when the caller has read it already). Their related methods
    are read here, for all of them at once, unless they came with them (read): the table, the
    timeline and the suggestions show them."""
    if not methods:
        return Comparison(methods=[], rows=[])
    version = CatalogVersion.current().token if version is None else version
    Method.read_related(methods)
    terms = characteristics.vocabulary(version)
    attributes = [
        *seed_attributes(get_language(), editor),
        *characteristic_attributes(methods, terms),
    ]
    columns = _columns(methods, attributes, version, editor)
    rows = [_row(a, methods, columns) for a in attributes]
    return Comparison(methods=methods, rows=rows, version=version)


def _columns(
    methods: list[Method], attributes: list[Attribute], version: str, editor: bool
) -> dict[int, dict[str, SafeString]]:
    """Each method's cells by attribute, drawn once per catalog version and language and kept
    (the "fragments" cache): a method's column is the same in every comparison it is in. The
    properties that do not apply to it are left out (their cell says so, whatever the method);
    those that do are among the comparison's `attributes`."""
    fragments = caches["fragments"]
    prefix = f"column:{get_language()}:{version}:{int(editor)}"
    keys = {m.pk: f"{prefix}:{m.pk}" for m in methods}
    found = fragments.get_many(keys.values())
    drawn = {}
    for method in methods:
        if keys[method.pk] not in found:
            drawn[keys[method.pk]] = {
                a.key: a.cell(method) for a in attributes if a.applies(method)
            }
    fragments.set_many(drawn)
    found |= drawn
    return {pk: found[key] for pk, key in keys.items()}


def unlike(comparison: Comparison) -> str:
    """One line when the methods are not of one kind: of different types, or in fields that
    share none. Methods of one type in overlapping fields are like with like."""
    differing = {row.key for row in comparison.rows if row.differs} & {"field", "type"}
    if not differing:
        return ""
    methods = comparison.methods
    names = {
        "fields": ", ".join(dict.fromkeys(m.field.name for m in methods)),
        "types": ", ".join(dict.fromkeys(m.type.name for m in methods)),
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

    method: Brief
    related_to: list[Method]
    # Does the same job as one of them (an alternative or a variant): offered first.
    comparable: bool
    # Why it is offered: "related to QLoRA and DPO".
    reason: str
    # The link to its page.
    link: SafeString


def suggestions(methods: list[Method], limit: int = 6) -> list[Suggestion]:
    """Up to `limit` methods related to those compared and not compared themselves: those that
    do the same job (alternatives and variants) first, then those related to the most compared
    methods, then by name (from the prefetched relations). What they say is translated once
    for all of them."""
    compared = {m.pk for m in methods}
    found: dict[int, tuple[Brief, list[Method], set[str]]] = {}
    for method in methods:
        for kind, other in method.related_briefs:
            if other.pk not in compared:
                entry = found.setdefault(other.pk, (other, [], set()))
                entry[1].append(method)
                entry[2].add(kind)
    offered = sorted(
        (
            (other, related_to, bool(kinds & set(Relation.COMPARABLE)))
            for other, related_to, kinds in found.values()
        ),
        key=lambda s: (not s[2], -len(s[1]), s[0].display_name.casefold()),
    )[:limit]
    if not offered:
        return []
    urls = Method.addresses([other for other, _related_to, _comparable in offered])
    word = gettext("and")
    reasons = {
        True: gettext("an alternative to or variant of %(names)s"),
        False: gettext("related to %(names)s"),
    }
    return [
        Suggestion(
            other,
            related_to,
            comparable,
            reasons[comparable]
            % {"names": get_text_list([m.short_name for m in related_to], word)},
            markup.html('<a href="{}">{}</a>', urls[other.pk], other.name_html),
        )
        for other, related_to, comparable in offered
    ]
