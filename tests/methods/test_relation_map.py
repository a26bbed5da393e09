from itertools import combinations

import pytest

from methods import relation_map
from methods.models import Method
from methods.relation_map import BOX_HEIGHT, BOX_WIDTH, GLYPH, LINE_CHARS, PADDING
from tests.factories import MethodFactory
from tests.helpers import url

pytestmark = pytest.mark.django_db


def map_of(method: Method) -> relation_map.RelationMap:
    return relation_map.around(Method.objects.for_comparison().get(pk=method.pk))


def boxes_overlap(a: relation_map.Node, b: relation_map.Node) -> bool:
    return (
        a.x < b.x + BOX_WIDTH
        and b.x < a.x + BOX_WIDTH
        and a.y < b.y + BOX_HEIGHT
        and b.y < a.y + BOX_HEIGHT
    )


def test_the_map_holds_the_method_its_related_methods_and_theirs():
    far = MethodFactory(name="Far", year=2001)
    middle = MethodFactory(name="Middle", year=2010, related=[far])
    other = MethodFactory(name="Other", year=2005, related=[far])
    method = MethodFactory(name="Center", related=[middle, other])
    MethodFactory(name="Three steps", related=[far])

    drawn = map_of(method)
    assert drawn.center.method == method
    assert [n.method.name for n in drawn.related] == ["Other", "Middle"]  # by year
    assert [n.method.name for n in drawn.further] == ["Far"]
    assert [m.name for m in drawn.further[0].via] == ["Other", "Middle"]
    edges = {(e.start.method.name, e.end.method.name) for e in drawn.edges}
    assert edges == {("Center", "Other"), ("Center", "Middle"), ("Other", "Far"), ("Middle", "Far")}
    # Each step a column to the right of the one before.
    assert drawn.center.x < drawn.related[0].x < drawn.further[0].x


def test_a_method_with_no_relation_is_a_map_of_one():
    drawn = map_of(MethodFactory())
    assert len(drawn.nodes) == 1 and drawn.edges == []


def test_long_names_wrap_on_two_lines_inside_their_box():
    assert relation_map.label_lines("Spearman's Rank Correlation Coefficient") == [
        "Spearman's Rank",
        "Correlation…",
    ]
    assert relation_map.label_lines("PCA") == ["PCA"]
    assert relation_map.label_lines("x" * 40) == ["x" * (LINE_CHARS - 1) + "…"]


def test_no_two_boxes_meet_on_the_map_of_any_bundled_method(catalog):
    """Every method of the bundled catalog: no box overlaps another or leaves the drawing, and
    every label fits its box."""
    for method in Method.objects.for_comparison():
        drawn = relation_map.around(method)
        assert len({n.method.pk for n in drawn.nodes}) == len(drawn.nodes), method.slug
        for a, b in combinations(drawn.nodes, 2):
            assert not boxes_overlap(a, b), f"{method.slug}: {a.method.slug} meets {b.method.slug}"
        for node in drawn.nodes:
            assert node.x >= 0 and node.x + BOX_WIDTH <= drawn.width, method.slug
            assert node.y >= 0 and node.y + BOX_HEIGHT <= drawn.height, method.slug
            assert all(len(line) * GLYPH <= BOX_WIDTH - 2 * PADDING for line in node.lines)


def test_the_method_page_shows_the_map_with_links_and_add_buttons(client, catalog):
    text = client.get(url("methods:detail", "en", slug="latent-diffusion-models")).text
    svg = text[text.index('<svg class="map-chart"') : text.index("</svg>")]
    assert 'href="/en/methods/variational-autoencoder/"' in svg  # a step away
    assert 'href="/en/methods/generative-adversarial-network/"' in svg  # two steps away
    assert "Related to LDM" in text and "Two steps away" in text
    assert 'aria-label="Add to compare: Generative Adversarial Network (GAN)"' in text
    assert "through VAE, DDPM and VQGAN" in text


def test_adding_from_the_map_without_javascript_comes_back_to_the_method(client, catalog):
    page = url("methods:detail", "en", slug="latent-diffusion-models")
    response = client.post(
        url("compare:add", "en"), {"method": "variational-autoencoder", "next": page}
    )
    assert response.status_code == 302 and response["Location"] == page
    text = client.get(page).text
    assert 'id="compare-variational-autoencoder"' in text
    assert "Remove Variational Autoencoder (VAE) from comparison" in text
