"""The ScholarGate dataset: a readable JSON file of taxonomies and methods.

`load` writes a dataset into the catalog (all or nothing); `dump` reads the
catalog back in the same format, so the site's download can be loaded again.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from methods import history
from methods.models import NAME_FIELDS, Family, Method, MethodType, ResearchField
from methods.text import split_aliases
from methods.validators import is_slug

# The bundled dataset is kept as a folder, so that it stays readable: the taxonomies in one file
# and the methods in one file per research field. `read` joins them into the dataset format.
BUNDLED_DATASET = Path(__file__).parent / "data"
TAXONOMIES = {"fields": ResearchField, "families": Family, "types": MethodType}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
WORK_FIELDS = {
    "kind": "work_kind",
    "title": "work_title",
    "venue": "work_venue",
    "year": "work_year",
    "volume": "work_volume",
    "number": "work_number",
    "pages": "work_pages",
    "arxiv": "arxiv_id",
    "doi": "doi",
    "url": "url",
}


class DatasetError(Exception):
    """A dataset that cannot be loaded; the message names the row and the reason."""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    kept: int = 0


Progress = Callable[[int, int], None]


def read(path: Path) -> dict:
    """A dataset file, or a folder of them (taxonomies.json and methods/*.json) joined."""
    path = Path(path)
    if path.is_dir():
        data = _read_file(path / "taxonomies.json", needs_methods=False)
        data["methods"] = []
        for part in sorted((path / "methods").glob("*.json")):
            data["methods"] += _read_file(part)["methods"]
        return data
    return _read_file(path)


def _read_file(path: Path, needs_methods: bool = True) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise DatasetError(
            _("%(path)s: cannot read the dataset: %(error)s") % {"path": path, "error": error}
        ) from error
    if not isinstance(data, dict) or (needs_methods and not isinstance(data.get("methods"), list)):
        raise DatasetError(
            _("%(path)s: expected an object with a list of “methods”.") % {"path": path}
        )
    return data


def load(
    data: dict,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
    comment: str | None = None,
) -> LoadReport:
    """Create what is missing; change existing rows only with overwrite=True. All of it or
    nothing, as one revision of history signed with comment (by default, the program running)."""
    with transaction.atomic(), history.revision(comment or history.program(), manually=True):
        return _load(data, overwrite, progress)


def _load(data: dict, overwrite: bool, progress: Progress | None) -> LoadReport:
    report = LoadReport()
    taxa = {
        key: _load_taxonomy(model, data.get(key, []), key, overwrite)
        for key, model in TAXONOMIES.items()
    }
    records = data["methods"]
    written: dict[str, tuple[Method, dict]] = {}
    seen: set[str] = set()
    for index, record in enumerate(records, start=1):
        label = _row_label(index, record)
        try:
            method, status = _load_method(record, taxa, overwrite)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise DatasetError(f"{label}: {_reason(error)}") from error
        if method.slug in seen:
            raise DatasetError(f"{label}: the slug appears more than once in the file.")
        seen.add(method.slug)
        setattr(report, status, getattr(report, status) + 1)
        if status != "kept":
            written[method.slug] = (method, record)
        if progress:
            progress(index, len(records))
    slugs = {m.slug: m for m in Method.objects.filter(slug__in=_all_related_slugs(records))}
    slugs.update({slug: method for slug, (method, _record) in written.items()})
    # A method that had no version before the load gets one now, all in one go; the relations
    # are then recorded by the revision below, not relation by relation (see history).
    history.record_unversioned(Method.objects.filter(pk__in=[m.pk for m in slugs.values()]))
    with history.paused():
        others = _relate(records, written, slugs)
    history.add([*(method for method, _record in written.values()), *others])
    return report


def _relate(records: list, written: dict, slugs: dict) -> set[Method]:
    """Relate each written method to those its record names; returns the methods not in the
    file, or kept, that a written one now relates to."""
    others = set()
    for index, record in enumerate(records, start=1):
        if record.get("slug") not in written:
            continue
        method = written[record["slug"]][0]
        related = []
        for slug in record.get("related", []):
            if slug == method.slug:
                reason = _("A method cannot be related to itself.")
                raise DatasetError(f"{_row_label(index, record)}: {reason}")
            if slug not in slugs:
                reason = _("related method “%(slug)s” does not exist.") % {"slug": slug}
                raise DatasetError(f"{_row_label(index, record)}: {reason}")
            related.append(slugs[slug])
        method.related.add(*related)
        others.update(m for m in related if m.slug not in written)
    return others


def dump() -> dict:
    """The whole catalog in the dataset format."""

    def names(obj) -> dict:
        return {code: getattr(obj, f"name_{code}") or "" for code in LANGUAGE_CODES}

    data = {
        key: [{"slug": t.slug, "name": names(t)} for t in model.objects.order_by("slug")]
        for key, model in TAXONOMIES.items()
    }
    data["methods"] = [
        {
            "slug": m.slug,
            **{field: getattr(m, field) for field in NAME_FIELDS},
            "field": m.field.slug,
            "family": m.family.slug,
            "type": m.type.slug,
            "year": m.year,
            "originator": m.originator,
            "aliases": {
                code: split_aliases(getattr(m, f"aliases_{code}") or "") for code in LANGUAGE_CODES
            },
            "summary": {code: getattr(m, f"summary_{code}") or "" for code in LANGUAGE_CODES},
            "work": {
                "authors": m.work.authors,
                **{key: getattr(m, attr) for key, attr in WORK_FIELDS.items()},
            },
            "related": sorted(r.slug for r in m.related.all()),
        }
        for m in Method.objects.for_comparison().order_by("slug")
    ]
    return data


def _load_taxonomy(model, entries: list, key: str, overwrite: bool) -> dict:
    found = {}
    for index, entry in enumerate(entries, start=1):
        try:
            obj = model.objects.filter(slug=_slug(entry["slug"], "“slug”")).first()
            if obj is None or overwrite:
                obj = obj or model(slug=entry["slug"])
                for code in LANGUAGE_CODES:
                    setattr(obj, f"name_{code}", entry["name"][code])
                obj.full_clean()
                obj.save()
                history.add([obj])
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise DatasetError(f"{key} #{index} “{_slug_of(entry)}”: {_reason(error)}") from error
        found[obj.slug] = obj
    return found


def _load_method(record: dict, taxa: dict, overwrite: bool) -> tuple[Method, str]:
    if not isinstance(record, dict):
        raise TypeError("a method must be an object")
    method = Method.objects.filter(slug=_slug(record["slug"], "“slug”")).first()
    if method and not overwrite:
        return method, "kept"
    status = "updated" if method else "created"
    before = _fields(method) if method else None
    method = method or Method(slug=record["slug"])
    for key, model_key in (("field", "fields"), ("family", "families"), ("type", "types")):
        slug = _slug(record[key], f"“{key}”")
        taxon = taxa[model_key].get(slug) or TAXONOMIES[model_key].objects.filter(slug=slug).first()
        if taxon is None:
            raise ValueError(_("%(key)s “%(slug)s” does not exist") % {"key": key, "slug": slug})
        setattr(method, key, taxon)
    method.year = record["year"]
    method.originator = record["originator"]
    method.name = _expect(record, "name", str)
    method.acronym = _expect(record, "acronym", str, "")
    method.vietnamese_name = _expect(record, "vietnamese_name", str, "")
    summary = _expect(record, "summary", dict)
    aliases = _expect(record, "aliases", dict, {})
    for code in LANGUAGE_CODES:
        setattr(method, f"summary_{code}", summary.get(code, ""))
        setattr(method, f"aliases_{code}", ", ".join(_expect(aliases, code, list, [])))
    for slug in _expect(record, "related", list, []):
        _slug(slug, "every one of “related”")
    work = _expect(record, "work", dict)
    method.work_authors = "\n".join(_expect(work, "authors", list))
    for key, attr in WORK_FIELDS.items():
        setattr(method, attr, work.get(key) or ("" if key != "year" else None))
    if before is not None and _fields(method) == before and _relations_kept(method, record):
        # Saved, it would say it changed now ("last changed") when nothing did.
        return method, "kept"
    method.full_clean()
    method.save()
    return method, status


def _fields(method: Method) -> dict:
    return {f.attname: getattr(method, f.attname) for f in Method._meta.concrete_fields}


def _relations_kept(method: Method, record: dict) -> bool:
    """Whether the method relates already to every method its record names (loading adds
    relations, it never takes one away)."""
    named = set(record.get("related", []))
    return named <= set(method.related.filter(slug__in=named).values_list("slug", flat=True))


KINDS = {dict: "an object", list: "a list", str: "text"}
REQUIRED = object()


def _expect(record: dict, key: str, kind: type, default=REQUIRED):
    """record[key], refused unless it is of the kind a dataset holds there: a string where
    a list belongs would otherwise be read letter by letter."""
    value = record[key] if default is REQUIRED else record.get(key, default)
    if not isinstance(value, kind):
        raise TypeError(f"“{key}” must be {KINDS[kind]}")
    return value


def _slug(value, label: str) -> str:
    """value, refused unless it is a slug: anything else is not worth a query (and PostgreSQL
    refuses a NUL byte)."""
    if not is_slug(value):
        raise ValueError(f"{label} must be a slug: letters, digits, hyphens and underscores")
    return value


def _all_related_slugs(records: list) -> set[str]:
    return {slug for record in records for slug in record.get("related", [])}


def _slug_of(record) -> str:
    return record.get("slug", "?") if isinstance(record, dict) else "?"


def _row_label(index: int, record) -> str:
    return _("method #%(index)d “%(slug)s”") % {"index": index, "slug": _slug_of(record)}


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    if isinstance(error, KeyError):
        return _("missing “%(key)s”") % {"key": error.args[0]}
    return str(error)
