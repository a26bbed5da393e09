"""Putting the catalog back as versions have it: one object (revert, recover) or every object
of a revision (undo), in a fixed number of statements per model and through table, whatever
the number of objects. methods.services records the result as a revision."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from methods.history.differences import content
from methods.history.recording import CATALOG, record_unversioned
from methods.models import Method, Relation

# Rows per statement: a method has some forty columns, and PostgreSQL takes 65,535 parameters.
BATCH = 200


class CannotRestore(Exception):
    """A version that cannot be put back as it is; the message says why, for the editor."""


def with_previous(versions: models.QuerySet) -> models.QuerySet:
    """Versions, each with the id of the same object's version before it (`previous_id`; None
    for one that created its object): one subquery on django-reversion's unique index."""
    earlier = Version.objects.filter(
        db=models.OuterRef("db"),
        content_type=models.OuterRef("content_type"),
        object_id=models.OuterRef("object_id"),
        revision__lt=models.OuterRef("revision"),
    )
    # All four columns of django-reversion's unique index, and the greatest id rather than the
    # first by id: either way else, SQLite walks every version of the kind of object.
    latest = earlier.order_by().values("object_id").annotate(latest=models.Max("pk"))
    return versions.annotate(previous_id=models.Subquery(latest.values("latest")))


def with_presence(versions: models.QuerySet) -> models.QuerySet:
    """Versions, each saying whether its object exists now (`present`), in the same query."""
    whens = [
        models.When(
            content_type=ContentType.objects.get_for_model(model),
            then=models.Exists(
                model.objects.filter(
                    pk=Cast(models.OuterRef("object_id"), models.BigIntegerField())
                )
            ),
        )
        for model in CATALOG
    ]
    return versions.annotate(
        present=models.Case(*whens, default=False, output_field=models.BooleanField())
    )


@dataclass
class Undone:
    """What an undo did: the objects put back, the versions of those deleted, and the methods
    outside the revision whose relations changed with it."""

    restored: list = field(default_factory=list)
    deleted: list[Version] = field(default_factory=list)
    others: list = field(default_factory=list)


def restore(version: Version) -> tuple[models.Model, list]:
    """Put an object back as this version has it (creating it again if it was deleted), its
    related methods included, except those deleted since. Returns the object and the other
    methods whose relations changed."""
    with transaction.atomic():
        [obj] = _restore_fields([version])
        others = _restore_relations([version])
    return obj, others


def undo(revision) -> Undone:
    """Put back everything as it was before this revision: each of its objects as its previous
    version had it, those it created deleted (methods before the taxa they use)."""
    versions = list(with_previous(revision.version_set.all()))
    earlier = Version.objects.in_bulk([v.previous_id for v in versions if v.previous_id])
    previous = [earlier[v.previous_id] for v in versions if v.previous_id]
    done = Undone(deleted=[v for v in versions if v.previous_id is None])
    with transaction.atomic():
        done.restored = _restore_fields(previous)
        for model in reversed(CATALOG):
            ids = [_pk(model, v) for v in done.deleted if v._model is model]
            try:
                for start in range(0, len(ids), BATCH):
                    model.objects.filter(pk__in=ids[start : start + BATCH]).delete()
            except models.ProtectedError as error:
                used = next(v for v in done.deleted if v._model is model)
                raise CannotRestore(
                    _("%(object)s cannot be deleted: methods added since use it.")
                    % {"object": used.object_repr}
                ) from error
        done.others = _restore_relations(previous)
    return done


def _pk(model, version: Version):
    return model._meta.pk.to_python(version.object_id)


def _by_model(versions: list[Version]) -> list[tuple[type[models.Model], list[Version]]]:
    """Versions grouped by model, in the catalog's order (what others point to first)."""
    return [
        (model, group) for model in CATALOG if (group := [v for v in versions if v._model is model])
    ]


def _restore_fields(versions: list[Version]) -> list[models.Model]:
    """Each object's own fields as its version has them: one UPDATE per batch of objects that
    exist, one INSERT per batch of those deleted since; the search texts and the time of change
    follow, as a save makes them."""
    restored = []
    now = timezone.now()
    for model, group in _by_model(versions):
        contents = {_pk(model, v): (v, content(v)) for v in group}
        _check_targets(model, contents.values())
        present = model.objects.in_bulk(list(contents))
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        changed, created = [], []
        for pk, (_version, values) in contents.items():
            obj = present.get(pk) or model(pk=pk)
            for f in fields:
                if f.attname in values:
                    setattr(obj, f.attname, values[f.attname])
            if isinstance(obj, Method):
                obj.refresh_search_text()
            for f in fields:
                if getattr(f, "auto_now", False):
                    setattr(obj, f.attname, now)
            (changed if pk in present else created).append(obj)
        model.objects.bulk_update(changed, [f.name for f in fields], batch_size=BATCH)
        model.objects.bulk_create(created, batch_size=BATCH)
        restored += changed + created
    return restored


def _check_targets(model, versions_and_contents) -> None:
    """Refuse, naming the first object concerned, to point to a field or family deleted since:
    one query per foreign key."""
    for f in model._meta.concrete_fields:
        if not f.many_to_one:
            continue
        wanted = {values.get(f.attname) for _v, values in versions_and_contents} - {None}
        found = set(f.related_model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        for version, values in versions_and_contents:
            if values.get(f.attname) not in found | {None}:
                raise CannotRestore(
                    _("%(object)s cannot be put back: its %(field)s was deleted since.")
                    % {"object": version.object_repr, "field": f.verbose_name}
                )


def _restore_relations(versions: list[Version]) -> list[Method]:
    """The versions' many-to-many values, per through table, without the methods or fields
    deleted since; a method's relations with their kinds, both ways. Returns the methods
    outside these versions whose relations changed (their state before is kept first)."""
    others = []
    for model, group in _by_model(versions):
        contents = {_pk(model, v): content(v) for v in group}
        for f in model._meta.many_to_many:
            if f.name == "related":
                others += _restore_method_relations(contents)
            else:
                _restore_through(f, contents)
    return others


def _restore_through(f, contents: dict) -> None:
    through = f.remote_field.through
    source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
    wanted = {pk: set(values[f.attname]) for pk, values in contents.items() if f.attname in values}
    present = set(
        f.related_model.objects.filter(
            pk__in={t for targets in wanted.values() for t in targets}
        ).values_list("pk", flat=True)
    )
    through.objects.filter(**{f"{source}__in": list(wanted)}).delete()
    through.objects.bulk_create(
        [
            through(**{f"{source}_id": pk, f"{target}_id": t})
            for pk, targets in wanted.items()
            for t in targets & present
        ],
        batch_size=BATCH,
    )


def _restore_method_relations(contents: dict) -> list[Method]:
    """Relations are kept from each method's side; the other side gets the inverse kind. A
    relation between two restored methods is as the first one's version says."""
    restored = {pk for pk, values in contents.items() if "related" in values}
    named = {other for pk in restored for other, _kind in contents[pk]["related"]}
    present = set(Method.objects.filter(pk__in=named).values_list("pk", flat=True))
    wanted: dict[tuple[int, int], str] = {}
    for pk in restored:
        for other, kind in contents[pk]["related"]:
            if other in present:
                wanted[(pk, other)] = kind
    for (pk, other), kind in list(wanted.items()):
        wanted.setdefault((other, pk), Relation.inverse(kind))
    touching = Relation.objects.filter(
        models.Q(from_method__in=restored) | models.Q(to_method__in=restored)
    )
    before = {(r.from_method_id, r.to_method_id): r.kind for r in touching}
    changed = {
        pair for pair in before.keys() | wanted.keys() if before.get(pair) != wanted.get(pair)
    }
    outside = {pk for pair in changed for pk in pair} - restored
    record_unversioned(Method.objects.filter(pk__in=outside))
    touching.delete()
    Relation.objects.bulk_create(
        [Relation(from_method_id=a, to_method_id=b, kind=k) for (a, b), k in wanted.items()],
        batch_size=BATCH,
    )
    return list(Method.objects.filter(pk__in=outside))
