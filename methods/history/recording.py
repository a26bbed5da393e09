"""Recording the catalog's history: what a version keeps, revisions, and the state before a
change. Writes go through methods.services, which open one revision per call."""

import sys
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import reversion
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reversion.models import Revision, Version

from methods.models import (
    SEARCH_COLUMNS,
    Family,
    Method,
    MethodType,
    Property,
    Relation,
    ResearchField,
)

TAXA = [ResearchField, Family, MethodType]
# Taxa and the vocabulary before methods, as methods point to them.
CATALOG = [*TAXA, Property, Method]
# Versions keep a method's relations with their kinds (methods.serialization).
FORMAT = "catalog-json"
# Not kept: what a save derives from the rest (the search texts), and the untranslated column
# of each translated field, which repeats one of its languages.
NOT_KEPT = {
    Method: ("aliases", "summary", "search_text", *sorted(SEARCH_COLUMNS), "folded_names"),
    **{taxon: ("name",) for taxon in TAXA},
    Property: ("label", "help", "unit"),
}
BEGINNING = gettext_noop("Catalog as it was when its history began")
# The commands that sign their revisions (see command_comment).
COMMANDS = ("load_dataset", "import_methods")


def register_catalog() -> None:
    """Called from MethodsConfig.ready(), once modeltranslation has added the translated fields:
    django-reversion fixes at registration the fields it keeps, and they must include every
    language's."""
    for model in CATALOG:
        reversion.register(
            model, fields=[field.name for field in kept_fields(model)], format=FORMAT
        )


def kept_fields(model) -> list:
    """The fields a version of model keeps."""
    opts = model._meta
    return [f for f in opts.local_fields + opts.local_many_to_many if f.name not in NOT_KEPT[model]]


# What a method's version keeps besides its own row, read for many methods at once.
PREFETCHED = (
    models.Prefetch(
        "relations", queryset=Relation.objects.only("from_method", "to_method", "kind")
    ),
    models.Prefetch("also_fields", queryset=ResearchField.objects.only("pk")),
)

# Set while a backup is loaded: it brings its own history.
_paused = ContextVar("history paused", default=False)


@contextmanager
def paused():
    """Nothing saved inside is recorded."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_paused() -> bool:
    return _paused.get()


@contextmanager
def revision(comment: str, user=None, manually: bool = False):
    """Everything saved inside is one revision, with this comment (and user, if a person)."""
    with reversion.create_revision(manage_manually=manually):
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        yield


def program() -> str:
    """What is running, as "manage.py shell"."""
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:2]])


def command_comment(command: str, path) -> str:
    """How a management command signs its revision: its name and the file it read."""
    return f"{command} {getattr(path, 'name', path)}"


def add(objects: Iterable[models.Model]) -> None:
    """Put these objects, as they are now, in the revision being made, if one is."""
    if reversion.is_active():
        objects = list(objects)
        # Their relations in one query, not one per method (an import adds thousands).
        methods = [obj for obj in objects if isinstance(obj, Method)]
        models.prefetch_related_objects(methods, *PREFETCHED)
        for obj in objects:
            reversion.add_to_revision(obj)


def record_unversioned(queryset: models.QuerySet, comment: str = BEGINNING) -> int:
    """Give every object of queryset that has no version yet one of its present state, so that
    the change about to be made to it can be undone. Written as a revision of its own, at once,
    even while another revision is being made. Returns how many."""
    model = queryset.model
    # Looked up by the index on (db, content type, object id): fast however long the history.
    versioned = Version.objects.get_for_model(model).filter(
        object_id=Cast(models.OuterRef("pk"), models.CharField())
    )
    missing = list(queryset.exclude(models.Exists(versioned)))
    if model is Method:
        models.prefetch_related_objects(missing, *PREFETCHED)
    if missing:
        revision = Revision.objects.create(date_created=timezone.now(), comment=comment)
        fields = [field.name for field in kept_fields(model)]
        content_type = ContentType.objects.get_for_model(model)
        Version.objects.bulk_create(
            Version(
                revision=revision,
                content_type=content_type,
                object_id=str(obj.pk),
                db=queryset.db,
                format=FORMAT,
                serialized_data=serializers.serialize(FORMAT, [obj], fields=fields),
                object_repr=str(obj),
            )
            for obj in missing
        )
    return len(missing)


def record_whole_catalog(**kwargs) -> None:
    """After `migrate`: a catalog that was there before its history began gets a first version,
    so that no change made from now on is lost."""
    for model in CATALOG:
        record_unversioned(model.objects.all())


def versions_of(obj) -> models.QuerySet:
    """The object's versions, newest first."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


def dated(revision: Revision) -> str:
    """When a revision was made, as the active language writes a date and time."""
    return formats.date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")


def author(revision: Revision) -> str:
    """Who made a revision: the editor, or the command that signed it; "—" for neither."""
    if revision.user:
        return revision.user.get_username()
    command = revision.comment.split(" ", 1)[0]
    return command if command in COMMANDS else "—"


def log_deleted(user, versions: list[Version], message: str) -> None:
    """Record in the admin's log that `user` deleted the objects of these versions, as the
    admin records its own deletions (the deleted list reads who and when from there)."""
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                user=user,
                content_type_id=version.content_type_id,
                object_id=version.object_id,
                object_repr=version.object_repr[:200],
                action_flag=DELETION,
                change_message=message,
            )
            for version in versions
        ),
        batch_size=500,
    )


def deletions(model: type[models.Model], object_ids: list[str]) -> dict[str, LogEntry]:
    """Who deleted each of these objects in the admin, and when (the last time, for one deleted
    more than once). The admin's log records it; a deletion elsewhere has no entry."""
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=object_ids,
            action_flag=DELETION,
        )
        .select_related("user")
        .order_by("action_time")
    )
    return {entry.object_id: entry for entry in entries}


def described(revision: Revision) -> str:
    """A revision's comment for its reader. The admin's own log message (kept as JSON) is left
    out: its field labels are in no one's language, and the list of changes says it better."""
    if revision.comment == BEGINNING:
        return _(BEGINNING)
    return "" if revision.comment.startswith("[") else revision.comment
