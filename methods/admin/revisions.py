from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.tasks import TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion.models import Revision, Version

from methods import history, tasks
from methods.models import CatalogRevision

# Rows of a revision's page: each page costs the same few queries, however large the revision.
ROWS_PER_PAGE = 100


@admin.register(CatalogRevision)
class CatalogRevisionAdmin(admin.ModelAdmin):
    """Every revision of the catalog, newest first: editors read them and undo one as a whole
    (an importer's run, say); only a superuser may purge one."""

    list_display = ["date_created", "author", "description", "size"]
    list_display_links = ["date_created"]
    search_fields = ["comment", "user__username"]
    list_select_related = ["user"]
    ordering = ["-date_created", "-pk"]

    def get_queryset(self, request):
        # What each row shows, in the list's one query.
        first = Version.objects.filter(revision=models.OuterRef("pk")).order_by("pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                size=models.Count("version"),
                first_object=models.Subquery(first.values("object_repr")[:1]),
            )
        )

    @admin.display(description=_("by"))
    def author(self, revision: Revision) -> str:
        return history.author(revision)

    @admin.display(description=_("comment"))
    def description(self, revision: Revision) -> str:
        if described := history.described(revision):
            return described
        first = Truncator(revision.first_object or "").chars(60)
        if revision.size <= 1:
            return first
        more = revision.size - 1
        return ngettext("%(first)s and %(count)d more", "%(first)s and %(count)d more", more) % {
            "first": first,
            "count": more,
        }

    @admin.display(description=_("objects"), ordering="size")
    def size(self, revision: Revision) -> int:
        return revision.size

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:revision_id>/undo/",
                view(require_POST(self.undo_view)),
                name="methods_catalogrevision_undo",
            ),
            path(
                "<int:revision_id>/undo/<str:task_id>/",
                view(self.undo_status_view),
                name="methods_catalogrevision_undo_status",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not self.has_view_permission(request, revision):
            raise PermissionDenied
        versions = history.with_presence(history.with_previous(revision.version_set.all()))
        page = Paginator(versions.order_by("pk"), ROWS_PER_PAGE).get_page(request.GET.get("p"))
        rows = [
            {
                "version": version,
                "kind": version._model._meta.verbose_name,
                "action": _("added") if version.previous_id is None else _("changed"),
                "url": version_url(version),
            }
            for version in page
        ]
        return self._render(
            request,
            "admin/methods/revision.html",
            _("Revision of %(date)s") % {"date": history.dated(revision)},
            revision=revision,
            rows=rows,
            page=page,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            can_undo=self.may_undo(request, revision),
        )

    def may_undo(self, request, revision) -> bool:
        """Undoing changes what the revision changed and deletes what it added: one query says
        which kinds of object it changed and which it added."""
        kinds = (
            history.with_previous(revision.version_set.all())
            .order_by()
            .values("content_type")
            .annotate(added=models.Count("pk", filter=models.Q(previous_id=None)))
        )

        def allowed(model, action):
            opts = model._meta
            return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

        for kind in kinds:
            model = ContentType.objects.get_for_id(kind["content_type"]).model_class()
            if not allowed(model, "change") or (kind["added"] and not allowed(model, "delete")):
                return False
        return True

    def undo_view(self, request, revision_id):
        """Undo runs as a task (an import's run may hold thousands of objects); the page that
        follows shows how it goes."""
        revision = get_object_or_404(Revision, pk=revision_id)
        if not self.may_undo(request, revision):
            raise PermissionDenied
        result = tasks.undo_revision.enqueue(revision.pk, request.user.pk, get_language())
        if not default_task_backend.supports_get_result:  # done already, as enqueued
            self._tell(request, result)
            return redirect(reverse("admin:methods_catalogrevision_changelist"))
        return redirect(
            reverse("admin:methods_catalogrevision_undo_status", args=[revision.pk, result.id])
        )

    def undo_status_view(self, request, revision_id, task_id):
        """How an undo goes: waiting, running (the page reloads itself), done or refused."""
        revision = get_object_or_404(Revision, pk=revision_id)
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        try:
            result = tasks.undo_revision.get_result(task_id)
        except (TaskResultDoesNotExist, ValueError) as error:  # ValueError: not a task's id
            raise Http404 from error
        if result.args[0] != revision.pk:
            raise Http404
        return self._render(
            request,
            "admin/methods/undo_status.html",
            _("Undoing the revision of %(date)s") % {"date": history.dated(revision)},
            revision=revision,
            result=result,
            size=revision.version_set.count(),
            outcome=result.return_value if result.status == TaskResultStatus.SUCCESSFUL else {},
        )

    def _tell(self, request, result) -> None:
        """The outcome as a message, as the admin tells of any change."""
        if result.status != TaskResultStatus.SUCCESSFUL:
            self.message_user(
                request, gettext("The undo failed; nothing was changed."), messages.ERROR
            )
        elif refused := result.return_value.get("refused"):
            self.message_user(request, refused, messages.ERROR)
        else:
            self.message_user(request, result.return_value["done"], messages.SUCCESS)

    def _render(self, request, template, title, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "subtitle": None,
                **context,
            },
        )


def version_url(version: Version) -> str:
    """Where a version is shown: beside its object, or for recovery if it was deleted (the
    version's `present`, from history.with_presence)."""
    opts = version._model._meta
    if version.present:
        name = f"admin:{opts.app_label}_{opts.model_name}_revision"
        return reverse(name, args=[version.object_id, version.pk])
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])
