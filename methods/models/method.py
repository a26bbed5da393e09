"""The methods themselves: the model, its queries (search, names, listings), and the naming
shared with the light values pages read instead of whole rows (Brief)."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import F
from django.db.models.functions import Lower
from django.urls import get_script_prefix, reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualQuerySet

from methods import memo, names, search
from methods.citations import Work
from methods.models.taxa import (
    Family,
    MethodType,
    ResearchField,
    blank_translations_as_null,
    every_taxon,
)
from methods.names import NAME_FIELDS
from methods.text import fold, folded_lines, split_aliases
from methods.validators import (
    control_character,
    validate_arxiv_id,
    validate_doi,
    validate_printable,
    validate_year,
)
from scholargate import markup
from scholargate.statements import Statement

SEARCH_COLUMNS = {f"search_text_{code}" for code, _name in settings.LANGUAGES}
UNSHOWN_FIELDS = [*sorted(SEARCH_COLUMNS), "folded_names"]


class Likely(models.ExpressionWrapper):
    """A condition that SQLite's planner is told holds for most rows (its likely()), so that it
    walks the index in the page's order, skipping the methods it leaves out, rather than
    sorting all those it keeps: its own guess took a year range, a field or a type for a few
    methods, and a page deep in 10,000 methods filtered by 1950-2025 read and sorted 9,000 rows
    (10 ms; walking the name's index, 0.6 ms), one of a large type by year 10,000 (19 ms; 0.3).
    Walking an index costs 0.5 ms at most at 10,000 methods. Elsewhere the condition as it
    is."""

    def __init__(self, condition: models.Q) -> None:
        super().__init__(condition, output_field=models.BooleanField())

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.expression)
        return f"likely({sql})", params


class MethodQuerySet(MultilingualQuerySet):
    # Pickled as any queryset: modeltranslation's way remakes the subclass it would have made.
    __reduce__ = models.QuerySet.__reduce__

    def search(
        self, query: str, version: str | None = None, named: "search.Works | None" = None
    ) -> "MethodQuerySet":
        """The methods matching a query, best first (methods.search); `version`, the catalog's
        token, and `named`, the works the query names, when the caller has them already."""
        return search.search(self, query, version, named)

    def sorted(self, *fields: str) -> "MethodQuerySet":
        """Order by these fields, where "name" sorts regardless of case (k-means among the Ks)."""
        by_name = {"name": Lower("name").asc(), "-name": Lower("name").desc()}
        return self.order_by(*(by_name.get(f, f) for f in fields))

    def listed(
        self, *, field=None, family=None, type=None, year_from=None, year_to=None
    ) -> "MethodQuerySet":
        """The methods in this field (its own or one it is also listed in), family and type,
        first published within these years; None filters by nothing."""
        conditions = models.Q()
        if field is not None:
            # A subquery, so no method is listed twice. Not correlated (EXISTS): SQLite then
            # reads both through their indexes instead of testing every method, 140 → 11 ms
            # for a page of a field at 10,000 methods.
            also = Method.also_fields.through.objects.filter(researchfield=field)
            conditions &= models.Q(Likely(models.Q(field=field))) | models.Q(
                pk__in=also.values("method_id")
            )
        if family is not None:
            conditions &= models.Q(family=family)
        if type is not None:
            conditions &= models.Q(Likely(models.Q(type=type)))
        if year_from is not None:
            conditions &= models.Q(Likely(models.Q(year__gte=year_from)))
        if year_to is not None:
            conditions &= models.Q(Likely(models.Q(year__lte=year_to)))
        return self.filter(conditions)

    def named(self) -> "MethodQuerySet":
        """Just what it takes to name a method and link to it."""
        return self.only("slug", *NAME_FIELDS)

    def for_listing(self) -> "MethodQuerySet":
        # The search texts repeat the rest and are never shown.
        return self.select_related("field", "family", "type").defer(*UNSHOWN_FIELDS)

    def for_comparison(self) -> "MethodQuerySet":
        # Related methods are read apart, as light values (Method.read_related).
        return self.for_listing().prefetch_related("also_fields")

    def compared(self, ids: list[int], version: str) -> dict[int, "Method"]:
        """The methods with these ids, by id, as a comparison shows them, in three queries
        whatever their number: each with its field, family and type (from every_taxon, kept
        per catalog `version`), the fields it is also in, by name, and its related methods."""
        taxa = every_taxon(version)
        found = {method.pk: method for method in _COMPARED.objects(ids=list(ids))}
        also: dict[int, list] = {pk: [] for pk in found}
        for method_id, field_id in _ALSO_FIELDS_OF.rows(ids=list(found)):
            also[method_id].append(taxa[ResearchField].get(field_id))
        for method in found.values():
            for name, model in (("field", ResearchField), ("family", Family), ("type", MethodType)):
                # One made since `version` was read is read with the method, when asked for.
                if taxon := taxa[model].get(getattr(method, f"{name}_id")):
                    setattr(method, name, taxon)
            if None not in also[method.pk]:
                method.__dict__["also_field_list"] = also[method.pk]
        Method.read_related(list(found.values()))
        return found

    def most_connected(self) -> "MethodQuerySet":
        """Methods with the most related methods first: good starting points."""
        return self.annotate(connections=models.Count("related")).sorted("-connections", "name")

    def starting_points(self, count: int = 6) -> list["Method"]:
        """The `count` most connected methods, named. Ranking them counts every relation of the
        catalog (75 ms at 10,000 methods), so they are kept per catalog version."""
        # The models defined after Method are imported where used: imported above, they would
        # be registered before it, and Django lists an app's models in the order they were
        # registered (dumpdata, so backups; the tests' copy of the catalog).
        from methods.models.catalog_version import CatalogVersion

        key = f"starting-points:{count}:{CatalogVersion.current().token}"
        return cache.get_or_set(key, lambda: list(self.most_connected().named()[:count]))

    def by_name(self, names: list[str]) -> dict[str, "Method"]:
        """The methods these names stand for (Method.ids_by_name), from this queryset."""
        from methods.models.catalog_version import CatalogVersion  # see starting_points

        ids = Method.ids_by_name(names, CatalogVersion.current().token)
        by_id = self.in_bulk(set(ids.values()))
        return {name: by_id[pk] for name, pk in ids.items() if pk in by_id}

    def names_taken(self, candidates: Iterable[str]) -> names.Taken:
        """Which of these names a method here is already called, in any case, as the rule for
        names reads them (methods.names): {name, case folded: (method, field)}."""
        # A name with a control character is refused by its field (and PostgreSQL would refuse
        # to look it up).
        wanted = {n.lower() for n in candidates if n and control_character(n) is None}
        if not wanted:
            return {}
        lookups = [models.Q(**{f"{field}_key__in": wanted}) for field in NAME_FIELDS]
        keys = {f"{field}_key": Lower(field) for field in NAME_FIELDS}
        found = self.alias(**keys).filter(reduce(or_, lookups)).named()
        return {
            names.key(value): (method, field)
            for method in found
            for field in NAME_FIELDS
            if (value := getattr(method, field))
        }

    def in_order(self, ids: list[int]) -> list["Method"]:
        """The methods with these ids, in the order given; missing ids are skipped."""
        by_id = {method.pk: method for method in self.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


class MethodManager(models.Manager.from_queryset(MethodQuerySet)):
    def get_queryset(self) -> MethodQuerySet:
        # Multilingual already, so modeltranslation takes it as it is: given any other queryset
        # class, it makes a new subclass of it on every call (a quarter of a millisecond).
        return MethodQuerySet(self.model, using=self._db, hints=self._hints)

    # See TaxonManager.
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


@lru_cache(maxsize=16)
def _detail_address(language: str, prefix: str) -> tuple[str, str]:
    head, _placeholder, tail = reverse("methods:detail", kwargs={"slug": "-"}).rpartition("-")
    return head, tail


def method_url(slug: str) -> str:
    """A method's page, from one reverse() per language: a page links dozens of methods, and a
    slug is a path segment that needs no quoting."""
    head, tail = _detail_address(get_language(), get_script_prefix())
    return f"{head}{slug}{tail}"


class Naming:
    """How a method is named, from its name, acronym, Vietnamese name and year, and where its
    page is: shared by the model and the light values pages read (methods.selectors)."""

    @property
    def page_url(self) -> str:
        return method_url(self.slug)

    @property
    def display_name(self) -> str:
        """How a method is named everywhere: "Direct Preference Optimization (DPO)"."""
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def dated_name(self) -> str:
        """A drawing's tooltip for a method: "Latent Diffusion Models (LDM), 2022"."""
        return f"{self.display_name}, {self.year}"

    @property
    def short_name(self) -> str:
        """What a drawing labels a method with, where space is short: "DPO", "QLoRA"."""
        return self.acronym or self.name

    @property
    def local_name(self) -> str:
        """The Vietnamese name, on Vietnamese pages only (English pages show the original)."""
        return self.vietnamese_name if get_language() == "vi" else ""

    @property
    def name_html(self) -> SafeString:
        """A method as named everywhere: "Latent Diffusion Models (LDM)", then on Vietnamese
        pages its Vietnamese name, where it has one (on a line of its own, site.css)."""
        if local := self.local_name:
            return markup.html(
                '{} <span class="local-name" lang="vi">{}</span>', self.display_name, local
            )
        return markup.html("{}", self.display_name)


@dataclass(frozen=True)
class Brief(Naming):
    """A method as a link or a drawing names it, read as light values (never a whole row)."""

    pk: int
    slug: str
    name: str
    acronym: str
    vietnamese_name: str
    year: int


BRIEF_FIELDS = ("pk", "slug", *NAME_FIELDS, "year")


def _read_names() -> tuple[dict[str, int], dict[str, int]]:
    slugs, acronyms = {}, {}
    for pk, slug, acronym in Method.objects.order_by().values_list("pk", "slug", "acronym"):
        slugs[slug] = pk
        if acronym:
            acronyms[acronym.lower()] = pk
    return slugs, acronyms


class Method(Naming, models.Model):
    class WorkKind(models.TextChoices):
        ARTICLE = "article", _("journal article")
        INPROCEEDINGS = "inproceedings", _("conference paper")
        PREPRINT = "preprint", _("preprint")
        BOOK = "book", _("book")

    name = models.CharField(
        _("name"),
        max_length=200,
        validators=[validate_printable],
        help_text=_("As published, in its original language: “Direct Preference Optimization”."),
    )
    acronym = models.CharField(
        _("acronym"),
        max_length=40,
        blank=True,
        validators=[validate_printable],
        help_text=_("The short name researchers use, as “DPO”; blank when the name is short."),
    )
    vietnamese_name = models.CharField(
        _("Vietnamese name"),
        max_length=200,
        blank=True,
        validators=[validate_printable],
        help_text=_(
            "Only an established Vietnamese term, in sentence case, as “Rừng ngẫu nhiên”; "
            "blank when Vietnamese researchers say the original name."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        # Admin help texts are HTML: no angle brackets.
        help_text=_("The last part of the method's address, as “qlora” in /methods/qlora/."),
    )
    field = models.ForeignKey(
        ResearchField,
        models.PROTECT,
        related_name="methods",
        verbose_name=pgettext_lazy("research area", "field"),
    )
    family = models.ForeignKey(
        Family, models.PROTECT, related_name="methods", verbose_name=_("family")
    )
    type = models.ForeignKey(
        MethodType,
        models.PROTECT,
        related_name="methods",
        verbose_name=pgettext_lazy("kind of method", "type"),
    )
    year = models.PositiveSmallIntegerField(_("year introduced"), validators=[validate_year])
    originator = models.CharField(
        _("originator"), max_length=200, blank=True, validators=[validate_printable]
    )
    aliases = models.CharField(
        _("also known as"),
        max_length=500,
        blank=True,
        help_text=_("Separate names with commas."),
        validators=[validate_printable],
    )
    summary = models.TextField(_("summary"), validators=[validate_printable])
    also_fields = models.ManyToManyField(
        ResearchField,
        blank=True,
        related_name="also_methods",
        verbose_name=_("also in fields"),
        help_text=_("Other fields researchers look for it in; the field above is shown first."),
    )
    related = models.ManyToManyField(
        "self",
        through="Relation",
        through_fields=("from_method", "to_method"),
        symmetrical=True,
        blank=True,
        verbose_name=_("related methods"),
    )
    # What a researcher decides on, by the vocabulary of Property: {property slug: {"value": ...,
    # "source": where the original work states it}} (methods.characteristics checks it).
    characteristics = models.JSONField(_("characteristics"), default=dict, blank=True)
    # Where to run it: [{"kind": "official" or "library", "name", "path", "url"}].
    code = models.JSONField(_("code"), default=list, blank=True)

    work_kind = models.CharField(
        _("kind of work"), max_length=20, choices=WorkKind, default=WorkKind.ARTICLE
    )
    work_authors = models.TextField(
        _("authors"),
        blank=True,
        help_text=_("One author per line, as “Family, Given”."),
        validators=[validate_printable],
    )
    work_title = models.CharField(_("title"), max_length=500, validators=[validate_printable])
    work_venue = models.CharField(
        _("venue"),
        max_length=300,
        blank=True,
        help_text=_("Journal, proceedings or publisher."),
        validators=[validate_printable],
    )
    work_year = models.PositiveSmallIntegerField(_("year published"), validators=[validate_year])
    work_volume = models.CharField(
        pgettext_lazy("of a journal", "volume"),
        max_length=40,
        blank=True,
        validators=[validate_printable],
    )
    work_number = models.CharField(
        pgettext_lazy("of a journal", "issue"),
        max_length=40,
        blank=True,
        validators=[validate_printable],
    )
    work_pages = models.CharField(
        _("pages"), max_length=40, blank=True, validators=[validate_printable]
    )
    arxiv_id = models.CharField(
        _("arXiv identifier"), max_length=40, blank=True, validators=[validate_arxiv_id]
    )
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])
    url = models.URLField(_("link"), max_length=500, blank=True)

    # Per page language: the folded names and aliases of every language, the originator and
    # the summary in that language (see methods.translation).
    search_text = models.TextField(editable=False, blank=True)
    # Every name the method goes by (name, acronym, Vietnamese name, aliases), folded, one per
    # line: what search ranks first when it matches.
    folded_names = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MethodManager()

    class Meta:
        ordering = [Lower("name")]
        # The catalog's orders, alone and within each filter, so a page is read off an index
        # instead of sorting the whole catalog. The year (and within a field, the type) ride
        # along, so counting a filtered catalog reads the index alone, never the rows.
        # One index per order the catalog is listed in and per filter it is narrowed by, each
        # holding every column the filters test: a page and its count read the index alone,
        # never the rows (long texts, a page apart each), which made filtered pages of a large
        # catalog slow.
        indexes = [
            models.Index(
                Lower("name"), "year", "field", "type", "family", name="method_name_listing"
            ),
            models.Index(
                "year", Lower("name"), "field", "type", "family", name="method_year_listing"
            ),
            models.Index(
                F("year").desc(),
                Lower("name"),
                "field",
                "type",
                "family",
                name="method_newest_listing",
            ),
            models.Index(
                "field", Lower("name"), "type", "year", "family", name="method_field_listing"
            ),
            models.Index(
                "family", Lower("name"), "year", "field", "type", name="method_family_listing"
            ),
            models.Index(
                "type", Lower("name"), "year", "field", "family", name="method_type_listing"
            ),
        ]
        # Each name finds one method, in any case (methods.names); a name repeated across
        # columns (one method's acronym, another's name) is the rule's to refuse. Each index
        # covers the names that are there, even the name's, which is never empty: SQLite listed
        # the catalog by name off a whole-column one, reading every method's row instead of
        # method_name_listing (a page deep in 10,000 methods filtered by year: 12 ms, not 0.5).
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="method_has_a_name"),
            *(
                models.UniqueConstraint(
                    Lower(field),
                    condition=~models.Q(**{field: ""}),
                    name=f"method_{field}_once_in_any_case",
                )
                for field in ("name", "acronym", "vietnamese_name")
            ),
        ]
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_text()
        blank_translations_as_null(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.page_url

    @staticmethod
    def addresses(methods: list["Method"]) -> dict[int, str]:
        """Each method's page by id, the language's address read once (drawings link a hundred
        methods)."""
        head, tail = _detail_address(get_language(), get_script_prefix())
        return {m.pk: f"{head}{m.slug}{tail}" for m in methods}

    @staticmethod
    def ids_by_name(names: list[str], version: str) -> dict[str, int]:
        """The ids of the methods these names stand for, as people type them in an address: a
        slug or, failing that, an acronym (which no two methods share), in any case ("DDPM",
        "ControlNet"). A name that stands for none is left out. Looked up in every method's slug
        and acronym, read once per catalog version (methods.memo): an address costs no query."""
        slugs, acronyms = memo.per_version("method-names", version, _read_names)
        found = {}
        for name in names:
            lower = name.lower()
            if pk := slugs.get(name) or slugs.get(lower) or acronyms.get(lower):
                found[name] = pk
        return found

    def validate_constraints(self, exclude=None) -> None:
        # The names' constraints were checked by clean() (the rule for names), with messages
        # naming the other method: asking the database again would cost a query each.
        super().validate_constraints(exclude={*(exclude or ()), *NAME_FIELDS})

    def clean(self, taken: names.Taken | None = None) -> None:
        """`taken`: the names other methods have. Read from the database unless a loader that
        checks many methods at once passes what it read once; this method's names are then
        added to it, so that the methods after it cannot take them."""
        errors = self._name_errors(taken) | self._alias_errors()
        if not (self.arxiv_id or self.doi or self.url):
            errors["url"] = _("Give the original work's arXiv identifier, DOI or a link.")
        if errors:
            raise ValidationError(errors)

    def _name_errors(self, taken: names.Taken | None) -> dict:
        """Each name finds one method: the name, acronym and Vietnamese name may be no other
        method's name, acronym or Vietnamese name, and the last two add to the name."""
        errors = {}
        name, acronym = self.name.casefold(), self.acronym.casefold()
        if acronym and acronym == name:
            errors["acronym"] = _("The acronym repeats the name: leave it blank.")
        if self.vietnamese_name and self.vietnamese_name.casefold() in {name, acronym}:
            errors["vietnamese_name"] = _(
                "The Vietnamese name repeats the name or the acronym: leave it blank."
            )
        own = {field: getattr(self, field) for field in NAME_FIELDS}
        if taken is None:
            taken = Method.objects.exclude(pk=self.pk).names_taken(own.values())
        # Named by what a reader sees (a method not yet saved has no id to be named by).
        refused = names.clashes([(str(self), own)], taken).get(str(self), {})
        errors |= {field: message for field, message in refused.items() if field not in errors}
        return errors

    def _alias_errors(self) -> dict:
        """An alias is another name: never the method's own name, acronym or Vietnamese name."""
        own = {getattr(self, field).casefold() for field in NAME_FIELDS}
        errors = {}
        for code, _label in settings.LANGUAGES:
            field = f"aliases_{code}"
            aliases = split_aliases(getattr(self, field) or "")
            if repeated := next((a for a in aliases if a.casefold() in own), None):
                errors[field] = _(
                    "“%(alias)s” is already this method's own name: aliases are its other names."
                ) % {"alias": repeated}
        return errors

    @property
    def alias_list(self) -> list[str]:
        """Its other names on this page. Vietnamese pages fall back to English aliases, the names
        Vietnamese researchers also read; a Vietnamese alias tells an English reader nothing."""
        language = get_language()
        aliases = self.aliases if language == "vi" else getattr(self, f"aliases_{language}", "")
        return split_aliases(aliases or "")

    @cached_property
    def also_field_list(self) -> list[ResearchField]:
        """The other fields it is in, by name. A page showing several methods reads them all
        at once first (MethodQuerySet.compared, or a prefetch)."""
        if "also_fields" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.also_fields.all())
        return _ALSO_FIELDS.objects(method=self.pk)

    @property
    def also_field_ids(self) -> set[int]:
        return {field.pk for field in self.also_field_list}

    @property
    def also_field_names(self) -> list[str]:
        return [field.name for field in self.also_field_list]

    @cached_property
    def related_briefs(self) -> list[tuple[str, Brief]]:
        """Its related methods by name, each with how it relates ("variant", "" when not typed
        yet), as light values. A page showing several methods reads them all at once first
        (read_related)."""
        Method.read_related([self])
        return self.__dict__["related_briefs"]

    @staticmethod
    def read_related(methods: list["Method"]) -> None:
        """The related methods of all these methods that have not read them yet, in one query
        of plain columns (a comparison keeps them with each method: compare.comparison.read)."""
        waiting = [m for m in methods if "related_briefs" not in m.__dict__]
        if not waiting:
            return
        read: dict[int, list] = {m.pk: [] for m in waiting}
        for method_id, kind, *values in _RELATED.rows(ids=list(read)):
            read[method_id].append((kind, Brief(*values)))
        for method in waiting:
            method.__dict__["related_briefs"] = read[method.pk]

    @property
    def relation_kinds(self) -> dict[int, str]:
        """How it relates to each related method, by the other's id."""
        return {other.pk: kind for kind, other in self.related_briefs}

    @property
    def related_by_kind(self) -> dict[str, list[Brief]]:
        """Its related methods under the heading of their kind ("Variant of"), in the order of
        the kinds, untyped ones last ("Related")."""
        from methods.models.relations import Relation  # see MethodQuerySet.starting_points

        return Relation.grouped(self.related_briefs)

    @property
    def work(self) -> Work:
        return Work(
            kind=self.work_kind,
            authors=[line.strip() for line in self.work_authors.splitlines() if line.strip()],
            title=self.work_title,
            venue=self.work_venue,
            year=self.work_year,
            volume=self.work_volume,
            number=self.work_number,
            pages=self.work_pages,
            arxiv_id=self.arxiv_id,
            doi=self.doi,
            url=self.url,
        )

    def refresh_search_text(self) -> None:
        names = [getattr(self, field) for field in NAME_FIELDS]
        codes = [code for code, _label in settings.LANGUAGES]
        aliases = [getattr(self, f"aliases_{code}") for code in codes]
        self.folded_names = folded_lines(
            [*names, *(alias for text in aliases for alias in split_aliases(text or ""))]
        )
        # Each language's text holds that language's summary alone: a search reads both, so
        # repeating a missing one from the other language would only make it slower.
        for code in codes:
            parts = [*names, *aliases, self.originator, getattr(self, f"summary_{code}")]
            setattr(self, f"search_text_{code}", fold(" ".join(p for p in parts if p)))

    def missing_languages(self, field_name: str) -> list[str]:
        """Languages in which an editor has not written this field yet."""
        return [
            code for code, _label in settings.LANGUAGES if not getattr(self, f"{field_name}_{code}")
        ]

    def shown_language(self, field_name: str) -> str:
        """The language the active page really shows for this field (after fallback)."""
        active = get_language()
        if getattr(self, f"{field_name}_{active}", ""):
            return active
        for code, _label in settings.LANGUAGES:
            if getattr(self, f"{field_name}_{code}", ""):
                return code
        return active


# The reads every method page and comparison makes, compiled once (scholargate.statements).
_COMPARED = Statement(
    lambda slot: Method.objects.defer(*UNSHOWN_FIELDS).filter(pk__in=slot("ids", many=True))
)
_ALSO_FIELDS = Statement(lambda slot: ResearchField.objects.filter(also_methods=slot("method")))
_ALSO_FIELDS_OF = Statement(
    lambda slot: ResearchField.objects.filter(also_methods__in=slot("ids", many=True)).values_list(
        "also_methods", "pk"
    )
)


def _related_rows(slot):
    from methods.models.relations import Relation  # see MethodQuerySet.starting_points

    return (
        Relation.objects.filter(from_method__in=slot("ids", many=True))
        .order_by(Lower("to_method__name"), "to_method")
        .values_list("from_method", "kind", *(f"to_method__{name}" for name in BRIEF_FIELDS))
    )


_RELATED = Statement(_related_rows)
