"""Writing the catalog. The admin, `load_dataset`, `import_methods`, revert, recover and undo all
write through these functions, so that a reader sees what a write costs: one transaction, one
revision of history (methods.history), the state before kept in bulk, and the catalog version
(what derived data is keyed on) changed once, at the end.

    with services.catalog_write("import_methods file.json", user=None):
        services.keep_state_before(Method.objects.filter(slug__in=slugs))
        ...bulk statements...
        services.saved(objects)

Writes made elsewhere (the shell) are caught by `record_stray_write`, connected in
MethodsConfig.ready() for the catalog's models only.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import reversion
from django.db import connection, models, transaction

from methods.history import recording
from methods.history import restore as putting_back
from methods.models import CatalogVersion


@dataclass
class _Write:
    changed: bool = False


# The write being made, if one is: nested calls join it.
_write: ContextVar[_Write | None] = ContextVar("catalog write", default=None)


@contextmanager
def catalog_write(comment: str, *, user=None) -> Iterator[None]:
    """Everything inside is one transaction and one revision signed with comment (and user, if
    a person); if anything changed, the catalog version changes once, as the last statement.
    Inside another catalog_write, it is part of that one."""
    if _write.get() is not None:
        yield
        return
    write = _Write()
    token = _write.set(write)
    try:
        with transaction.atomic(), recording.revision(comment, user=user, manually=True):
            yield
            if write.changed:
                CatalogVersion.bump()
                transaction.on_commit(_schedule_dataset)
    finally:
        _write.reset(token)


def _schedule_dataset() -> None:
    # Imported here: methods.tasks imports this module.
    from methods.tasks import schedule_dataset

    schedule_dataset()


def keep_state_before(queryset: models.QuerySet) -> None:
    """Before objects change, each one with no version yet gets one of its present state (one
    query to find them, one to write them), so that the change can be undone."""
    recording.record_unversioned(queryset)


def saved(objects: Iterable[models.Model]) -> None:
    """These objects changed (or were made): the revision keeps them as they are now."""
    changed()
    recording.add(objects)


def update_rows(objects: list[models.Model], field_names: list[str]) -> None:
    """Write these fields of objects already saved: one UPDATE per row through executemany.
    Django's bulk_update builds CASE expressions whose cost grows with the batch, which made
    10,000 updates take minutes."""
    if not objects:
        return
    model = type(objects[0])
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = quote(model._meta.pk.column)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {pk} = %s"
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def changed() -> None:
    """The catalog changed (a deletion, say) in the write being made."""
    if (write := _write.get()) is not None:
        write.changed = True


def restore(version, *, comment: str, user) -> models.Model:
    """Revert an object to this version, or recover a deleted one, with its relations."""
    with catalog_write(comment, user=user):
        obj, others = putting_back.restore(version)
        saved([obj, *others])
    return obj


def undo(revision, *, comment: str, user) -> putting_back.Undone:
    """Put back everything as it was before this revision, and log the deletions it makes as the
    admin logs its own (the deleted list reads who deleted what from there)."""
    with catalog_write(comment, user=user):
        done = putting_back.undo(revision)
        saved([*done.restored, *done.others])
        if done.deleted:
            changed()
            recording.log_deleted(user, done.deleted, comment)
    return done


def record_stray_write(sender, instance, raw=False, **kwargs) -> None:
    """The safety net for a catalog save, delete or change of relations made outside the
    services (the shell, a script): it becomes a revision of its own, signed with the program
    that made it, and the catalog version changes. Connected for the catalog's models and
    through tables only."""
    if _write.get() is not None or not kwargs.get("action", "post_").startswith("post_"):
        return
    if raw or recording.is_paused() or reversion.is_active():
        # Not to be recorded here (a backup being loaded, test rows, someone else's revision,
        # which django-reversion keeps itself): only what is derived from the catalog changes.
        CatalogVersion.bump()
        return
    with catalog_write(recording.program()):
        # Saved, or its relations changed; a deleted object's last version is its state.
        if "created" in kwargs or "action" in kwargs:
            saved([instance])
        else:
            changed()
