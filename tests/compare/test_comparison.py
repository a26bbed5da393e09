import pytest
from django.utils import translation

from compare.comparison import compare, values_differ
from tests.factories import MethodFactory


def differing(comparison) -> set[str]:
    return {row.key for row in comparison.differing_rows}


def test_one_value_alone_differs_from_nothing():
    assert values_differ([2023]) is False
    assert values_differ([]) is False


def test_a_missing_value_differs_from_a_present_one():
    assert values_differ([None, "x"]) is True
    assert values_differ([None, None]) is False


def test_the_seed_methods_differ_where_the_seed_page_marks_them(seed_methods):
    comparison = compare(seed_methods)
    assert [row.key for row in comparison.rows] == [
        "field",
        "family",
        "year",
        "originator",
        "type",
        "work",
        "aliases",
        "related",
        "summary",
    ]
    # The seed page's methods each had four related ones; the grown catalog relates them to
    # more, and to different numbers (QLoRA 7, DPO and LDM 11), so that row differs now too.
    assert differing(comparison) == {
        "year",
        "originator",
        "type",
        "work",
        "aliases",
        "related",
        "summary",
    }


def test_qlora_beside_dpo_shares_year_and_type(seed_methods):
    qlora, dpo, _ldm = seed_methods
    assert {"year", "type", "field", "family"}.isdisjoint(differing(compare([qlora, dpo])))


def test_a_single_method_marks_nothing(seed_methods):
    assert differing(compare(seed_methods[:1])) == set()


@pytest.mark.django_db
def test_aliases_compare_as_a_set_ignoring_order_and_case():
    a = MethodFactory(aliases_en="DPO, Direct preference", aliases_vi="x")
    b = MethodFactory(aliases_en="direct preference,  dpo", aliases_vi="x", field=a.field)
    with translation.override("en"):
        assert "aliases" not in differing(compare([a, b]))
        b.aliases_en = ""
        assert "aliases" in differing(compare([a, b]))


@pytest.mark.django_db
def test_years_compare_as_numbers():
    a, b = MethodFactory(year=2020), MethodFactory(year=2020)
    assert "year" not in differing(compare([a, b]))
