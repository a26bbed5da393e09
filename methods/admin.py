from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from methods.models import Family, Method, MethodType, ResearchField


class TaxonAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_vi", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


admin.site.register(ResearchField, TaxonAdmin)
admin.site.register(Family, TaxonAdmin)
admin.site.register(MethodType, TaxonAdmin)


class MethodAdminForm(forms.ModelForm):
    """The admin builds the form from its fieldsets; this adds the checks it cannot know."""

    def clean_related(self):
        related = self.cleaned_data["related"]
        if self.instance.pk and related.filter(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A method cannot be related to itself."))
        return related


@admin.register(Method)
class MethodAdmin(TabbedTranslationAdmin):
    form = MethodAdminForm
    list_display = [
        "name",
        "acronym",
        "year",
        "field",
        "family",
        "type",
        "originator",
        "updated_at",
    ]
    list_filter = ["field", "family", "type", "year"]
    list_select_related = ["field", "family", "type"]
    search_fields = [
        *("name", "acronym", "vietnamese_name", "aliases_vi", "aliases_en"),
        *("slug", "originator"),
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["related"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *("name", "acronym", "vietnamese_name", "slug"),
                    *("field", "family", "type", "year", "originator"),
                ]
            },
        ),
        (_("Description"), {"fields": ["aliases", "summary", "related"]}),
        (
            _("Original work"),
            {
                "fields": [
                    "work_kind",
                    "work_authors",
                    "work_title",
                    "work_venue",
                    "work_year",
                    ("work_volume", "work_number", "work_pages"),
                    "arxiv_id",
                    "doi",
                    "url",
                ]
            },
        ),
    ]
