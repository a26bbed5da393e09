import factory

from methods.models import Family, Method, MethodType, ResearchField


class ResearchFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchField
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"field-{n}")
    name_vi = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"family-{n}")
    name_vi = factory.Sequence(lambda n: f"Họ {n}")
    name_en = factory.Sequence(lambda n: f"Family {n}")


class MethodTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodType
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"type-{n}")
    name_vi = factory.Sequence(lambda n: f"Loại {n}")
    name_en = factory.Sequence(lambda n: f"Type {n}")


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method
        skip_postgeneration_save = True

    name_vi = factory.Sequence(lambda n: f"Phương pháp {n}")
    name_en = factory.Sequence(lambda n: f"Method {n}")
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
