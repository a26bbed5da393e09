"""The catalog's history: every change to a method, field, family or type is kept as a revision
(django-reversion), whatever made it, so that any earlier state can be read, compared with the
present one and put back.

A revision holds one version of each object it changed, with the object's content *after* the
change, in both languages, its related methods included. Undoing a revision therefore puts each
of its objects back as the version before it had them, and deletes those it created.
"""

import sys
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, transaction
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from modeltranslation.fields import TranslationField
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
# Kept, but not content an editor compares: the time of the change is the revision's.
NOT_COMPARED = {"updated_at"}
BEGINNING = gettext_noop("Catalog as it was when its history began")
# The commands that sign their revisions (see command_comment).
COMMANDS = ("load_dataset", "import_methods")


def register_catalog() -> None:
    """Called once the translated fields exist: django-reversion fixes at registration the
    fields it keeps, and they must include every language's."""
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

# The objects created in the revision being made: they had no state before it to keep.
_created = ContextVar("created in the revision being made", default=None)
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


@contextmanager
def revision(comment: str, user=None, manually: bool = False):
    """Everything saved inside is one revision, with this comment (and user, if a person)."""
    token = _created.set(set()) if _created.get() is None else None
    try:
        with reversion.create_revision(manage_manually=manually):
            reversion.set_comment(comment)
            if user is not None:
                reversion.set_user(user)
            yield
    finally:
        if token is not None:
            _created.reset(token)


@receiver(post_save)
def note_creation(sender, instance, created, raw=False, **kwargs) -> None:
    """A change outside any revision (the shell, another command) is a revision of its own,
    signed with the program that made it; inside one, creations are noted."""
    if sender not in CATALOG or raw or _paused.get():
        return
    if not reversion.is_active():
        with revision(program()):
            add([instance])
    elif created and (born := _created.get()) is not None:
        born.add((sender, instance.pk))


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


@receiver(m2m_changed, sender=Method.related.through)
def record_the_other_side(sender, instance, action, pk_set, **kwargs) -> None:
    """A relation belongs to both methods: the other method's history shows it too (and
    before it changes, both have a version to come back to)."""
    if _paused.get():
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        others = pk_set if action != "pre_clear" else instance.related.values("pk")
        record_unversioned(
            Method.objects.filter(models.Q(pk=instance.pk) | models.Q(pk__in=others))
        )
    if not action.startswith("post_"):
        return
    if not reversion.is_active():
        with revision(program()):
            add([instance, *Method.objects.filter(pk__in=pk_set or ())])
    elif action in ("post_add", "post_remove") and not reversion.is_manage_manually():
        add(Method.objects.filter(pk__in=pk_set))


def record_unversioned(queryset: models.QuerySet, comment: str = BEGINNING) -> int:
    """Give every object of queryset that has no version yet one of its present state, so that
    the change about to be made to it can be undone. Written as a revision of its own, at once,
    even while another revision is being made. Returns how many."""
    model = queryset.model
    # Looked up by the index on (db, content type, object id): fast however long the history.
    versioned = Version.objects.get_for_model(model).filter(
        object_id=Cast(models.OuterRef("pk"), models.CharField())
    )
    born = [pk for born_model, pk in _created.get() or () if born_model is model]
    missing = list(queryset.exclude(pk__in=born).exclude(models.Exists(versioned)))
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


@receiver(pre_save)
@receiver(pre_delete)
def keep_the_state_before(sender, instance, raw=False, **kwargs) -> None:
    """Before a catalog object first changes (or goes) under history, its present state is
    kept: whatever changes it (the admin, a command, the shell), the change can be undone."""
    if sender in CATALOG and instance.pk is not None and not raw and not _paused.get():
        record_unversioned(sender.objects.filter(pk=instance.pk))


def record_whole_catalog(**kwargs) -> None:
    """After `migrate`: a catalog that was there before its history began gets a first version,
    so that no change made from now on is lost."""
    for model in CATALOG:
        record_unversioned(model.objects.all())


def versions_of(obj) -> models.QuerySet:
    """The object's versions, newest first."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


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
        LogEntry(
            user=user,
            content_type_id=version.content_type_id,
            object_id=version.object_id,
            object_repr=version.object_repr[:200],
            action_flag=DELETION,
            change_message=message,
        )
        for version in versions
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


# --- Comparing ---------------------------------------------------------------------------------


@dataclass
class Difference:
    field: str
    language: str  # the language's name, or "" for a field that is not translated
    before: str
    after: str


def content(version: Version) -> dict:
    """A version's field values by attribute name: many-to-many values as lists of ids, a
    method's relations as (id, kind) pairs (versions made before relations had kinds, untyped)."""
    values = dict(version.field_dict)
    if "related" in values:
        values["related"] = _relation_pairs(values["related"])
    return values


def _relation_pairs(related: list) -> list[tuple[int, str]]:
    return sorted((r, "") if isinstance(r, int) else (int(r[0]), r[1]) for r in related)


def present_content(obj) -> dict:
    """The object's field values now, in the shape of a version's."""
    values = {}
    for field in kept_fields(obj.__class__):
        if field.name == "related":
            values["related"] = sorted(obj.relations.values_list("to_method", "kind"))
        elif field.many_to_many:
            values[field.attname] = list(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            values[field.attname] = getattr(obj, field.attname)
    return values


def differences(model, before: dict, after: dict) -> list[Difference]:
    """What differs between two contents of an object, field by field and per language, in
    the order of the admin's form; a missing side (an object not yet made) reads as empty."""
    languages = dict(settings.LANGUAGES)
    found = []
    for field in model._meta.get_fields():
        name = getattr(field, "attname", None)
        if name is None or name in NOT_COMPARED or (name not in before and name not in after):
            continue
        old, new = before.get(name), after.get(name)
        if field.many_to_many:
            old, new = sorted(old or []), sorted(new or [])
        if old == new:
            continue
        if isinstance(field, TranslationField):
            label, language = field.translated_field.verbose_name, languages[field.language]
        else:
            label, language = field.verbose_name, ""
        found.append(Difference(str(label), str(language), _shown(field, old), _shown(field, new)))
    return found


def changes_by_version(versions: list[Version]) -> list[tuple[Version, list[Difference]]]:
    """Each of an object's versions (newest first) with what it changed from the one before;
    the first one changed nothing."""
    found = []
    for version, earlier in zip(versions, [*versions[1:], None], strict=True):
        before = content(earlier) if earlier else content(version)
        found.append((version, differences(version._model, before, content(version))))
    return found


def _shown(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field.name == "related":
        names = dict(
            Method.objects.filter(pk__in=[pk for pk, _kind in value]).values_list("pk", "name")
        )
        deleted = _("(deleted, #%(id)s)")
        kinds = dict(Relation.Kind.choices)
        return ", ".join(
            sorted(
                f"{names.get(pk, deleted % {'id': pk})} ({kinds[kind]})"
                if kind in kinds
                else names.get(pk, deleted % {"id": pk})
                for pk, kind in value
            )
        )
    if field.many_to_many:
        names = dict(field.related_model.objects.filter(pk__in=value).values_list("pk", "name"))
        deleted = _("(deleted, #%(id)s)")
        return ", ".join(sorted(names.get(pk, deleted % {"id": pk}) for pk in value))
    if field.many_to_one:
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else _("(deleted, #%(id)s)") % {"id": value}
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def version_seen(obj, updated_at: datetime) -> Version | None:
    """The version of obj that was current when it had this time of last change (versions keep
    times to the millisecond)."""
    wanted = updated_at.replace(microsecond=updated_at.microsecond // 1000 * 1000)
    for version in versions_of(obj):
        kept = content(version).get("updated_at")
        if kept and kept.replace(microsecond=kept.microsecond // 1000 * 1000) == wanted:
            return version
    return None


def summarize(difference: Difference, width: int = 120) -> str:
    """One difference on one line, long texts shortened."""
    label = difference.field
    if difference.language:
        label = f"{label} ({difference.language})"
    before, after = (Truncator(v).chars(width) for v in (difference.before, difference.after))
    return f"{label}: {before} → {after}"


# --- Putting back ------------------------------------------------------------------------------


class CannotRestore(Exception):
    """A version that cannot be put back as it is; the message says why, for the editor."""


def restore(version: Version) -> models.Model:
    """Put an object back as this version has it (creating it again if it was deleted), its
    related methods included, except those deleted since. Saved as any edit is, so the search
    text and the time of change follow."""
    with transaction.atomic():
        obj = _restore_fields(version)
        _restore_relations(obj, version)
    return obj


def _restore_fields(version: Version) -> models.Model:
    model = version._model
    values = content(version)
    obj = model.objects.filter(pk=version.object_id).first() or model(pk=version.object_id)
    for field in model._meta.concrete_fields:
        if field.attname in values and not field.primary_key:
            setattr(obj, field.attname, values[field.attname])
    for field in model._meta.concrete_fields:
        if (
            field.many_to_one
            and not field.related_model.objects.filter(pk=getattr(obj, field.attname)).exists()
        ):
            raise CannotRestore(
                _("%(object)s cannot be put back: its %(field)s was deleted since.")
                % {"object": version.object_repr, "field": field.verbose_name}
            )
    obj.save()
    return obj


def _restore_relations(obj, version: Version) -> None:
    """The version's many-to-many values, without the methods or fields deleted since; a
    method's relations with their kinds, both ways."""
    values = content(version)
    for field in obj._meta.many_to_many:
        if field.attname not in values:
            continue
        if field.name == "related":
            kinds = dict(values["related"])
            present = Method.objects.filter(pk__in=kinds).values_list("pk", flat=True)
            before = obj.relations.values_list("to_method", flat=True)
            # The other side changes too: its history keeps the state before, then the new one.
            record_unversioned(Method.objects.filter(pk__in=[*present, *before]))
            changed = Relation.objects.set_for(obj.pk, {pk: kinds[pk] for pk in present})
            add(Method.objects.filter(pk__in=changed))
        else:
            getattr(obj, field.name).set(
                field.related_model.objects.filter(pk__in=values[field.attname])
            )


def previous_version(version: Version) -> Version | None:
    """The version of the same object before this one; None if this one created it."""
    earlier = Version.objects.get_for_object_reference(version._model, version.object_id)
    return earlier.filter(pk__lt=version.pk).first()


def undo(revision: Revision) -> list[Version]:
    """Put back everything as it was before this revision: each of its objects as its previous
    version had it, those it created deleted (methods before the taxa they use). Returns the
    versions of those it deleted."""
    versions = sorted(revision.version_set.all(), key=lambda v: CATALOG.index(v._model))
    with transaction.atomic():
        restored, created = [], []
        for version in versions:
            if (previous := previous_version(version)) is None:
                created.append(version)
            else:
                restored.append((_restore_fields(previous), previous))
        for version in reversed(created):
            try:
                version._model.objects.filter(pk=version.object_id).delete()
            except models.ProtectedError as error:
                raise CannotRestore(
                    _("%(object)s cannot be deleted: methods added since use it.")
                    % {"object": version.object_repr}
                ) from error
        for obj, previous in restored:
            _restore_relations(obj, previous)
    return created
