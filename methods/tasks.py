"""Work too long for a request, run by the task worker (`manage.py task_worker`, settings.TASKS):
undoing a revision, building the dataset download. Each is one transaction, or a file written
whole: a task that fails leaves nothing half done."""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _
from reversion.models import Revision

from methods import download, services
from methods.history import CannotRestore, dated


@task
def undo_revision(revision_id: int, user_id: int, language: str) -> dict:
    """Undo a revision as the user asked, in their language. Returns what the admin shows: the
    outcome, or why nothing was changed."""
    with translation.override(language):
        revision = Revision.objects.get(pk=revision_id)
        comment = _("Undid the revision of %(date)s") % {"date": dated(revision)}
        user = get_user_model().objects.get(pk=user_id)
        try:
            done = services.undo(revision, comment=comment, user=user)
        except CannotRestore as error:
            return {"refused": _("Nothing was changed: %(reason)s") % {"reason": error}}
        return {
            "done": comment,
            "restored": len(done.restored),
            "deleted": len(done.deleted),
        }


@task
def build_dataset() -> str:
    """Write the dataset download of the catalog's current version; returns its file name."""
    return download.build().name


def schedule_dataset() -> None:
    """Queue a build of the dataset download unless one is queued, running or done."""
    if download.needs_building():
        build_dataset.using(queue_name=download.queue()).enqueue()
