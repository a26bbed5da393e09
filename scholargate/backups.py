"""Backups (`manage.py backup` and `restore`) in a few statements per model, however large the
catalog. Django's dumpdata read each row's related rows one query at a time (each method's other
fields, each version's content type), and loaddata saved row by row, every saved catalog row
changing the catalog's version once more: 10,508 methods and their history took 70 s to load."""

import gzip
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models

from methods import services
from methods.models import CatalogVersion

BATCH = 500


# What can be rebuilt (content types, permissions) or is only of the moment (sessions, login
# attempts) stays out; everything editors made goes in.
LEFT_OUT = {"contenttypes", "auth.permission", "sessions", "axes"}


def dump(path: Path) -> None:
    """Write every object worth keeping to `path` (.json or .json.gz), as dumpdata writes it
    with natural keys: users, groups and content types by name, so that the file loads into a
    database whose ids differ (SQLite to PostgreSQL, a fresh install). Catalog rows keep their
    ids: their history and the admin's log refer to them by id."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as stream:
        serializers.serialize(
            "json",
            _objects(),
            stream=stream,
            indent=None,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )


def _objects() -> Iterator[models.Model]:
    kept = [
        (config, None)
        for config in apps.get_app_configs()
        if config.label not in LEFT_OUT and config.models_module is not None
    ]
    for model in serializers.sort_dependencies(kept, allow_cycles=True):
        if model._meta.proxy or model._meta.label_lower in LEFT_OUT:
            continue
        # What each object names by natural key, and its m2m rows, read with it.
        many = [
            models.Prefetch(f.name, queryset=_with_named(f.related_model))
            for f in model._meta.many_to_many
            if f.remote_field.through._meta.auto_created
        ]
        objects = _with_named(model).prefetch_related(*many)
        yield from objects.order_by(model._meta.pk.name).iterator(chunk_size=BATCH)


def _with_named(model) -> models.QuerySet:
    """The model's objects with the objects they name by natural key (a version's content
    type, a permission's) joined in."""
    named = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and hasattr(f.related_model, "natural_key")
    ]
    objects = model._default_manager.all()
    return objects.select_related(*named) if named else objects


def load(path: Path) -> int:
    """Write every object of the backup at `path` into an empty database; returns how many.
    The file lists each model's objects together, those they refer to first (dumpdata's
    order), so each model's are written before the next model's names them by natural key."""
    opener = gzip.open if path.suffix == ".gz" else open
    written: list[models.Model] = []
    with opener(path, "rt", encoding="utf-8") as stream:
        batch: list = []
        for entry in serializers.deserialize("json", stream, handle_forward_references=True):
            if batch and type(entry.object) is not type(batch[0].object):
                written += _write(batch)
                batch = []
            batch.append(entry)
        written += _write(batch)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), {type(o) for o in written}):
            cursor.execute(sql)
    CatalogVersion.bump()  # whatever was kept of the catalog before is gone
    return len(written)


def _write(batch: list) -> list[models.Model]:
    if not batch:
        return []
    model = type(batch[0].object)
    # What the database made for itself after the flush (the editors' group) is saved over.
    there = set(
        model._base_manager.filter(
            pk__in=[e.object.pk for e in batch if e.object.pk is not None]
        ).values_list("pk", flat=True)
    )
    for entry in batch:
        if entry.object.pk in there:
            entry.save()
    batch = [entry for entry in batch if entry.object.pk not in there]
    objects = [entry.object for entry in batch]
    # bulk_create stamps "last changed" fields with the present time: the backup's are put back.
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    stamps = [[getattr(obj, f.attname) for f in stamped] for obj in objects]
    model._base_manager.bulk_create(objects, batch_size=BATCH)
    if stamped:
        for obj, values in zip(objects, stamps, strict=True):
            for field, value in zip(stamped, values, strict=True):
                setattr(obj, field.attname, value)
        services.update_rows(objects, [f.name for f in stamped])
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue  # its rows are objects of their own in the file
        own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [
                through(**{own: entry.object.pk, other: pk})
                for entry in batch
                for pk in entry.m2m_data.get(field.name, [])
            ],
            batch_size=BATCH,
        )
    for entry in batch:
        if entry.deferred_fields:
            entry.save_deferred_fields()
    return objects
