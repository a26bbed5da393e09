import factory

from methods import history
from methods.models import Family, Method, MethodType, ResearchField


class CatalogFactory(factory.django.DjangoModelFactory):
    """Rows made as if already in the catalog before its history began (as the `catalog`
    fixture's are), which keeps factories fast: tests of history make their changes through
    the admin or the commands, where each change is recorded."""

    class Meta:
        abstract = True

    @classmethod
    def create(cls, **kwargs):
        with history.paused():
            return super().create(**kwargs)


class TaxonFactory(CatalogFactory):
    class Meta:
        abstract = True
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"taxon-{n}")
    name_vi = factory.Sequence(lambda n: f"Nhóm {n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")


class ResearchFieldFactory(TaxonFactory):
    class Meta:
        model = ResearchField


class FamilyFactory(TaxonFactory):
    class Meta:
        model = Family


class MethodTypeFactory(TaxonFactory):
    class Meta:
        model = MethodType


class MethodFactory(CatalogFactory):
    class Meta:
        model = Method
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Method {n}")
    slug = factory.Sequence(lambda n: f"method-{n}")
    field = factory.SubFactory(ResearchFieldFactory)
    family = factory.SubFactory(FamilyFactory)
    type = factory.SubFactory(MethodTypeFactory)
    year = 2020
    originator = "Ada Lovelace"
    aliases_vi = "PP"
    aliases_en = "M"
    summary_vi = "Một phương pháp để thử."
    summary_en = "A method for testing."
    work_kind = Method.WorkKind.ARTICLE
    work_authors = "Lovelace, Ada\nBabbage, Charles"
    work_title = "Notes on a method"
    work_venue = "Journal of Tests"
    work_year = 2020
    arxiv_id = "2001.00001"

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        if create and extracted:
            self.related.add(*extracted)
