"""Loading a backup (`manage.py restore`) in bulk: a few statements per model, however large the
catalog. Django's loaddata saves row by row, and every saved catalog row changed the catalog's
version once more: 10,508 methods and their history took 70 s."""

import gzip
from pathlib import Path

from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models

from methods import services
from methods.models import CatalogVersion

BATCH = 500


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
