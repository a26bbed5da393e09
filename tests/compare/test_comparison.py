import pytest
from django.utils import translation

from compare.comparison import compare, suggestions, unlike, values_differ
from methods.models import Method, Property, Relation
from tests.factories import (
    FamilyFactory,
    MethodFactory,
    MethodTypeFactory,
    ResearchFieldFactory,
)


def differing(comparison) -> set[str]:
    return {row.key for row in comparison.differing_rows}


def test_one_value_alone_differs_from_nothing():
    assert values_differ([2023]) is False
    assert values_differ([]) is False


def test_a_missing_value_differs_from_a_present_one():
    assert values_differ([None, "x"]) is True
    assert values_differ([None, None]) is False


SEED_ROWS = [
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
REFERENCE = {"originator", "work", "aliases", "related", "summary", "code"}


def test_the_seed_rows_come_first_in_the_seed_order_then_characteristics_and_code(seed_methods):
    comparison = compare(seed_methods)
    assert [row.key for row in comparison.seed_rows] == SEED_ROWS
    keys = [row.key for row in comparison.characteristic_rows]
    # The properties every method has come first: the three are of different groups.
    assert keys[:4] == [
        "property-learning-setting",
        "property-input",
        "property-output",
        "property-needs-beyond-data",
    ]
    assert keys[-1] == "code"


def test_only_the_rows_one_compares_are_counted_and_marked(seed_methods):
    comparison = compare(seed_methods)
    counted = {row.key for row in comparison.compared_rows}
    assert {"field", "family", "year", "type"} <= counted
    assert counted.isdisjoint(REFERENCE)
    # The three differ in group, year and type, never in what differs by nature.
    assert {"family", "year", "type"} <= differing(comparison)
    assert differing(comparison).isdisjoint(REFERENCE)
    assert len(comparison.differing_rows) < len(comparison.compared_rows)


def test_preference_optimization_differs_in_what_a_researcher_decides_on(catalog, english):
    dpo, ipo, simpo = Method.objects.for_comparison().in_order(
        list(
            Method.objects.filter(
                slug__in=[
                    "direct-preference-optimization",
                    "identity-preference-optimization",
                    "simple-preference-optimization",
                ]
            ).values_list("pk", flat=True)
        )
    )
    comparison = compare([dpo, ipo, simpo])
    rows = {row.key: row for row in comparison.rows}
    # SimPO drops the reference model that DPO and IPO keep; none needs a reward model.
    assert rows["property-needs-reference-model"].differs
    assert not rows["property-needs-reward-model"].differs
    # They share a field (DPO is also one of the large language models) and a group.
    assert not rows["field"].differs and not rows["family"].differs
    assert unlike(comparison) == ""


def test_qlora_beside_dpo_shares_field_year_and_type(seed_methods):
    qlora, dpo, _ldm = seed_methods
    assert {"year", "type", "field"}.isdisjoint(differing(compare([qlora, dpo])))


def test_a_single_method_marks_nothing(seed_methods):
    assert differing(compare(seed_methods[:1])) == set()


@pytest.mark.django_db
def test_other_names_are_shown_for_reference_never_marked():
    a = MethodFactory(aliases_en="DPO, Direct preference", aliases_vi="x")
    b = MethodFactory(aliases_en="Something else", aliases_vi="y", field=a.field)
    with translation.override("en"):
        row = next(row for row in compare([a, b]).rows if row.key == "aliases")
    assert not row.differs and not row.counted
    assert "Something else" in row.cells[1]


@pytest.mark.django_db
def test_a_property_that_does_not_apply_says_so_and_is_compared_where_it_applies(english):
    prop = Property.objects.create(
        slug="needs-a-critic",
        label_en="Needs a critic",
        label_vi="Cần critic",
        value_type="boolean",
    )
    group = FamilyFactory()
    prop.families.set([group])
    a = MethodFactory(
        family=group, characteristics={"needs-a-critic": {"value": True, "source": "§2"}}
    )
    b = MethodFactory(
        family=group, characteristics={"needs-a-critic": {"value": False, "source": "§3"}}
    )
    elsewhere = MethodFactory()
    row = next(
        r for r in compare(as_compared(a, b, elsewhere)).rows if r.key == "property-needs-a-critic"
    )
    assert row.differs
    assert "✓ yes" in row.cells[0] and "§2" in row.cells[0] and "✗ no" in row.cells[1]
    assert "not applicable" in row.cells[2]
    lone = next(
        r for r in compare(as_compared(a, elsewhere)).rows if r.key == "property-needs-a-critic"
    )
    assert not lone.counted and not lone.differs


@pytest.mark.django_db
def test_years_compare_as_numbers():
    a, b = MethodFactory(year=2020), MethodFactory(year=2020)
    assert "year" not in differing(compare([a, b]))


def as_compared(*methods) -> list[Method]:
    return Method.objects.for_comparison().in_order([m.pk for m in methods])


def test_the_seed_is_a_mixed_comparison_and_says_which_types(seed_methods, english):
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
    # A method also in the other's field is like with like.
    a.also_fields.add(other_field)
    assert unlike(compare(as_compared(a, MethodFactory(field=other_field, type=kind)))) == ""


@pytest.mark.django_db
def test_suggestions_are_the_most_connected_related_methods_not_compared(english):
    common = MethodFactory(name="Common")
    lone = [MethodFactory(name=f"Lone {i}") for i in range(7)]
    first = MethodFactory(name="First", acronym="FST", related=[common, *lone[:4]])
    second = MethodFactory(name="Second", related=[common, first, *lone[4:]])
    found = suggestions(as_compared(first, second))
    assert len(found) == 6
    assert found[0].method.pk == common.pk
    assert found[0].reason == "related to FST and Second"
    assert [s.method.name for s in found[1:]] == ["Lone 0", "Lone 1", "Lone 2", "Lone 3", "Lone 4"]
    assert found[1].reason == "related to FST"
    assert {first.pk, second.pk}.isdisjoint(s.method.pk for s in found)


@pytest.mark.django_db
def test_suggestions_offer_alternatives_and_variants_first(english):
    compared = MethodFactory(acronym="DPO")
    uses, alternative = MethodFactory(name="A user"), MethodFactory(name="Z alternative")
    Relation.objects.write(
        {(compared.pk, uses.pk): "used-by", (compared.pk, alternative.pk): "alternative-to"}
    )
    found = suggestions(as_compared(compared))
    assert [s.method.pk for s in found] == [alternative.pk, uses.pk]
    assert found[0].reason == "an alternative to or variant of DPO"


@pytest.mark.django_db
def test_suggestions_give_their_reason_in_vietnamese(vietnamese):
    common = MethodFactory(name="Common")
    compared = [MethodFactory(acronym=name, related=[common]) for name in ("QLoRA", "DPO", "LDM")]
    [found] = suggestions(as_compared(*compared))
    assert found.reason == "liên quan đến QLoRA, DPO và LDM"
