"""The comparison's timeline as numbers for an SVG: the compared methods by year on one axis,
each labelled above it; the methods they relate to as lighter dots below it, each named when
it is pointed at, focused or tapped (a tap does not leave the page); lines for the relations.
Computed from the methods as the table has them (their related methods prefetched), so drawing
it asks the database nothing."""

from dataclasses import dataclass
from math import ceil

from django.core.cache import caches
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from methods.models import Brief, Method, Relation
from scholargate import markup

# The widths it is drawn at: a desk's screen and paper, and a phone's (site.css shows one).
WIDTHS = {"wide": 720, "narrow": 340}
# Sizes in SVG units (CSS pixels at scale 1).
MARGIN = 16
LANE = 24  # between the baselines of two rows of labels
LABEL_FONT = 13
# A generous average width of a label's glyph at LABEL_FONT, so estimated labels never touch.
GLYPH = 0.62 * LABEL_FONT
MARK_RADIUS = 6
DOT_RADIUS = 4.5
DOT_PITCH = 12  # between two dots' centres: a dot never touches another
TICK_LABEL_HEIGHT = 16
# Years between ticks, the smallest that leaves room for the year's label.
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
TICK_ROOM = 44
# Years further apart than this, with no method between them, are drawn with a break in the
# axis: one method of 1951 does not squeeze those of the 2010s into a corner.
MAX_GAP = 10
BREAK = 28  # the width of a break


@dataclass(slots=True)
class Mark:
    method: Method
    x: float
    y: float
    compared: bool
    # A compared method's label: "start" to the right of its mark, "end" to the left.
    anchor: str = "start"
    label: str = ""
    url: str = ""

    @property
    def label_x(self) -> float:
        gap = MARK_RADIUS + 4 if self.compared else -DOT_RADIUS
        return round(self.x + gap if self.anchor == "start" else self.x - gap, 1)

    @property
    def label_y(self) -> float:
        """Beside a compared method's mark; above a related method's dot."""
        if self.compared:
            return round(self.y + LABEL_FONT / 2 - 2, 1)
        return round(self.y - DOT_RADIUS - 4, 1)


@dataclass(slots=True)
class Line:
    start: Mark
    end: Mark

    @property
    def among_compared(self) -> bool:
        return self.start.compared and self.end.compared


@dataclass(slots=True)
class Tick:
    x: float
    year: int


@dataclass(slots=True)
class Segment:
    """A stretch of the axis: the years first to last, each `scale` units wide."""

    first: int
    last: int
    start: float
    scale: float

    @property
    def end(self) -> float:
        return self.start + (self.last - self.first + 1) * self.scale

    def x_of(self, year: int) -> float:
        return self.start + (year - self.first + 0.5) * self.scale


class YearAxis:
    """Years to x from `left` to `right`: linear, with a break over each long empty gap."""

    def __init__(self, years: list[int], left: float, right: float) -> None:
        groups = []
        for year in sorted(set(years)):
            if groups and year - groups[-1][1] <= MAX_GAP:
                groups[-1][1] = year
            else:
                groups.append([year, year])
        shown = sum(last - first + 1 for first, last in groups)
        scale = (right - left - BREAK * (len(groups) - 1)) / shown
        self.segments: list[Segment] = []
        start = left
        for first, last in groups:
            self.segments.append(Segment(first, last, start, scale))
            start = self.segments[-1].end + BREAK
        self.scale = scale

    def x_of(self, year: int) -> float:
        segment = next(s for s in self.segments if s.first <= year <= s.last)
        return round(segment.x_of(year), 1)

    @property
    def breaks(self) -> list[float]:
        return [round(segment.end + BREAK / 2, 1) for segment in self.segments[:-1]]

    @property
    def ticks(self) -> list[Tick]:
        """Years at round steps with room for their labels, and each stretch's first year when
        no round one falls in it."""
        step = next((s for s in TICK_STEPS if s * self.scale >= TICK_ROOM), TICK_STEPS[-1])
        ticks: list[Tick] = []
        for segment in self.segments:
            years = range(ceil(segment.first / step) * step, segment.last + 1, step)
            for year in years or [segment.first]:
                x = round(segment.x_of(year), 1)
                if not ticks or x - ticks[-1].x >= TICK_ROOM:
                    ticks.append(Tick(x, year))
        return ticks


@dataclass(frozen=True)
class Timeline:
    width: int
    height: float
    axis_y: float
    # The axis's stretches, as (start, end), and the breaks between them.
    axis: list[tuple[float, float]]
    breaks: list[float]
    ticks: list[Tick]
    marks: list[Mark]
    lines: list[Line]

    @property
    def shapes(self) -> SafeString:
        """The drawing's shapes as SVG: the relations first, then the axis and its years, then
        the marks, each on what came before. Written here rather than in a template loop, which
        spends tens of milliseconds on the hundreds of shapes of four well-connected methods;
        numbers go in as they are, text escaped (format_html)."""
        y = self.axis_y
        lines = markup.join(
            '<line class="timeline-relation" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            ((r.start.x, r.start.y, r.end.x, r.end.y) for r in self.lines if not r.among_compared),
            "\n",
        )
        among = markup.join(
            '<line class="timeline-relation among-compared" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            ((r.start.x, r.start.y, r.end.x, r.end.y) for r in self.lines if r.among_compared),
            "\n",
        )
        axis = markup.join(
            '<line class="timeline-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            ((start, y, end, y) for start, end in self.axis),
            "\n",
        )
        breaks = markup.join(
            '<text class="timeline-break" x="{}" y="{}" text-anchor="middle">//</text>',
            ((x, y + 4) for x in self.breaks),
            "\n",
        )
        ticks = markup.join(
            '<line class="timeline-tick" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="timeline-year" x="{}" y="{}" text-anchor="middle">{}</text>',
            ((t.x, y - 4, t.x, y + 4, t.x, y + 16, t.year) for t in self.ticks),
            "\n",
        )
        # A related method is not a link (the list under the drawing links it): a tap or the
        # keyboard's focus shows its name in place (site.css).
        related = markup.join(
            '<g class="timeline-related" tabindex="0" role="img" aria-label="{}">'
            '<title>{}</title><circle cx="{}" cy="{}" r="{}"/>'
            '<text class="timeline-name" x="{}" y="{}" text-anchor="{}">{}</text></g>',
            (
                (
                    title := m.method.dated_name,
                    title,
                    m.x,
                    m.y,
                    DOT_RADIUS,
                    m.label_x,
                    m.label_y,
                    m.anchor,
                    m.label,
                )
                for m in self.related
            ),
            "\n",
        )
        compared = markup.join(
            '<a class="timeline-compared" href="{}" aria-label="{}"><title>{}</title>'
            '<line class="timeline-stem" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<circle cx="{}" cy="{}" r="{}"/>'
            '<text x="{}" y="{}" text-anchor="{}">{}</text></a>',
            (
                (
                    m.url,
                    title := m.method.dated_name,
                    title,
                    m.x,
                    m.y,
                    m.x,
                    y,
                    m.x,
                    m.y,
                    MARK_RADIUS,
                    m.label_x,
                    m.label_y,
                    m.anchor,
                    m.label,
                )
                for m in self.compared
            ),
            "\n",
        )
        return markup.html(
            "{}\n{}\n{}\n{}\n{}\n{}\n{}", lines, among, axis, breaks, ticks, related, compared
        )

    @property
    def among_compared(self) -> bool:
        """Whether a dashed line joins two compared methods."""
        return any(line.among_compared for line in self.lines)

    @property
    def compared(self) -> list[Mark]:
        return [mark for mark in self.marks if mark.compared]

    @property
    def related(self) -> list[Mark]:
        return [mark for mark in self.marks if not mark.compared]


def label_width(label: str) -> float:
    return len(label) * GLYPH


def shortened(label: str, room: float) -> str:
    """The label, cut to fit `room` with an ellipsis (the full name is the mark's title)."""
    if label_width(label) <= room:
        return label
    return label[: max(int(room // GLYPH) - 1, 1)].rstrip() + "…"


@dataclass(frozen=True)
class Subjects:
    """What a timeline draws, whatever its width: the compared methods (as given, and in the
    order their labels are placed: by year, then name), the methods they relate to in the
    order their dots are placed, each relation once, and every address."""

    methods: list[Method]
    placed: list[Method]
    related: list[Brief]
    relations: list[tuple[int, int]]
    urls: dict[int, str]


def subjects(methods: list[Method], urls: dict[int, str] | None = None) -> Subjects:
    compared_pks = {m.pk for m in methods}
    related = {
        r.pk: r for m in methods for _kind, r in m.related_briefs if r.pk not in compared_pks
    }
    if urls is None:
        urls = Method.addresses([*methods, *related.values()])
    relations = []
    seen = set()
    for method in methods:
        for _kind, other in method.related_briefs:
            pair = frozenset((method.pk, other.pk))
            if pair not in seen:
                seen.add(pair)
                relations.append((method.pk, other.pk))
    return Subjects(
        methods,
        sorted(methods, key=_by_year),
        sorted(related.values(), key=_by_year),
        relations,
        urls,
    )


def _by_year(method: Method | Brief) -> tuple[int, str]:
    return method.year, method.short_name.casefold()


def layout(methods: list[Method], width: int, urls: dict[int, str] | None = None) -> Timeline:
    """The timeline of these methods (one at least) drawn `width` units wide; `urls` are the
    methods' addresses by id, when already known."""
    return draw(subjects(methods, urls), width)


def draw(drawn: Subjects, width: int) -> Timeline:
    """The timeline drawn `width` units wide."""
    urls = drawn.urls
    left, right = MARGIN + MARK_RADIUS, width - MARGIN - MARK_RADIUS
    years = YearAxis([m.year for m in [*drawn.methods, *drawn.related]], left, right)
    x_of = years.x_of

    # Labels of the compared methods, in rows above the axis: each in the lowest row where it
    # overlaps no other (two methods of one year always take two rows).
    rows: list[list[tuple[float, float]]] = []
    placed = []
    gap = MARK_RADIUS + 4
    for method in drawn.placed:
        x = x_of(method.year)
        # On the side with room for the label, else on the roomier side, shortened to fit.
        room = {"start": width - MARGIN / 2 - x - gap, "end": x - gap - MARGIN / 2}
        anchor = "start" if room["start"] >= label_width(method.short_name) else "end"
        if room[anchor] < label_width(method.short_name):
            anchor = max(room, key=room.get)
        label = shortened(method.short_name, room[anchor])
        extent = gap + label_width(label)
        start, end = (
            (x - MARK_RADIUS, x + extent) if anchor == "start" else (x - extent, x + MARK_RADIUS)
        )
        free = (i for i, taken in enumerate(rows) if all(end < a or start > b for a, b in taken))
        row = next(free, len(rows))
        if row == len(rows):
            rows.append([])
        rows[row].append((start - 4, end + 4))
        placed.append((method, x, row, anchor, label))
    axis_y = MARGIN + len(rows) * LANE + 4
    compared = {
        method.pk: Mark(
            method,
            x,
            round(axis_y - 4 - (row + 0.5) * LANE, 1),
            True,
            anchor,
            label,
            urls[method.pk],
        )
        for method, x, row, anchor, label in placed
    }

    # The related methods as dots below the year labels, in columns one dot wide: a dot goes
    # to the column nearest its year and stacks under the dots already there.
    dots_top = axis_y + TICK_LABEL_HEIGHT + DOT_PITCH
    columns: dict[int, int] = {}
    dots = {}
    for method in drawn.related:
        column = round((x_of(method.year) - left) / DOT_PITCH)
        column = min(column, int((right - left) // DOT_PITCH))
        depth = columns.get(column, 0)
        columns[column] = depth + 1
        x, y = left + column * DOT_PITCH, dots_top + depth * DOT_PITCH
        # Its name reads away from the nearer edge, shortened to the room there.
        anchor = "start" if x <= width / 2 else "end"
        room = width - MARGIN / 2 - x if anchor == "start" else x - MARGIN / 2
        label = shortened(f"{method.short_name}, {method.year}", room)
        dots[method.pk] = Mark(method, x, y, False, anchor, label, urls[method.pk])

    lines = [Line(compared[a], compared.get(b) or dots[b]) for a, b in drawn.relations]
    depth = max(columns.values(), default=0)
    height = dots_top + max(depth - 1, 0) * DOT_PITCH + DOT_RADIUS + MARGIN
    marks = [compared[m.pk] for m in drawn.methods] + list(dots.values())
    axis = [(round(seg.start, 1), round(seg.end, 1)) for seg in years.segments]
    return Timeline(width, height, axis_y, axis, years.breaks, years.ticks, marks, lines)


def drawings(methods: list[Method], version: str) -> tuple[list[tuple[str, Timeline]], str]:
    """The timeline at each width it is drawn at, by name, and in words (list_items); none
    for an empty comparison. What every width shares is worked out once."""
    if not methods:
        return [], ""
    shared = subjects(methods)
    drawn = [(size, draw(shared, width)) for size, width in WIDTHS.items()]
    return drawn, list_items(methods, shared.urls, version)


def charts(drawn: list[tuple[str, Timeline]]) -> SafeString:
    """The drawings as the page shows them, one for each width (site.css shows one); their
    numbers written plainly, never as a language writes them ("176,5")."""
    label = gettext("Timeline")
    return markup.join(
        '\n  <svg class="timeline-chart timeline-{}" viewBox="0 0 {} {}" role="group"'
        ' aria-label="{}">\n    {}\n  </svg>\n  ',
        ((size, t.width, t.height, label, t.shapes) for size, t in drawn),
    )


def list_items(methods: list[Method], urls: dict[int, str], version: str) -> SafeString:
    """The timeline in words: each compared method and its year, then its related ones, each
    with how it relates ("Variant of"). A method's line is the same in every comparison it is
    in, so it is drawn once per catalog version and language and kept (the "fragments" cache)."""
    fragments = caches["fragments"]
    prefix = f"timeline-item:{get_language()}:{version}"
    keys = {m.pk: f"{prefix}:{m.pk}" for m in methods}
    found = fragments.get_many(keys.values())
    if missing := [m for m in methods if keys[m.pk] not in found]:
        # Each kind's heading translated once, for every line drawn.
        headings = {
            kind: markup.html('<span class="relation-kind">{}</span> ', Relation.label(kind))
            for kind in Relation.Kind.values
        }
        drawn = {keys[m.pk]: _list_item(m, urls, headings) for m in missing}
        fragments.set_many(drawn)
        found |= drawn
    return markup.join("{}", ((found[keys[m.pk]],) for m in methods), "\n")


def _list_item(method: Method, urls: dict[int, str], headings: dict[str, str]) -> SafeString:
    related = markup.join(
        '{}<a href="{}">{}</a> ({})',
        (
            (headings.get(kind, ""), urls[other.pk], other.display_name, other.year)
            for kind, other in method.related_briefs
        ),
        "; ",
    )
    return markup.html(
        '<li><a href="{}">{}</a>, {}{}</li>',
        urls[method.pk],
        method.display_name,
        method.year,
        markup.html(". {}: {}", gettext("Related"), related) if related else "",
    )
