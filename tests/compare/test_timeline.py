from itertools import combinations

import pytest

from compare import timeline
from compare.timeline import DOT_PITCH, LABEL_FONT, MARK_RADIUS
from methods.models import Method
from tests.factories import MethodFactory
from tests.helpers import attribute, elements

pytestmark = pytest.mark.django_db


def as_compared(*methods: Method) -> list[Method]:
    """The methods as the comparison reads them: related methods prefetched."""
    return Method.objects.for_comparison().in_order([m.pk for m in methods])


def label_box(mark: timeline.Mark) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of a compared method's mark and label."""
    width = timeline.label_width(mark.label)
    if mark.anchor == "start":
        left, right = mark.x - MARK_RADIUS, mark.label_x + width
    else:
        left, right = mark.label_x - width, mark.x + MARK_RADIUS
    return left, mark.y - LABEL_FONT / 2, right, mark.y + LABEL_FONT / 2


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("width", timeline.WIDTHS.values())
def test_compared_methods_go_left_to_right_by_year_above_the_axis(width):
    old = MethodFactory(name="Old", year=1990)
    new = MethodFactory(name="New", year=2020)
    middle = MethodFactory(name="Middle", year=2005)
    drawn = timeline.layout(as_compared(new, old, middle), width)
    x = {mark.method.name: mark.x for mark in drawn.compared}
    assert x["Old"] < x["Middle"] < x["New"]
    assert x["Middle"] == pytest.approx((x["Old"] + x["New"]) / 2)
    assert all(mark.y < drawn.axis_y for mark in drawn.compared)
    assert [t.year for t in drawn.ticks] == sorted(t.year for t in drawn.ticks)
    assert drawn.ticks[0].year >= 1990 and drawn.ticks[-1].year <= 2020


@pytest.mark.parametrize("width", timeline.WIDTHS.values())
def test_labels_of_one_year_take_two_rows_and_stay_inside(width):
    methods = [MethodFactory(name=f"A rather long method name {i}", year=2023) for i in range(4)]
    drawn = timeline.layout(as_compared(*methods), width)
    boxes = [label_box(mark) for mark in drawn.compared]
    assert not any(overlap(a, b) for a, b in combinations(boxes, 2))
    assert all(left >= 0 and right <= width for left, _top, right, _bottom in boxes)
    assert all(top >= 0 for _left, top, _right, _bottom in boxes)
    # Too long for the room it has, a label is shortened; the mark's title names it in full.
    if width == timeline.WIDTHS["narrow"]:
        assert all(mark.label.endswith("…") for mark in drawn.compared)


def test_related_methods_are_lighter_dots_below_the_axis_and_never_touch():
    related = [MethodFactory(year=2000 + i % 3) for i in range(12)]
    compared = MethodFactory(year=2010, related=related)
    drawn = timeline.layout(as_compared(compared), 340)
    assert {mark.method.pk for mark in drawn.related} == {m.pk for m in related}
    assert all(mark.y > drawn.axis_y for mark in drawn.related)
    for a, b in combinations(drawn.related, 2):
        assert max(abs(a.x - b.x), abs(a.y - b.y)) >= DOT_PITCH
    assert max(mark.y for mark in drawn.related) < drawn.height


def test_lines_join_related_methods_once_and_mark_those_among_the_compared():
    shared = MethodFactory(name="Shared", year=2015)
    first = MethodFactory(name="First", year=2018, related=[shared])
    second = MethodFactory(name="Second", year=2020, related=[shared, first])
    drawn = timeline.layout(as_compared(first, second), 720)
    pairs = {
        (line.start.method.name, line.end.method.name): line.among_compared for line in drawn.lines
    }
    assert pairs == {
        ("First", "Second"): True,
        ("First", "Shared"): False,
        ("Second", "Shared"): False,
    }
    # A method related to both compared methods is one dot.
    assert [mark.method.name for mark in drawn.related] == ["Shared"]


def test_a_single_method_of_a_single_year_still_has_an_axis():
    drawn = timeline.layout(as_compared(MethodFactory(year=2017)), 340)
    [mark] = drawn.compared
    assert 0 < mark.x < 340
    assert 2017 in [tick.year for tick in drawn.ticks]


def test_a_long_empty_gap_is_a_break_in_the_axis_not_a_squeeze():
    old = MethodFactory(year=1951)
    compared = [MethodFactory(year=2015, related=[old]), MethodFactory(year=2020)]
    drawn = timeline.layout(as_compared(*compared), 720)
    assert len(drawn.breaks) == 1 and len(drawn.axis) == 2
    (_, old_end), (recent_start, _) = drawn.axis
    assert old_end < drawn.breaks[0] < recent_start
    [dot] = drawn.related
    assert dot.x < drawn.breaks[0]
    first, second = drawn.compared
    # Six years, 2015 to 2020, take most of the axis, not the last tenth of 1951 to 2020.
    assert second.x - first.x > 0.6 * (720 - 2 * timeline.MARGIN)
    assert drawn.ticks[0].year == 1951  # the break keeps its year


@pytest.mark.parametrize("width", timeline.WIDTHS.values())
def test_related_methods_are_named_in_place_not_links_and_their_names_stay_inside(width):
    related = [MethodFactory(name=f"Related method number {i}", year=1995 + i) for i in range(8)]
    compared = MethodFactory(name="Compared", year=2000, related=related)
    drawn = timeline.layout(as_compared(compared), width)
    shapes = str(drawn.shapes)
    for mark in drawn.related:
        name = mark.method.short_name
        # A focusable dot named for screen readers, its label shown on focus or tap (site.css).
        assert f'tabindex="0" role="img" aria-label="{name}, {mark.method.year}"' in shapes
        assert mark.label.startswith(name[:4]) and (
            mark.label == f"{name}, {mark.method.year}" or mark.label.endswith("…")
        )
        width_of_label = timeline.label_width(mark.label)
        left = mark.label_x if mark.anchor == "start" else mark.label_x - width_of_label
        assert left >= 0 and left + width_of_label <= width
        assert mark.label_y < mark.y
    assert 'class="timeline-related" href' not in shapes  # a tap does not leave the page
    # In words, they are links, in the order of their names.
    [item] = elements(timeline.drawings(as_compared(compared), "v1")[1], "li")
    links = [attribute(a, "href") for a in elements(item, "a")]
    assert links == [m.get_absolute_url() for m in [compared, *related]]
