"""A method's relation map: the method and the methods related to it, drawn as a small tree
(earlier methods to its left, later ones to its right, each column by year), and, per related
method, the methods two steps away through it, kept out of the drawing and folded in the list
under it. Related methods are read as light values (Brief), two queries whatever their number."""

from dataclasses import dataclass, field
from math import ceil

from django.core.cache import caches
from django.utils.safestring import SafeString
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext, ngettext

from methods.models import BRIEF_FIELDS, Brief, Method, Relation
from scholargate import markup
from scholargate.statements import Statement

# Sizes in SVG units (CSS pixels at scale 1).
MARGIN = 8
BOX_WIDTH = 156
BOX_HEIGHT = 40
ROW = BOX_HEIGHT + 10  # from one box's top to the next one's in a column
GAP = 16  # between a box and the line its column hangs from
SLOT = BOX_WIDTH + 2 * GAP  # a column's width, its line included
FONT = 12
# A generous average width of a glyph at FONT: a label of LINE_CHARS fits in its box.
GLYPH = 0.62 * FONT
PADDING = 6
LINE_CHARS = int((BOX_WIDTH - 2 * PADDING) // GLYPH)
# A column holds this many boxes at most before the next one starts: Transformer's 37 relations
# fit a desk's screen in five short columns rather than one 1,500 px tall.
COLUMN_ROWS = 8
# Methods two steps away listed under each related method, the most connected first.
FURTHER_SHOWN = 12


def label(text: str) -> str:
    """A box's label on one line; what does not fit ends in an ellipsis (the full name is the
    box's title, and the list under the drawing names it in full)."""
    return text if len(text) <= LINE_CHARS else text[: LINE_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Further:
    """A method two steps away, as listed under one related method that leads to it."""

    method: Brief
    url: str
    # The other related methods that lead to it too.
    also: list[Brief]

    @property
    def paths(self) -> int:
        return 1 + len(self.also)

    @property
    def also_text(self) -> str:
        """ "also through VAE and U-Net" """
        names = get_text_list([m.short_name for m in self.also], gettext("and"))
        return gettext("also through %(names)s") % {"names": names}


@dataclass(frozen=True)
class Group:
    """The methods two steps away through one related method: how many, and the most connected
    of them (those most paths lead to, then the earliest)."""

    total: int
    shown: list[Further]

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)


def collapse(related: list[Brief], pairs: list[tuple[int, Brief]], urls: dict[int, str]):
    """Per related method (by id), its Group of methods two steps away; `pairs` are (related
    method's id, method two steps away) for every relation between them."""
    via: dict[int, list[Brief]] = {}
    by_pk = {m.pk: m for m in related}
    for from_pk, further in pairs:
        via.setdefault(further.pk, []).append(by_pk[from_pk])
    children: dict[int, list[Brief]] = {}
    for from_pk, further in pairs:
        children.setdefault(from_pk, []).append(further)
    groups = {}
    for parent_pk, methods in children.items():
        ranked = sorted(methods, key=lambda m: (-len(via[m.pk]), m.year, m.short_name.casefold()))
        shown = [
            Further(m, urls[m.pk], [v for v in via[m.pk] if v.pk != parent_pk])
            for m in ranked[:FURTHER_SHOWN]
        ]
        groups[parent_pk] = Group(len(methods), shown)
    return groups


@dataclass(frozen=True)
class Node:
    method: Brief | Method
    x: float
    y: float
    url: str
    # Related methods only: the methods two steps away through it, and the relation's type
    # (a class on its line, for the style sheet) once relations carry one.
    further: Group | None = None
    kind: str = ""

    @property
    def text(self) -> str:
        return label(self.method.short_name)

    @property
    def kind_label(self) -> str:
        """How the method relates to the one the map is about ("Variant of")."""
        return Relation.label(self.kind)

    @property
    def item_html(self) -> SafeString:
        """The method in the list under the drawing: how it relates, its name and year."""
        return markup.html(
            '<span><span class="relation-kind">{}:</span> <a href="{}">{}</a> ({})</span>',
            self.kind_label,
            self.url,
            self.method.name_html,
            self.method.year,
        )

    @property
    def further_html(self) -> SafeString:
        """Folded under the method in the list: the methods two steps away through it, the most
        connected first, and how many more its own page lists."""
        if not self.further:
            return ""
        name, further = self.method.short_name, self.further
        summary = ngettext(
            "+%(counter)s through %(name)s", "+%(counter)s through %(name)s", further.total
        ) % {"counter": further.total, "name": name}
        items = markup.join(
            '<li><a href="{}">{}</a> ({}){}</li>',
            (
                (
                    item.url,
                    item.method.display_name,
                    item.method.year,
                    markup.html(' <span class="reason">{}</span>', item.also_text)
                    if item.also
                    else "",
                )
                for item in further.shown
            ),
        )
        more = ""
        if further.hidden:
            text = ngettext(
                "and %(counter)s more on the page of %(name)s",
                "and %(counter)s more on the page of %(name)s",
                further.hidden,
            ) % {"counter": further.hidden, "name": name}
            more = markup.html('<li><a href="{}">{}</a></li>', self.url, text)
        return markup.html(
            '<details class="map-further"><summary>{}</summary><ul>{}{}</ul></details>',
            summary,
            items,
            more,
        )

    @property
    def detail(self) -> str:
        """The box's second line: the year, and how many methods lie two steps away."""
        year = str(self.method.year)
        return f"{year} · +{self.further.total}" if self.further else year

    @property
    def middle(self) -> float:
        return self.y + BOX_HEIGHT / 2


@dataclass(frozen=True)
class RelationMap:
    width: float
    height: float
    center: Node
    related: list[Node]
    # The lines the related methods' columns hang from: the trunk out of the method, then a
    # spine per column, as (x1, y1, x2, y2).
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    # Each related method's own short line, from its column's spine to its box.
    stubs: list[tuple[Node, float]] = field(default_factory=list)

    @property
    def nodes(self) -> list[Node]:
        return [self.center, *self.related]

    @property
    def by_kind(self) -> dict[str, list[Node]]:
        """The related methods under the heading of their kind, in the order of the kinds."""
        return Relation.grouped([(node.kind, node) for node in self.related])

    @property
    def by_kind_html(self) -> SafeString:
        """The related methods as the method's page lists them, a line per kind of relation."""
        return markup.join(
            '<p class="relation-group"><span class="relation-kind">{}:</span> {}</p>',
            (
                (
                    kind,
                    markup.join(
                        '<a href="{}">{}</a>', ((n.url, n.method.name_html) for n in nodes), ", "
                    ),
                )
                for kind, nodes in self.by_kind.items()
            ),
        )

    @property
    def kinds(self) -> list[tuple[str, str]]:
        """The kinds of relation the drawing shows, for its legend: (kind, label)."""
        shown = {node.kind for node in self.related}
        typed = [(kind, label) for kind, label in Relation.Kind.choices if kind in shown]
        return typed + ([("", Relation.label(""))] if "" in shown else [])

    @property
    def shapes(self) -> SafeString:
        """The map as SVG: the lines, then the boxes over them, each a link. Numbers go in as
        they are, text escaped (shapes_join)."""
        lines = markup.join('<path class="map-line" d="M{} {}L{} {}"/>', self.lines, "\n")
        stubs = markup.join(
            '<path class="map-edge{}" d="M{} {}L{} {}"/>',
            (
                (f" map-edge-{node.kind}" if node.kind else "", x, node.middle, end, node.middle)
                for node, x in self.stubs
                for end in [node.x if x < node.x else node.x + BOX_WIDTH]
            ),
            "\n",
        )
        boxes = markup.join(
            '<a class="map-node map-step-{}" href="{}" aria-label="{}"><title>{}</title>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="5"/>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text class="map-year" x="{}" y="{}" text-anchor="middle">{}</text></a>',
            (
                (
                    0 if node is self.center else 1,
                    node.url,
                    node.method.dated_name,
                    node.method.dated_name,
                    node.x,
                    node.y,
                    BOX_WIDTH,
                    BOX_HEIGHT,
                    node.x + BOX_WIDTH / 2,
                    node.y + 17,
                    node.text,
                    node.x + BOX_WIDTH / 2,
                    node.y + 32,
                    node.detail,
                )
                for node in self.nodes
            ),
            "\n",
        )
        return markup.html("{}\n{}\n{}", lines, stubs, boxes)

    def drawn(self) -> "Drawn":
        return Drawn(
            width=self.width,
            height=self.height,
            center_name=self.center.method.short_name,
            shapes=self.shapes,
            kinds=self.kinds,
            by_kind_html=self.by_kind_html,
            items=[Item(node.method, node.item_html, node.further_html) for node in self.related],
        )


@dataclass(frozen=True)
class Item:
    """A related method in the list under the drawing, its markup drawn; its add button is
    drawn for each visitor."""

    method: Brief
    html: SafeString
    further_html: SafeString


@dataclass(frozen=True)
class Drawn:
    """The map as a method's page shows it, every piece of markup drawn: the same for every
    visitor, so kept (drawn())."""

    width: float
    height: float
    center_name: str
    shapes: SafeString
    kinds: list[tuple[str, str]]
    by_kind_html: SafeString
    items: list[Item]


def by_year(method: Brief | Method) -> tuple:
    return method.year, method.short_name.casefold()


def columns(methods: list[Brief]) -> list[list[Brief]]:
    """The methods by year in columns of at most COLUMN_ROWS, as even as they come."""
    if not methods:
        return []
    count = ceil(len(methods) / COLUMN_ROWS)
    rows = ceil(len(methods) / count)
    return [methods[i : i + rows] for i in range(0, len(methods), rows)]


def layout(
    method: Method,
    related: list[Brief],
    urls: dict[int, str],
    groups: dict[int, Group] | None = None,
    kinds: dict[int, str] | None = None,
) -> RelationMap:
    """The map: `method` in the top row, its related methods in the rows under it, the earlier
    ones in columns to its left and the later ones to its right, read by year from left to
    right and top to bottom. Every column hangs from a line out of the method, so no line
    crosses a box."""
    groups, kinds = groups or {}, kinds or {}
    ordered = sorted(related, key=by_year)
    left = columns([m for m in ordered if m.year < method.year])
    right = columns([m for m in ordered if m.year >= method.year])
    slots = len(left) + 1 + len(right)
    rows = max((len(c) for c in left + right), default=0)
    width = 2 * MARGIN + slots * SLOT
    height = 2 * MARGIN + rows * ROW + BOX_HEIGHT

    def box_x(slot: int) -> float:
        return MARGIN + slot * SLOT + GAP

    center = Node(method, box_x(len(left)), MARGIN, urls[method.pk])
    nodes, lines, stubs = [], [], []
    trunk = center.middle
    placed_columns = [*enumerate(left), *enumerate(right, start=len(left) + 1)]
    for slot, column in placed_columns:
        on_left = slot < len(left)
        x = box_x(slot)
        spine = x + BOX_WIDTH + GAP if on_left else x - GAP
        placed = [
            Node(m, x, MARGIN + (i + 1) * ROW, urls[m.pk], groups.get(m.pk), kinds.get(m.pk, ""))
            for i, m in enumerate(column)
        ]
        lines.append((spine, trunk, spine, placed[-1].middle))
        stubs += [(node, spine) for node in placed]
        nodes += placed
    if left:
        lines.append((box_x(0) + BOX_WIDTH + GAP, trunk, center.x, trunk))
    if right:
        lines.append((center.x + BOX_WIDTH, trunk, box_x(slots - 1) - GAP, trunk))
    nodes.sort(key=lambda node: by_year(node.method))
    return RelationMap(width, height, center, nodes, lines, stubs)


def around(method: Method) -> RelationMap:
    """The map around `method`: one query for its related methods, one for the methods
    related to those, whatever their number."""
    related = [other for _kind, other in method.related_briefs]
    kinds = method.relation_kinds
    if not related:
        return layout(method, [], Method.addresses([method]))
    related_pks = [m.pk for m in related]
    rows = _FURTHER.rows(related=related_pks, shown=list({method.pk, *related_pks}))
    pairs = [(from_pk, Brief(*rest)) for from_pk, *rest in rows]
    urls = Method.addresses([method, *related, *(m for _pk, m in pairs)])
    return layout(method, related, urls, collapse(related, pairs, urls), kinds)


# The methods related to those related to a method (around), compiled once.
_FURTHER = Statement(
    lambda slot: (
        Relation.objects.filter(from_method__in=slot("related", many=True))
        .exclude(to_method__in=slot("shown", many=True))
        .values_list("from_method_id", *(f"to_method__{name}" for name in BRIEF_FIELDS))
    )
)


def drawn(method: Method, version: str) -> Drawn:
    """The map around `method`, drawn once per method, catalog version and language and kept
    (the "fragments" cache): its two queries and the markup of 30 related methods were a third
    of a method page's work."""
    fragments = caches["fragments"]
    key = f"map:{get_language()}:{version}:{method.pk}"
    kept = fragments.get(key)
    if kept is None:
        kept = around(method).drawn()
        fragments.set(key, kept)
    return kept
