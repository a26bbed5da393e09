"""A method's relation map as numbers for an SVG: the method, the methods related to it and the
methods related to those (two steps), in three columns, so no two boxes can meet."""

from dataclasses import dataclass, field
from functools import cached_property
from statistics import fmean

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext

from methods.models import NAME_FIELDS, Method

# Sizes in SVG units (CSS pixels at scale 1).
MARGIN = 8
BOX_WIDTH = 156
BOX_HEIGHT = 34
ROW = BOX_HEIGHT + 8  # from one box's top to the next one's in a column
COLUMN = BOX_WIDTH + 40  # from one column's left edge to the next one's
FONT = 12
# A generous average width of a glyph at FONT: a label line of LINE_CHARS fits in its box.
GLYPH = 0.62 * FONT
PADDING = 6
LINE_CHARS = int((BOX_WIDTH - 2 * PADDING) // GLYPH)


def label_lines(text: str) -> list[str]:
    """A box's label on at most two lines of LINE_CHARS, broken between words; what does not
    fit ends in an ellipsis (the full name is the box's title)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > LINE_CHARS:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    lines = [line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1] + "…" for line in lines]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LINE_CHARS - 1].rstrip() + "…"]
    return lines


@dataclass(frozen=True)
class Node:
    method: Method
    step: int  # 0 the method itself, 1 related to it, 2 related to one of those
    x: float
    y: float
    # The methods of step 1 that lead to a method of step 2.
    via: list[Method] = field(default_factory=list)
    url: str = ""

    @property
    def path_text(self) -> str:
        """How a method two steps away is reached, in words: "through VAE and U-Net"."""
        names = get_text_list([m.short_name for m in self.via], gettext("and"))
        return gettext("through %(names)s") % {"names": names}

    @cached_property
    def lines(self) -> list[str]:
        return label_lines(self.method.short_name)

    @property
    def label_x(self) -> float:
        return self.x + BOX_WIDTH / 2

    @property
    def label_y(self) -> float:
        """The first line's baseline: the lines sit in the middle of the box."""
        return round(self.y + BOX_HEIGHT / 2 + FONT * 0.35 - (len(self.lines) - 1) * FONT * 0.6, 1)

    @property
    def middle(self) -> float:
        return self.y + BOX_HEIGHT / 2


@dataclass(frozen=True)
class Edge:
    start: Node
    end: Node

    @property
    def path(self) -> str:
        """A curve from the right edge of the earlier box to the left edge of the later one."""
        x1, y1 = self.start.x + BOX_WIDTH, self.start.middle
        x2, y2 = self.end.x, self.end.middle
        bend = (x2 - x1) / 2
        return f"M{x1:g} {y1:g} C{x1 + bend:g} {y1:g} {x2 - bend:g} {y2:g} {x2:g} {y2:g}"


@dataclass(frozen=True)
class RelationMap:
    width: float
    height: float
    nodes: list[Node]
    edges: list[Edge]

    @property
    def shapes(self) -> SafeString:
        """The map's shapes as SVG: the lines, then the boxes over them, each a link. Written
        here rather than in a template loop, which spends tens of milliseconds on the hundred
        boxes of a well-connected method; numbers go in as they are, text escaped."""
        shapes = [
            f'<path class="map-edge map-edge-{edge.end.step}" d="{edge.path}"/>'
            for edge in self.edges
        ]
        for node in self.nodes:
            title = escape(node.method.dated_name)
            lines = "".join(
                f'<tspan x="{node.label_x}"{' dy="1.2em"' if i else ""}>{escape(line)}</tspan>'
                for i, line in enumerate(node.lines)
            )
            shapes.append(
                f'<a class="map-node map-step-{node.step}" href="{escape(node.url)}" '
                f'aria-label="{title}"><title>{title}</title>'
                f'<rect x="{node.x}" y="{node.y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" '
                f'rx="5"/><text x="{node.label_x}" y="{node.label_y}" text-anchor="middle">'
                f"{lines}</text></a>"
            )
        return mark_safe("\n".join(shapes))  # the text in it is escaped above

    def step(self, number: int) -> list[Node]:
        return [node for node in self.nodes if node.step == number]

    @property
    def center(self) -> Node:
        return self.step(0)[0]

    @property
    def related(self) -> list[Node]:
        return self.step(1)

    @property
    def further(self) -> list[Node]:
        return self.step(2)


def by_year(method: Method) -> tuple:
    return method.year, method.short_name.casefold()


def layout(
    method: Method, related: list[Method], further: dict[Method, list[Method]]
) -> RelationMap:
    """The map of `method`, the methods `related` to it, and `further` ones (each with the
    related methods that lead to it). A column's boxes are one below the other, a row apart;
    each column is centred on the tallest; the methods two steps away are ordered by where
    those that lead to them are, so that the lines cross little."""
    first = sorted(related, key=by_year)
    row_of = {m.pk: i for i, m in enumerate(first)}
    second = sorted(further, key=lambda m: (fmean(row_of[v.pk] for v in further[m]), *by_year(m)))
    rows = max(len(first), len(second), 1)
    height = rows * ROW - (ROW - BOX_HEIGHT) + 2 * MARGIN

    urls = Method.addresses([method, *first, *second])

    def column(step: int, methods: list[Method]) -> list[Node]:
        top = MARGIN + (rows - len(methods)) * ROW / 2
        x = MARGIN + step * COLUMN
        return [
            Node(m, step, x, top + i * ROW, sorted(further.get(m, []), key=by_year), urls[m.pk])
            for i, m in enumerate(methods)
        ]

    [center] = column(0, [method])
    firsts, seconds = column(1, first), column(2, second)
    node_of = {node.method.pk: node for node in firsts}
    edges = [Edge(center, node) for node in firsts]
    edges += [Edge(node_of[v.pk], node) for node in seconds for v in node.via]
    width = 2 * MARGIN + (2 if seconds else 1 if firsts else 0) * COLUMN + BOX_WIDTH
    return RelationMap(width, height, [center, *firsts, *seconds], edges)


def around(method: Method) -> RelationMap:
    """The map around `method`, whose related methods are prefetched (for_comparison): one
    query for the relations of those, one for the methods they lead to, whatever their number."""
    related = list(method.related.all())
    if not related:
        return layout(method, [], {})
    shown = {method.pk, *(m.pk for m in related)}
    links = Method.related.through.objects.filter(from_method__in=related).exclude(
        to_method__in=shown
    )
    pairs = list(links.values_list("from_method_id", "to_method_id"))
    found = Method.objects.only("slug", "year", *NAME_FIELDS).in_bulk({to for _from, to in pairs})
    by_pk = {m.pk: m for m in related}
    further: dict[Method, list[Method]] = {}
    for from_pk, to_pk in pairs:
        further.setdefault(found[to_pk], []).append(by_pk[from_pk])
    return layout(method, related, further)
