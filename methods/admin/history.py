from contextlib import contextmanager

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin
from reversion.models import Version

from methods import history, services


class HistoryAdmin(VersionAdmin, TabbedTranslationAdmin):
    """django-reversion's admin, writing through methods.services (a save is one catalog write),
    with what it lacks: the difference between any version and the present, revert and recover
    through the catalog's own restore, and who deleted each object in the list to recover."""

    object_history_template = "admin/methods/history.html"
    change_list_template = "admin/methods/change_list_with_deleted.html"

    def reversion_register(self, model, **kwargs) -> None:
        """Nothing: MethodsConfig.ready() registers the catalog, with the fields history keeps."""

    @contextmanager
    def create_revision(self, request):
        # Only a POST writes: a page that is only read takes no write lock.
        if request.method != "POST":
            yield
            return
        with services.catalog_write("", user=request.user):
            yield

    def delete_view(self, request, object_id, extra_context=None):
        with self.create_revision(request):
            return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            services.keep_state_before(self.model.objects.filter(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.saved([form.instance])

    def delete_model(self, request, obj) -> None:
        services.keep_state_before(self.model.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        services.changed()

    def delete_queryset(self, request, queryset) -> None:
        services.keep_state_before(queryset)
        super().delete_queryset(request, queryset)
        services.changed()

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

    def revision_view(self, request, object_id, version_id, extra_context=None):
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
                "date": history.dated(version.revision)
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
            % {"object": obj, "date": history.dated(version.revision)},
            version=version,
            changes=changes,
            can_revert=self.has_change_permission(request, obj) and bool(changes),
        )

    def recoverlist_view(self, request, extra_context=None):
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

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted object's last version: GET shows it, POST brings it back."""
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise PermissionDenied
            comment = gettext("Recovered as it was on %(date)s") % {
                "date": history.dated(version.revision)
            }
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
            obj = services.restore(version, comment=comment, user=request.user)
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
