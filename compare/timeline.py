"""The comparison's timeline as numbers for an SVG: the compared methods by year on one axis,
each labelled above it; the methods they relate to as lighter dots below it; lines for the
relations. Computed from the methods as the table has them (their related methods prefetched),
so drawing it asks the database nothing."""

from dataclasses import dataclass
from math import ceil

from methods.models import Method

# The widths it is drawn at: a desk's screen and paper, and a phone's.
WIDTHS = (720, 340)
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


@dataclass(frozen=True)
class Mark:
    method: Method
    x: float
    y: float
    compared: bool
    # A compared method's label: "start" to the right of its mark, "end" to the left.
    anchor: str = "start"
    label: str = ""

    @property
    def label_x(self) -> float:
        gap = MARK_RADIUS + 4
        return round(self.x + gap if self.anchor == "start" else self.x - gap, 1)

    @property
    def label_y(self) -> float:
        return round(self.y + LABEL_FONT / 2 - 2, 1)


@dataclass(frozen=True)
class Line:
    start: Mark
    end: Mark

    @property
    def among_compared(self) -> bool:
        return self.start.compared and self.end.compared


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class Timeline:
    width: int
    height: float
    axis_y: float
    ticks: list[Tick]
    marks: list[Mark]
    lines: list[Line]
    mark_radius = MARK_RADIUS
    dot_radius = DOT_RADIUS

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


def tick_step(span: int, room: float) -> int:
    fitting = [step for step in TICK_STEPS if span / step * TICK_ROOM <= room]
    return fitting[0] if fitting else TICK_STEPS[-1]


def layout(methods: list[Method], width: int) -> Timeline:
    """The timeline of these methods (one at least) drawn `width` units wide."""
    compared_pks = {m.pk for m in methods}
    related = {r.pk: r for m in methods for r in m.related.all() if r.pk not in compared_pks}
    years = [m.year for m in [*methods, *related.values()]]
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    left, right = MARGIN + MARK_RADIUS, width - MARGIN - MARK_RADIUS

    def x_of(year: int) -> float:
        return round(left + (year - first) / (last - first) * (right - left), 1)

    # Labels of the compared methods, in rows above the axis: each in the lowest row where it
    # overlaps no other (two methods of one year always take two rows).
    rows: list[list[tuple[float, float]]] = []
    placed = []
    gap = MARK_RADIUS + 4
    for method in sorted(methods, key=lambda m: (m.year, m.short_name.casefold())):
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
        method.pk: Mark(method, x, round(axis_y - 4 - (row + 0.5) * LANE, 1), True, anchor, label)
        for method, x, row, anchor, label in placed
    }

    # The related methods as dots below the year labels, in columns one dot wide: a dot goes
    # to the column nearest its year and stacks under the dots already there.
    dots_top = axis_y + TICK_LABEL_HEIGHT + DOT_PITCH
    columns: dict[int, int] = {}
    dots = {}
    for method in sorted(related.values(), key=lambda m: (m.year, m.short_name.casefold())):
        column = round((x_of(method.year) - left) / DOT_PITCH)
        column = min(column, int((right - left) // DOT_PITCH))
        depth = columns.get(column, 0)
        columns[column] = depth + 1
        x, y = left + column * DOT_PITCH, dots_top + depth * DOT_PITCH
        dots[method.pk] = Mark(method, x, y, compared=False)

    lines = []
    seen = set()
    for method in methods:
        for other in method.related.all():
            pair = frozenset((method.pk, other.pk))
            if pair in seen:
                continue
            seen.add(pair)
            lines.append(Line(compared[method.pk], compared.get(other.pk) or dots[other.pk]))

    step = tick_step(last - first, right - left)
    ticks = [Tick(x_of(year), year) for year in range(ceil(first / step) * step, last + 1, step)]
    depth = max(columns.values(), default=0)
    height = dots_top + max(depth - 1, 0) * DOT_PITCH + DOT_RADIUS + MARGIN
    marks = [compared[m.pk] for m in methods] + list(dots.values())
    return Timeline(width, height, axis_y, ticks, marks, lines)
