import pytest
from django.utils import translation

from compare.comparison import compare, suggestions, unlike, values_differ
from methods.models import Method
from tests.factories import MethodFactory, MethodTypeFactory, ResearchFieldFactory


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


def as_compared(*methods) -> list[Method]:
    return Method.objects.for_comparison().in_order([m.pk for m in methods])


def test_the_seed_is_not_like_with_like_and_says_which_types(seed_methods, english):
    assert unlike(compare(seed_methods)) == (
        "Mixed comparison: these methods are of different types "
        "(Training methodology, Neural network architecture)."
    )


@pytest.mark.django_db
def test_like_with_like_says_nothing_and_each_mix_is_named(english):
    field, other_field = ResearchFieldFactory(name_en="Vision"), ResearchFieldFactory(name_en="NLP")
    kind, other_kind = MethodTypeFactory(name_en="Model"), MethodTypeFactory(name_en="Metric")
    a = MethodFactory(field=field, type=kind)
    assert unlike(compare(as_compared(a, MethodFactory(field=field, type=kind)))) == ""
    assert unlike(compare(as_compared(a))) == ""
    fields = as_compared(a, MethodFactory(field=other_field, type=kind))
    assert unlike(compare(fields)) == (
        "Mixed comparison: these methods come from different fields (Vision, NLP)."
    )
    both = as_compared(a, MethodFactory(field=other_field, type=other_kind))
    assert unlike(compare(both)) == (
        "Mixed comparison: these methods come from different fields (Vision, NLP) "
        "and are of different types (Model, Metric)."
    )


@pytest.mark.django_db
def test_suggestions_are_the_most_connected_related_methods_not_compared(english):
    common = MethodFactory(name="Common")
    lone = [MethodFactory(name=f"Lone {i}") for i in range(7)]
    first = MethodFactory(name="First", acronym="FST", related=[common, *lone[:4]])
    second = MethodFactory(name="Second", related=[common, first, *lone[4:]])
    found = suggestions(as_compared(first, second))
    assert len(found) == 6
    assert found[0].method == common
    assert found[0].reason == "related to FST and Second"
    assert [s.method.name for s in found[1:]] == ["Lone 0", "Lone 1", "Lone 2", "Lone 3", "Lone 4"]
    assert found[1].reason == "related to FST"
    assert first not in [s.method for s in found] and second not in [s.method for s in found]


@pytest.mark.django_db
def test_suggestions_give_their_reason_in_vietnamese(vietnamese):
    common = MethodFactory(name="Common")
    compared = [MethodFactory(acronym=name, related=[common]) for name in ("QLoRA", "DPO", "LDM")]
    [found] = suggestions(as_compared(*compared))
    assert found.reason == "liên quan đến QLoRA, DPO và LDM"
