import pytest
from django.db.models.functions import Lower
from django.db.models.sql.compiler import SQLCompiler
from django.utils import translation

from methods.models import Method, Relation, ResearchField
from scholargate.statements import Statement

pytestmark = pytest.mark.django_db

RELATED = Statement(
    lambda slot: (
        Relation.objects.filter(from_method__in=slot("ids", many=True))
        .order_by(Lower("to_method__name"), "to_method")
        .values_list("from_method", "kind", "to_method__slug", "to_method__year")
    )
)
# Django selects a relation's column after the field's: the rows must still come in this order.
ALSO_IN = Statement(
    lambda slot: ResearchField.objects.filter(also_methods__in=slot("ids", many=True)).values_list(
        "also_methods", "pk", "slug"
    )
)
BY_SLUG = Statement(
    lambda slot: Method.objects.select_related("field", "type").filter(slug=slot("slug"))
)


def _related(ids):
    return list(
        Relation.objects.filter(from_method__in=ids)
        .order_by(Lower("to_method__name"), "to_method")
        .values_list("from_method", "kind", "to_method__slug", "to_method__year")
    )


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_statement_gives_what_its_queryset_gives_for_every_value(catalog, language):
    """The reads a page makes through a statement find what the ORM finds, whatever methods,
    how many of them, and in which language (the fields a method is also in come by name)."""
    ids = sorted(Method.objects.values_list("pk", flat=True))
    with translation.override(language):
        for chosen in ([ids[0]], ids[3:6], ids[10:13], ids[5:12], ids[::40]):
            assert RELATED.rows(ids=chosen) == _related(chosen)
            assert ALSO_IN.rows(ids=chosen) == list(
                ResearchField.objects.filter(also_methods__in=chosen).values_list(
                    "also_methods", "pk", "slug"
                )
            )
    assert any(ALSO_IN.rows(ids=ids[i : i + 9]) for i in range(0, len(ids), 9))


def test_a_statement_makes_the_instances_its_queryset_makes(catalog, vietnamese):
    for slug in ("qlora", "latent-diffusion-models", "direct-preference-optimization"):
        (method,) = BY_SLUG.objects(slug=slug)
        expected = Method.objects.select_related("field", "type").get(slug=slug)
        assert method.pk == expected.pk
        assert method.summary == expected.summary  # the page's language, through the fallback
        assert (method.field.name, method.type.name) == (expected.field.name, expected.type.name)
        assert not method._state.adding
    assert BY_SLUG.objects(slug="no-such-method") == []


def test_a_statement_is_compiled_once_per_language_and_list_length(catalog, monkeypatch):
    ids = sorted(Method.objects.values_list("pk", flat=True))
    statement = Statement(RELATED.build)
    compiled = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or as_sql(self, *a, **k)
    )
    with translation.override("en"):
        for start in range(0, 30, 3):
            assert statement.rows(ids=ids[start : start + 3]) == _related(ids[start : start + 3])
    assert len(compiled) == 1 + 10  # the statement once, the ORM's own query each time
    compiled.clear()
    with translation.override("vi"):
        statement.rows(ids=ids[:3])
        statement.rows(ids=ids[:4])
        statement.rows(ids=ids[4:8])
    assert len(compiled) == 2


def test_a_statement_counts_its_rows_and_reads_them_a_page_at_a_time(catalog):
    since = Statement(
        lambda slot: (
            Method.objects.filter(year__gte=slot("year")).sorted("name").values_list("slug")
        )
    )
    expected = list(Method.objects.filter(year__gte=1990).sorted("name").values_list("slug"))
    assert since.count(year=1990) == len(expected) > 60
    pages = [since.rows(year=1990, limit=20, offset=start) for start in range(0, 60, 20)]
    assert pages == [expected[0:20], expected[20:40], expected[40:60]]
    assert since.rows(year=1990, limit=20, offset=len(expected)) == []
    assert since.count(year=3000) == 0
    assert RELATED.count(ids=[]) == 0


def test_an_empty_list_finds_nothing_without_a_query(catalog, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert RELATED.rows(ids=[]) == []
        assert ALSO_IN.rows(ids=()) == []


def test_a_translated_field_named_without_its_language_is_refused(db):
    """modeltranslation reads such a field through a fallback a statement does not make."""
    statement = Statement(lambda slot: Method.objects.filter(slug=slot("s")).values_list("summary"))
    with pytest.raises(ValueError, match="translated fields"):
        statement.rows(s="qlora")
