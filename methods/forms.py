from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from methods import search
from methods.models import (
    CatalogVersion,
    Family,
    Method,
    MethodQuerySet,
    MethodType,
    ResearchField,
    Taxon,
    name_as_read,
)
from methods.validators import EARLIEST_YEAR, validate_year


class Menu(forms.Select):
    """A menu drawn in one go: the catalog draws four on every page, and a template per option
    made them most of its rendering time."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group, _index in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


class SlugChoiceField(forms.ModelChoiceField):
    """Filters travel in the URL by slug, so links stay readable and stable."""

    widget = Menu

    def __init__(self, queryset, **kwargs) -> None:
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)


def taxon_choices(model: type[Taxon], catalog_version: str) -> list[tuple[str, str]]:
    """A filter menu's options, by name in the active language. They change only with the
    catalog, so they are made once per catalog version and language (keys name nothing else)."""
    key = f"menu:{model._meta.model_name}:{get_language()}:{catalog_version}"
    return cache.get_or_set(
        key, lambda: [(taxon.slug, str(taxon)) for taxon in model.objects.order_by(name_as_read())]
    )


class YearInput(forms.NumberInput):
    """A number box never echoes text that is not a number: the browser would show it empty
    anyway, and such a value makes the page invalid HTML. The error message still names it."""

    def format_value(self, value):
        text = super().format_value(value)
        return text if text is None or text.lstrip("-").isdigit() else None


class CatalogFilterForm(forms.Form):
    SORTS = {
        "name": ("name",),
        "-year": ("-year", "name"),
        "year": ("year", "name"),
    }

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                # Short enough for a phone's box; the label says what it searches.
                "placeholder": _("e.g. DPO, regression, t-SNE"),
            }
        ),
    )
    field = SlugChoiceField(
        ResearchField.objects.all(),
        label=pgettext_lazy("research area", "Field"),
        empty_label=pgettext_lazy("research area", "All fields"),
    )
    family = SlugChoiceField(Family.objects.all(), label=_("Family"), empty_label=_("All families"))
    type = SlugChoiceField(
        MethodType.objects.all(),
        label=pgettext_lazy("kind of method", "Type"),
        empty_label=_("All types"),
    )
    year_from = forms.IntegerField(
        label=_("From year"), required=False, validators=[validate_year], widget=YearInput
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, validators=[validate_year], widget=YearInput
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("-year", _("Newest first")), ("year", _("Oldest first"))],
        widget=Menu,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.catalog_version = version = CatalogVersion.current().token
        for name in ("field", "family", "type"):
            menu = self.fields[name]
            menu.choices = [("", menu.empty_label), *taxon_choices(menu.queryset.model, version)]
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs.update(min=EARLIEST_YEAR, max=timezone.now().year)

    @property
    def filters_in_use(self) -> int:
        """How many filters besides the search the address sets: "Filters (2)" on a phone,
        where they are folded away, and open when any is set."""
        return sum(
            1 for name in ("field", "family", "type", "year_from", "year_to") if self.data.get(name)
        )

    def apply(self, methods: MethodQuerySet) -> MethodQuerySet:
        """Narrow the catalog by every valid filter; invalid ones are reported, not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if query := data.get("q"):
            methods = methods.search(query, self.catalog_version)
        filters = Q()
        if data.get("field"):
            # A method is in its field and in the fields it is also listed in (DPO among the
            # large language models); a subquery, so no method is listed twice.
            also = Method.also_fields.through.objects.filter(
                method=OuterRef("pk"), researchfield=data["field"]
            )
            filters &= Q(field=data["field"]) | Q(Exists(also))
        for name in ("family", "type"):
            if data.get(name):
                filters &= Q(**{name: data[name]})
        if data.get("year_from"):
            filters &= Q(year__gte=data["year_from"])
        if data.get("year_to"):
            filters &= Q(year__lte=data["year_to"])
        methods = methods.filter(filters)
        sort = data.get("sort") or "name"
        if query and sort == "name":
            return methods  # the search's order: the best match first
        return methods.sorted(*self.SORTS[sort])

    def offers(self, count: int) -> dict:
        """What the results offer besides methods: the field a query names, unless it is the
        filter already; when few methods match, queries a typo or two away that name some."""
        data = getattr(self, "cleaned_data", {})
        if not (query := data.get("q")):
            return {}
        version = self.catalog_version
        field = search.field_named(query, version)
        chosen = data.get("field")
        return {
            "field_offer": field if field and not (chosen and chosen.pk == field.pk) else None,
            "did_you_mean": search.did_you_mean(query, version) if count < search.FEW else [],
        }
