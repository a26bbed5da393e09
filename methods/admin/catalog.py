from django import forms
from django.contrib import admin
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from methods import characteristics, history, services
from methods.admin.history import HistoryAdmin
from methods.models import Family, Method, MethodType, Property, Relation, ResearchField


class TaxonAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_vi", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


admin.site.register(ResearchField, TaxonAdmin)
admin.site.register(Family, TaxonAdmin)
admin.site.register(MethodType, TaxonAdmin)


class MethodAdminForm(forms.ModelForm):
    """The admin builds the form from its fieldsets; this adds the checks it cannot know, and
    refuses to overwrite a change someone else saved since the form was opened."""

    # When the method last changed as the editor saw it.
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_updated_at"].initial = self.instance.updated_at.isoformat()

    def clean_characteristics(self):
        values = self.cleaned_data["characteristics"]
        family = self.cleaned_data.get("family")
        if problems := characteristics.check(
            values, characteristics.vocabulary(), family.pk if family else None
        ):
            raise forms.ValidationError(problems)
        return values

    def clean_code(self):
        entries = self.cleaned_data["code"]
        if problems := characteristics.check_code(entries):
            raise forms.ValidationError(problems)
        return entries

    def clean(self):
        cleaned_data = super().clean()
        # Browsers send a text area's lines with CRLF: kept as typed, an untouched list of
        # authors would read as changed in the history.
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                cleaned_data[name] = value.replace("\r\n", "\n")
        if self.instance.pk:
            # Read with the method's row locked until the admin's transaction ends with the
            # save: of two editors saving at once, the second waits here and sees the first's
            # change (the page was read before, without the lock).
            latest = (
                Method.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if latest is None:
                raise forms.ValidationError(
                    _("Someone deleted this method after you opened it; nothing was saved."),
                    code="deleted_since_opened",
                )
            self.instance.updated_at = latest
            present = latest.isoformat()
            if cleaned_data.get("seen_updated_at") != present:
                self._refuse_overwrite(cleaned_data.get("seen_updated_at"), present)
        return cleaned_data

    def _refuse_overwrite(self, seen: str | None, present: str) -> None:
        method = self.instance
        latest = history.versions_of(method).first()
        who = history.author(latest.revision) if latest else "—"
        seen_at = parse_datetime(seen or "")
        seen_version = history.version_seen(method, seen_at) if seen_at else None
        changes = (
            history.differences(
                Method, history.content(seen_version), history.present_content(method)
            )
            if seen_version
            else []
        )
        # The editor has now seen the present state: saving again is their decision.
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_updated_at")] = present
        explanation = _(
            "%(who)s changed this method on %(date)s, after you opened it, and nothing was saved. "
            "Your edits are still in the form. Saving again replaces their values with yours; "
            "to keep theirs, reload the page instead."
        ) % {
            "who": _("someone") if who == "—" else who,
            "date": formats.date_format(timezone.localtime(method.updated_at), "DATETIME_FORMAT"),
        }
        changed = [_("They changed %(change)s") % {"change": history.summarize(c)} for c in changes]
        raise forms.ValidationError([explanation, *changed], code="changed_since_opened")


class RelationForm(forms.ModelForm):
    def clean_to_method(self):
        other = self.cleaned_data["to_method"]
        # The constraint says so too, but the form leaves the method's own side out of its checks.
        if other is not None and other.pk == self.instance.from_method_id:
            raise forms.ValidationError(_("A method cannot be related to itself."))
        return other


class RelationInline(admin.StackedInline):
    """A method's relations from its own side; saving writes the other side's inverse. Stacked:
    each field has its label (the tabular layout leaves the row's boxes unnamed)."""

    model = Relation
    form = RelationForm
    # Relations are part of the method: whoever may change it may change them.
    fk_name = "from_method"
    fields = ["kind", "to_method"]
    autocomplete_fields = ["to_method"]
    extra = 1
    verbose_name = _("related method")
    verbose_name_plural = _("related methods")

    def has_add_permission(self, request, obj=None) -> bool:
        return self.parent_change(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.parent_change(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.parent_change(request, obj)

    def parent_change(self, request, obj) -> bool:
        perm = "change_method" if obj is not None else "add_method"
        return request.user.has_perm(f"methods.{perm}")


@admin.register(Method)
class MethodAdmin(HistoryAdmin):
    form = MethodAdminForm
    inlines = [RelationInline]
    autocomplete_fields = ["also_fields"]
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
        (_("Description"), {"fields": ["also_fields", "aliases", "summary"]}),
        (
            _("Characteristics and code"),
            {
                "fields": ["characteristics", "code"],
                "description": _(
                    "Characteristics: {“property”: {“value”: …, “source”: “§4”}}, for the "
                    "properties that apply to the method's group (listed under Properties); a "
                    "text value in both languages, {“vi”: …, “en”: …}. Code: a list of "
                    "{“kind”: “official” or “library”, “name”, “path”, “url”}."
                ),
            },
        ),
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

    def save_related(self, request, form, formsets, change):
        """The relations the form saved from this side are written on the other side too, each
        method changed kept in the revision as it now is."""
        method = form.instance
        before = dict(method.relations.values_list("to_method", "kind"))
        named = {
            other.pk
            for formset in formsets
            for row in formset.forms
            if (other := row.cleaned_data.get("to_method"))
        }
        services.keep_state_before(Method.objects.filter(pk__in={*before, *named}))
        super().save_related(request, form, formsets, change)
        changed = Relation.objects.mirror(method.pk, before)
        services.saved(Method.objects.filter(pk__in=changed))


@admin.register(Property)
class PropertyAdmin(HistoryAdmin):
    list_display = ["label", "slug", "value_type", "position"]
    list_editable = ["position"]
    search_fields = ["label_vi", "label_en", "slug"]
    filter_horizontal = ["families"]
    prepopulated_fields = {"slug": ["label_en"]}
