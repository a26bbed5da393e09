"""The catalog's taxa: the small editor-kept lists that methods pick from (research field,
family, type), and how a translated name is stored and read, which the other models share."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField

from methods import memo
from methods.validators import validate_printable


def name_as_read() -> Coalesce:
    """A taxon's name a reader sees, to sort by: in the active language, else in the language
    it falls back to, an empty name being no name (as modeltranslation reads it). Built per
    query, since the active language is the request's."""
    active = get_language()
    codes = [active] + [code for code, _name in settings.LANGUAGES if code != active]
    return Coalesce(*(NullIf(f"name_{code}", models.Value("")) for code in codes))


def blank_translations_as_null(obj: models.Model) -> None:
    """A text not written in a language is kept as NULL, never "": modeltranslation falls back
    from either, and SQL (name_as_read) then sorts and falls back the same way."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, TranslationField) and getattr(obj, field.attname) == "":
            setattr(obj, field.attname, None)


class Taxon(models.Model):
    """A small editor-kept list that methods pick from (field, family, type)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120, validators=[validate_printable])

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        blank_translations_as_null(self)
        super().save(*args, **kwargs)


class TaxonManager(models.Manager):
    # Catalog rows are backed up with their ids, which their history refers to; backups made
    # before named them by slug, and still load.
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class ResearchField(Taxon):
    objects = TaxonManager()

    class Meta(Taxon.Meta):
        verbose_name = pgettext_lazy("research area", "field")
        verbose_name_plural = pgettext_lazy("research area", "fields")


class Family(Taxon):
    objects = TaxonManager()

    class Meta(Taxon.Meta):
        verbose_name = _("family")
        verbose_name_plural = _("families")


class MethodType(Taxon):
    objects = TaxonManager()

    class Meta(Taxon.Meta):
        verbose_name = pgettext_lazy("kind of method", "type")
        verbose_name_plural = pgettext_lazy("kind of method", "types")


def every_taxon(version: str) -> dict[type[Taxon], dict[int, Taxon]]:
    """Every field, family and type by id, read in one query once per catalog version
    (methods.memo): pages that read many methods attach them instead of joining them."""
    return memo.per_version("taxa", version, _read_taxa)


def _read_taxa() -> dict[type[Taxon], dict[int, Taxon]]:
    kinds = (ResearchField, Family, MethodType)
    # The three tables have the same columns (Taxon, and the name in each language).
    columns = [field.attname for field in ResearchField._meta.concrete_fields]
    queries = [
        model.objects.rewrite(False)
        .order_by()
        .annotate(kind=models.Value(index))
        .values_list(*columns, "kind")
        for index, model in enumerate(kinds)
    ]
    found: dict[type[Taxon], dict[int, Taxon]] = {model: {} for model in kinds}
    for *values, index in queries[0].union(*queries[1:], all=True):
        taxon = kinds[index].from_db(queries[0].db, columns, values)
        found[kinds[index]][taxon.pk] = taxon
    return found
