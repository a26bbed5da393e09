import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.models import Revision, Version

from methods import characteristics, history
from methods.models import (
    CatalogRevision,
    Family,
    Method,
    MethodType,
    Property,
    Relation,
    ResearchField,
)


def when(revision: Revision) -> str:
    return formats.date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")


class HistoryAdmin(TabbedTranslationAdmin):
    """An admin whose every save is a revision (who, when, what the admin logged), with the
    object's history, a difference between any version and the present, one-click revert, and
    deleted objects to recover."""

    object_history_template = "admin/methods/history.html"
    change_list_template = "admin/methods/change_list_with_deleted.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("recover/", view(self.recover_list_view), name=f"{prefix}_recoverlist"),
            path(
                "recover/<int:version_id>/",
                view(self.recover_view),
                name=f"{prefix}_recover",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/",
                view(self.version_view),
                name=f"{prefix}_version",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        with history.revision("", user=request.user):
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        with history.revision("", user=request.user):
            return super().change_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        reversion_comment(entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        reversion_comment(entry)
        return entry

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        versions = list(history.versions_of(obj)) if obj else []
        context = {"versions": history.changes_by_version(versions), **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def version_view(self, request, object_id, version_id):
        """A version beside the present: GET shows the differences, POST puts it back."""
        obj = self.get_object(request, unquote(object_id))
        version = (
            get_object_or_404(
                Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
            )
            if obj
            else None
        )
        if version is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            comment = gettext("Reverted to the version of %(date)s") % {
                "date": when(version.revision)
            }
            return self._put_back(request, version, comment)
        changes = history.differences(
            self.model, history.content(version), history.present_content(obj)
        )
        return self._render(
            request,
            "admin/methods/version.html",
            obj,
            gettext("%(object)s: the version of %(date)s and now")
            % {"object": obj, "date": when(version.revision)},
            version=version,
            changes=changes,
            can_revert=self.has_change_permission(request, obj) and bool(changes),
        )

    def recover_list_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        deleted = Version.objects.get_deleted(self.model).select_related("revision__user")
        deletions = history.deletions(self.model, [version.object_id for version in deleted])
        return self._render(
            request,
            "admin/methods/recover_list.html",
            None,
            gettext("Deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            deleted=[(version, deletions.get(version.object_id)) for version in deleted],
            can_recover=self.has_add_permission(request),
        )

    def recover_view(self, request, version_id):
        """A deleted object's last version: GET shows it, POST brings it back."""
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise PermissionDenied
            comment = gettext("Recovered as it was on %(date)s") % {"date": when(version.revision)}
            return self._put_back(request, version, comment)
        return self._render(
            request,
            "admin/methods/recover.html",
            None,
            gettext("Recover %(object)s") % {"object": version.object_repr},
            version=version,
            changes=history.differences(self.model, {}, history.content(version)),
            can_recover=self.has_add_permission(request),
        )

    def _put_back(self, request, version, comment):
        try:
            with history.revision(comment, user=request.user):
                obj = history.restore(version)
        except history.CannotRestore as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.path)
        self.message_user(request, comment, messages.SUCCESS)
        opts = self.opts
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def _render(self, request, template, obj, title, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "object": obj,
                "title": title,
                "subtitle": None,
                **context,
            },
        )


def reversion_comment(entry) -> None:
    """The revision says what the admin logged, kept as the log keeps it (in no language):
    each reader sees it in theirs."""
    if reversion.is_active():
        reversion.set_comment(entry.change_message)


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
        history.record_unversioned(Method.objects.filter(pk__in={*before, *named}))
        super().save_related(request, form, formsets, change)
        changed = Relation.objects.mirror(method.pk, before)
        history.add([method, *Method.objects.filter(pk__in=changed)])


@admin.register(Property)
class PropertyAdmin(HistoryAdmin):
    list_display = ["label", "slug", "value_type", "position"]
    list_editable = ["position"]
    search_fields = ["label_vi", "label_en", "slug"]
    filter_horizontal = ["families"]
    prepopulated_fields = {"slug": ["label_en"]}


@admin.register(CatalogRevision)
class CatalogRevisionAdmin(admin.ModelAdmin):
    """Every revision of the catalog, newest first: editors read them and undo one as a whole
    (an importer's run, say); only a superuser may purge one."""

    list_display = ["date_created", "author", "description", "size"]
    list_display_links = ["date_created"]
    search_fields = ["comment", "user__username"]
    list_select_related = ["user"]
    ordering = ["-date_created", "-pk"]

    @admin.display(description=_("by"))
    def author(self, revision: Revision) -> str:
        return history.author(revision)

    @admin.display(description=_("comment"))
    def description(self, revision: Revision) -> str:
        names = ", ".join(v.object_repr for v in revision.version_set.all()[:3])
        return history.described(revision) or Truncator(names).chars(80)

    @admin.display(description=_("objects"))
    def size(self, revision: Revision) -> int:
        return revision.version_set.count()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_urls(self):
        undo = self.admin_site.admin_view(self.undo_view)
        return [
            path("<int:revision_id>/undo/", undo, name="methods_catalogrevision_undo"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not self.has_view_permission(request, revision):
            raise PermissionDenied
        versions = list(revision.version_set.all())
        rows = [
            {
                "version": version,
                "kind": version._model._meta.verbose_name,
                "action": _("added") if history.previous_version(version) is None else _("changed"),
                "url": version_url(version),
            }
            for version in versions
        ]
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/methods/revision.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Revision of %(date)s") % {"date": when(revision)},
                "subtitle": None,
                "revision": revision,
                "rows": rows,
                "can_undo": self.may_undo(request, versions),
            },
        )

    def may_undo(self, request, versions) -> bool:
        """Undoing changes what the revision changed and deletes what it added."""

        def allowed(version, action):
            opts = version._model._meta
            return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

        return all(
            allowed(v, "change")
            and (history.previous_version(v) is not None or allowed(v, "delete"))
            for v in versions
        )

    def undo_view(self, request, revision_id):
        if request.method != "POST":
            return redirect(reverse("admin:methods_catalogrevision_change", args=[revision_id]))
        revision = get_object_or_404(Revision, pk=revision_id)
        if not self.may_undo(request, list(revision.version_set.all())):
            raise PermissionDenied
        comment = gettext("Undid the revision of %(date)s") % {"date": when(revision)}
        try:
            with history.revision(comment, user=request.user):
                deleted = history.undo(revision)
                history.log_deleted(request.user, deleted, comment)
        except history.CannotRestore as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, comment, messages.SUCCESS)
        return redirect(reverse("admin:methods_catalogrevision_changelist"))


def version_url(version: Version) -> str:
    """Where a version is shown: beside its object, or for recovery if it was deleted."""
    opts = version._model._meta
    if version._model.objects.filter(pk=version.object_id).exists():
        name = f"admin:{opts.app_label}_{opts.model_name}_version"
        return reverse(name, args=[version.object_id, version.pk])
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])
