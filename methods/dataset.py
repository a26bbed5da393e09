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

from methods.models import Family, Method, MethodType, ResearchField

BUNDLED_DATASET = Path(__file__).parent / "data" / "scholargate.json"
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
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError(
            _("%(path)s: cannot read the dataset: %(error)s") % {"path": path, "error": error}
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("methods"), list):
        raise DatasetError(
            _("%(path)s: expected an object with a list of “methods”.") % {"path": path}
        )
    return data


@transaction.atomic
def load(data: dict, *, overwrite: bool = False, progress: Progress | None = None) -> LoadReport:
    """Create what is missing; change existing rows only with overwrite=True."""
    report = LoadReport()
    taxa = {
        key: _load_taxonomy(model, data.get(key, []), key, overwrite)
        for key, model in TAXONOMIES.items()
    }
    records = data["methods"]
    written: dict[str, tuple[Method, dict]] = {}
    for index, record in enumerate(records, start=1):
        label = _row_label(index, record)
        try:
            method, status = _load_method(record, taxa, overwrite)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise DatasetError(f"{label}: {_reason(error)}") from error
        setattr(report, status, getattr(report, status) + 1)
        if status != "kept":
            written[method.slug] = (method, record)
        if progress:
            progress(index, len(records))
    slugs = {m.slug: m for m in Method.objects.filter(slug__in=_all_related_slugs(records))}
    slugs.update({slug: method for slug, (method, _record) in written.items()})
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
    return report


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
            "name": names(m),
            "field": m.field.slug,
            "family": m.family.slug,
            "type": m.type.slug,
            "year": m.year,
            "originator": m.originator,
            "aliases": {
                code: _split(getattr(m, f"aliases_{code}") or "") for code in LANGUAGE_CODES
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
            obj = model.objects.filter(slug=entry["slug"]).first()
            if obj is None or overwrite:
                obj = obj or model(slug=entry["slug"])
                for code in LANGUAGE_CODES:
                    setattr(obj, f"name_{code}", entry["name"][code])
                obj.full_clean()
                obj.save()
        except (KeyError, TypeError, ValidationError) as error:
            raise DatasetError(f"{key} #{index} “{_slug_of(entry)}”: {_reason(error)}") from error
        found[obj.slug] = obj
    return found


def _load_method(record: dict, taxa: dict, overwrite: bool) -> tuple[Method, str]:
    method = Method.objects.filter(slug=record["slug"]).first()
    if method and not overwrite:
        return method, "kept"
    status = "updated" if method else "created"
    method = method or Method(slug=record["slug"])
    for key, model_key in (("field", "fields"), ("family", "families"), ("type", "types")):
        slug = record[key]
        taxon = taxa[model_key].get(slug) or TAXONOMIES[model_key].objects.filter(slug=slug).first()
        if taxon is None:
            raise ValueError(_("%(key)s “%(slug)s” does not exist") % {"key": key, "slug": slug})
        setattr(method, key, taxon)
    method.year = record["year"]
    method.originator = record["originator"]
    for code in LANGUAGE_CODES:
        setattr(method, f"name_{code}", record["name"].get(code, ""))
        setattr(method, f"summary_{code}", record["summary"].get(code, ""))
        setattr(method, f"aliases_{code}", ", ".join(record.get("aliases", {}).get(code, [])))
    work = record["work"]
    method.work_authors = "\n".join(work["authors"])
    for key, attr in WORK_FIELDS.items():
        setattr(method, attr, work.get(key) or ("" if key != "year" else None))
    method.full_clean()
    method.save()
    return method, status


def _all_related_slugs(records: list) -> set[str]:
    return {slug for record in records for slug in record.get("related", [])}


def _split(aliases: str) -> list[str]:
    return [alias.strip() for alias in aliases.split(",") if alias.strip()]


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
