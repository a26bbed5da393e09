from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from methods import memo, search
from methods.models import (
    Family,
    MethodQuerySet,
    MethodType,
    ResearchField,
    Taxon,
    name_as_read,
)
from methods.models.taxa import every_taxon
from methods.selectors import Listing
from methods.validators import EARLIEST_YEAR, validate_year, year_out_of_range
from scholargate import markup

# Django's Vietnamese leaves its message for a null character in English: said in ours.
NO_NULL_CHARACTER = ProhibitNullCharactersValidator(
    message=_("Enter text without a null character.")
)


class SearchField(forms.CharField):
    """The search box: a CharField whose refusal of a null character is said in the page's
    language."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            NO_NULL_CHARACTER if isinstance(v, ProhibitNullCharactersValidator) else v
            for v in self.validators
        ]


class SlugChoiceField(forms.Field):
    """A field, family or type to filter by, which travels in the URL by slug, so links stay
    readable and stable. A slug is found among the taxa kept per catalog version (every_taxon),
    without a query of its own; and no queryset is copied with each form (a third of its
    making)."""

    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
    }
    catalog_version = ""  # the form's

    def __init__(self, model: type[Taxon], *, empty_label, **kwargs) -> None:
        super().__init__(required=False, **kwargs)
        self.model, self.empty_label = model, empty_label

    def to_python(self, value):
        if value in self.empty_values:
            return None
        # A slug with a null character is no slug: refused as any other unknown one.
        for taxon in every_taxon(self.catalog_version)[self.model].values():
            if taxon.slug == value:
                return taxon
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


def taxon_choices(model: type[Taxon], catalog_version: str) -> list[tuple[str, str]]:
    """A filter menu's options, by name in the active language. They change only with the
    catalog, so they are made once per catalog version and language (keys name nothing else)."""
    return memo.per_version(
        f"menu:{model._meta.model_name}:{get_language()}",
        catalog_version,
        lambda: [(taxon.slug, str(taxon)) for taxon in model.objects.order_by(name_as_read())],
    )


class YearField(forms.IntegerField):
    """A year to filter by. What is no number ("abc") is told the years there are, as a year
    out of range is: "Enter a whole number" said less, and read oddly in Vietnamese."""

    default_validators = [validate_year]

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise year_out_of_range() from error


class CatalogFilterForm(forms.Form):
    SORTS = {
        "name": ("name",),
        "-year": ("-year", "name"),
        "year": ("year", "name"),
    }

    # The page writes its inputs itself (methods/list.html): four menus of a dozen options
    # each, drawn by widgets on every page, cost more than the twenty cards under them.
    q = SearchField(label=_("Search"), required=False, max_length=200)
    field = SlugChoiceField(
        ResearchField,
        label=pgettext_lazy("research area", "Field"),
        empty_label=pgettext_lazy("research area", "All fields"),
    )
    family = SlugChoiceField(Family, label=_("Family"), empty_label=_("All families"))
    type = SlugChoiceField(
        MethodType,
        label=pgettext_lazy("kind of method", "Type"),
        empty_label=_("All types"),
    )
    year_from = YearField(label=_("From year"), required=False)
    year_to = YearField(label=_("To year"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("-year", _("Newest first")), ("year", _("Oldest first"))],
    )
    MENUS = ("field", "family", "type", "sort")
    FILTERS = ("field", "family", "type", "year_from", "year_to")
    earliest_year = EARLIEST_YEAR

    def __init__(self, data=None, *, catalog_version: str) -> None:
        super().__init__(data)
        self.catalog_version = catalog_version
        for name in ("field", "family", "type"):
            self.fields[name].catalog_version = catalog_version

    @property
    def latest_year(self) -> int:
        return timezone.now().year

    @cached_property
    def typed(self) -> dict[str, str]:
        """What the text boxes show again: the query, and years only where they are numbers (a
        number box shows other text empty anyway, and such a value makes the page invalid HTML;
        the error message still names it)."""
        data = self.data
        years = {
            name: text if (text := data.get(name, "")).lstrip("-").isdigit() else ""
            for name in ("year_from", "year_to")
        }
        return {"q": data.get("q", ""), **years}

    @cached_property
    def invalid(self) -> dict[str, SafeString]:
        """The attributes of each input whose value was refused: it says so, and where the
        reason is written (methods/list.html)."""
        return {
            name: markup.html(' aria-invalid="true" aria-describedby="id_{}_error"', name)
            for name in self.errors
        }

    @cached_property
    def options(self) -> dict[str, SafeString]:
        """Each menu's options with the chosen one selected, kept per menu, language, catalog
        version and choice (a few hundred at most)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        chosen = {}
        for name in self.MENUS:
            value = cleaned.get(name)
            chosen[name] = getattr(value, "slug", value) or ""
        language = get_language()
        return {
            name: memo.per_version(
                f"options:{name}:{language}:{chosen[name]}",
                self.catalog_version,
                partial(self._options, name, chosen[name]),
            )
            for name in self.MENUS
        }

    def _options(self, name: str, chosen: str) -> SafeString:
        menu = self.fields[name]
        if name == "sort":
            choices = menu.choices
        else:
            choices = [
                ("", menu.empty_label),
                *taxon_choices(menu.model, self.catalog_version),
            ]
        # An empty filter selects its "All ..." option; an empty sort, the first (by name).
        chosen = chosen or choices[0][0]
        return markup.join(
            '<option value="{}"{}>{}</option>',
            ((value, " selected" if value == chosen else "", label) for value, label in choices),
        )

    @property
    def filters_in_use(self) -> int:
        """How many filters besides the search the address sets: "Filters (2)" on a phone,
        where they are folded away, and open when any is set."""
        return sum(1 for name in self.FILTERS if self.data.get(name))

    def apply(self, methods: MethodQuerySet) -> MethodQuerySet | Listing:
        """Narrow the catalog by every valid filter; invalid ones are reported, not applied.
        Without a search, the ids listed (selectors.Listing)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data.get(name) for name in self.FILTERS}
        sort = self.SORTS[data.get("sort") or "name"]
        if not (query := data.get("q")):
            return Listing(filters, sort)
        methods = methods.search(query, self.catalog_version, self.works).listed(**filters)
        if data.get("sort") in (None, "", "name"):
            return methods  # the search's order: the best match first
        return methods.sorted(*sort)

    @cached_property
    def works(self) -> search.Works:
        """The works the search names, for its results and their cards alike."""
        return search.works(self.cleaned_data["q"], self.catalog_version)

    def offers(self, count: int) -> dict:
        """What the results offer besides methods: the field a query names, unless it is the
        filter already; when few methods match, queries a typo or two away that name some; the
        works it names, by method."""
        data = getattr(self, "cleaned_data", {})
        if not (query := data.get("q")):
            return {}
        version = self.catalog_version
        field = search.field_named(query, version)
        chosen = data.get("field")
        return {
            "field_offer": field if field and not (chosen and chosen.pk == field.pk) else None,
            "did_you_mean": search.did_you_mean(query, version) if count < search.FEW else [],
            "found_by_work": search.works_named(self.works),
        }
