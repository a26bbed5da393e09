from itertools import combinations

import pytest
from django.utils import translation

from methods import relation_map
from methods.models import Method
from methods.relation_map import (
    BOX_HEIGHT,
    BOX_WIDTH,
    COLUMN_ROWS,
    FURTHER_SHOWN,
    GLYPH,
    LINE_CHARS,
    PADDING,
    Brief,
)
from tests.factories import MethodFactory
from tests.helpers import attribute, element, elements, url

pytestmark = pytest.mark.django_db


def map_of(method: Method) -> relation_map.RelationMap:
    return relation_map.around(Method.objects.get(pk=method.pk))


def boxes_overlap(a: relation_map.Node, b: relation_map.Node) -> bool:
    return (
        a.x < b.x + BOX_WIDTH
        and b.x < a.x + BOX_WIDTH
        and a.y < b.y + BOX_HEIGHT
        and b.y < a.y + BOX_HEIGHT
    )


def brief(pk: int, name: str, year: int) -> Brief:
    return Brief(pk, name.lower(), name, "", "", year)


def test_the_map_draws_the_related_methods_earlier_to_the_left_and_later_to_the_right():
    far = MethodFactory(name="Far", year=2001)
    middle = MethodFactory(name="Middle", year=2010, related=[far])
    other = MethodFactory(name="Other", year=2005, related=[far])
    later = MethodFactory(name="Later", year=2021)
    method = MethodFactory(name="Center", year=2015, related=[middle, other, later])
    MethodFactory(name="Three steps", related=[far])

    drawn = map_of(method)
    assert drawn.center.method == method
    assert [n.method.name for n in drawn.related] == ["Other", "Middle", "Later"]  # by year
    assert [n.detail for n in drawn.related] == ["2005 · +1", "2010 · +1", "2021"]
    # Far, two steps away, is not drawn: it is folded under each method that leads to it.
    assert "Far" not in drawn.shapes
    assert drawn.related[0].further.shown[0].method.name == "Far"
    assert [m.name for m in drawn.related[0].further.shown[0].also] == ["Middle"]
    other_box, middle_box, later_box = drawn.related
    assert other_box.x == middle_box.x < drawn.center.x < later_box.x
    assert other_box.y < middle_box.y  # a column reads by year
    assert drawn.center.y < min(node.y for node in drawn.related)


def test_a_method_with_no_relation_is_a_map_of_one():
    drawn = map_of(MethodFactory())
    assert drawn.nodes == [drawn.center] and drawn.lines == []


def test_the_methods_two_steps_away_rank_by_their_paths_and_are_capped():
    parent, sibling = brief(1, "Parent", 2017), brief(2, "Sibling", 2018)
    many = [brief(10 + i, f"M{i:02}", 2000 + i) for i in range(20)]
    pairs = [(1, m) for m in many] + [(2, many[19]), (2, many[5])]
    urls = {m.pk: f"/{m.slug}/" for m in many}
    groups = relation_map.collapse([parent, sibling], pairs, urls)

    group = groups[1]
    assert group.total == 20 and group.hidden == 20 - FURTHER_SHOWN
    shown = [item.method.name for item in group.shown]
    # The two reached through both parents first (the earlier first), then by year.
    assert shown[:4] == ["M05", "M19", "M00", "M01"]
    assert len(shown) == FURTHER_SHOWN
    assert group.shown[0].also == [sibling] and group.shown[0].paths == 2
    with translation.override("en"):
        assert group.shown[0].also_text == "also through Sibling"
    assert [item.method.name for item in groups[2].shown] == ["M05", "M19"]
    assert groups[2].hidden == 0


def test_long_names_end_in_an_ellipsis_inside_their_box():
    assert relation_map.label("PCA") == "PCA"
    assert relation_map.label("x" * 40) == "x" * (LINE_CHARS - 1) + "…"


def test_no_two_boxes_meet_on_the_map_of_any_bundled_method(catalog):
    """Every method of the bundled catalog: no box overlaps another or leaves the drawing, no
    column is taller than COLUMN_ROWS, and every label fits its box."""
    for method in Method.objects.all():
        drawn = relation_map.around(method)
        assert len({n.method.pk for n in drawn.nodes}) == len(drawn.nodes), method.slug
        for a, b in combinations(drawn.nodes, 2):
            assert not boxes_overlap(a, b), f"{method.slug}: {a.method.slug} meets {b.method.slug}"
        for node in drawn.nodes:
            assert node.x >= 0 and node.x + BOX_WIDTH <= drawn.width, method.slug
            assert node.y >= 0 and node.y + BOX_HEIGHT <= drawn.height, method.slug
            assert len(node.text) * GLYPH <= BOX_WIDTH - 2 * PADDING
        assert drawn.height <= BOX_HEIGHT + (COLUMN_ROWS + 1) * relation_map.ROW, method.slug


def test_the_method_page_shows_the_map_with_links_and_add_buttons(client, catalog):
    text = client.get(url("methods:detail", "en", slug="latent-diffusion-models")).text
    drawn = [attribute(a, "href") for a in elements(element(text, "svg", class_="map-chart"), "a")]
    assert "/en/methods/variational-autoencoder/" in drawn  # a step away
    assert "/en/methods/generative-adversarial-network/" not in drawn  # two steps away
    assert "Related to LDM" in text and "<summary>+11 through VAE</summary>" in text
    assert 'aria-label="Add to compare: Variational Autoencoder (VAE)"' in text
    # Two steps away: listed, not drawn; the one most paths lead to first.
    further = text[text.index("+11 through VAE") :]
    assert further.index("/en/methods/generative-adversarial-network/") < further.index(
        "</details>"
    )
    assert "also through DDPM and VQGAN" in text


def test_adding_from_the_map_without_javascript_comes_back_to_the_method(client, catalog):
    page = url("methods:detail", "en", slug="latent-diffusion-models")
    response = client.post(
        url("compare:add", "en"), {"method": "variational-autoencoder", "next": page}
    )
    assert response.status_code == 302 and response["Location"] == page
    text = client.get(page).text
    assert 'id="compare-variational-autoencoder"' in text
    assert "Remove Variational Autoencoder (VAE) from comparison" in text
