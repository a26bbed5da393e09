"""The ScholarGate dataset: a readable JSON file of taxonomies and methods.

`load` writes a dataset into the catalog (all or nothing); `dump` reads the
catalog back in the same format, so the site's download can be loaded again.
"""

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from methods import characteristics, history, names, search, services
from methods.models import (
    NAME_FIELDS,
    Family,
    Method,
    MethodType,
    Property,
    Relation,
    ResearchField,
    blank_translations_as_null,
)
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
        data |= _read_file(path / "characteristics.json", needs_methods=False)
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
    nothing, as one catalog write signed with comment (by default, the program running)."""
    with services.catalog_write(comment or history.program()):
        if overwrite:
            _keep_state_before(data)
        report = _load(data, overwrite, progress)
    search.merge_index()
    return report


def _keep_state_before(data: dict) -> None:
    """What the file names and overwrite may change, kept first as it is: one query per model."""
    slugs = {
        key: {
            entry["slug"]
            for entry in data.get(key, [])
            if isinstance(entry, dict) and isinstance(entry.get("slug"), str)
        }
        for key in [*TAXONOMIES, "properties", "methods"]
    }
    for key, model in [*TAXONOMIES.items(), ("properties", Property), ("methods", Method)]:
        services.keep_state_before(model.objects.filter(slug__in=slugs[key]))


def _load(data: dict, overwrite: bool, progress: Progress | None) -> LoadReport:
    """Every record checked against what was read once (the catalog's taxa, methods and names),
    then written in a few bulk statements however many there are."""
    report = LoadReport()
    taxa = {
        key: _load_taxonomy(model, data.get(key, []), key, overwrite)
        for key, model in TAXONOMIES.items()
    }
    _load_properties(data.get("properties", []), taxa["families"], overwrite)
    catalog = _Catalog.read(data["methods"], taxa)
    records = data["methods"]
    written: dict[str, tuple[Method, dict, list]] = {}
    seen: set[str] = set()
    for index, record in enumerate(records, start=1):
        label = _row_label(index, record)
        if _slug_of(record) in seen:
            raise DatasetError(f"{label}: the slug appears more than once in the file.")
        try:
            method, status, also_fields = _load_method(record, catalog, overwrite)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise DatasetError(f"{label}: {_reason(error)}") from error
        seen.add(method.slug)
        setattr(report, status, getattr(report, status) + 1)
        if status != "kept":
            written[method.slug] = (method, record, also_fields)
        if progress:
            progress(index, len(records))
    _write([(method, also_fields) for method, _record, also_fields in written.values()])
    slugs = {m.slug: m for m in Method.objects.filter(slug__in=_all_related_slugs(records))}
    # The methods outside the file that written ones relate to change too: kept first.
    services.keep_state_before(
        Method.objects.filter(pk__in=[m.pk for m in slugs.values()]).exclude(slug__in=list(written))
    )
    slugs.update({slug: method for slug, (method, _record, _also) in written.items()})
    others = _relate(records, written, slugs)
    services.saved([*(method for method, _record, _also in written.values()), *others])
    return report


@dataclass
class _Catalog:
    """What the records are checked against, read in a few queries before the first one."""

    taxa: dict[str, dict]  # {"fields": {slug: field}, …}: the file's and the catalog's
    terms: dict  # the characteristics' vocabulary
    methods: dict[str, Method]  # the catalog's methods that the file names, by slug
    also_fields: dict[int, set[int]]  # their other fields' ids
    relations: dict[int, dict[str, str]]  # their relations: {other's slug: kind}
    taken: names.Taken  # the names that other methods have (methods.names)
    held: dict[str, list[str]]  # those of the catalog's methods the file names, by slug

    @classmethod
    def read(cls, records: list, taxa: dict) -> "_Catalog":
        given = [record for record in records if isinstance(record, dict)]
        slugs = [slug for record in given if is_slug(slug := record.get("slug"))]
        methods = Method.objects.in_bulk(slugs, field_name="slug")
        also_fields = defaultdict(set)
        relations = defaultdict(dict)
        if methods:
            through = Method.also_fields.through
            for method_id, field_id in through.objects.filter(
                method__in=methods.values()
            ).values_list("method_id", "researchfield_id"):
                also_fields[method_id].add(field_id)
            for method_id, slug, kind in Relation.objects.filter(
                from_method__in=methods.values()
            ).values_list("from_method_id", "to_method__slug", "kind"):
                relations[method_id][slug] = kind
        candidates = [
            value
            for record in given
            for field in NAME_FIELDS
            if isinstance(value := record.get(field), str)
        ]
        # Those of the methods the file writes are set free as each is checked (_load_method).
        taken = Method.objects.names_taken(candidates)
        held = defaultdict(list)
        for name, (holder, _field) in taken.items():
            held[holder.slug].append(name)
        return cls(
            taxa={
                key: {t.slug: t for t in model.objects.all()} | taxa[key]
                for key, model in TAXONOMIES.items()
            },
            terms=characteristics.read_vocabulary(),
            methods=methods,
            also_fields=also_fields,
            relations=relations,
            taken=taken,
            held=held,
        )

    def set_free(self, method: Method) -> None:
        """The names the catalog gives this method, which it may keep or give up."""
        for name in self.held.pop(method.slug, []):
            holder, _field = self.taken.get(name, (None, ""))
            if isinstance(holder, Method) and holder.slug == method.slug:
                del self.taken[name]  # not yet claimed by a record checked before it


def _write(methods: list[tuple[Method, list]]) -> None:
    """The checked methods and their other fields, in bulk: new rows made, changed rows
    updated field by field, one statement each."""
    now = timezone.now()
    new = [method for method, _also in methods if method.pk is None]
    changed = [method for method, _also in methods if method.pk is not None]
    for method in changed:
        method.updated_at = now
    Method.objects.bulk_create(new, batch_size=500)
    services.update_rows(
        changed,
        [f.name for f in Method._meta.concrete_fields if not f.primary_key],
    )
    through = Method.also_fields.through
    through.objects.filter(method__in=changed).delete()
    through.objects.bulk_create(
        [
            through(method_id=method.pk, researchfield_id=field.pk)
            for method, also_fields in methods
            for field in also_fields
        ],
        batch_size=500,
    )


def _relate(records: list, written: dict, slugs: dict) -> set[Method]:
    """Relate each written method to those its record names, with their kinds, in a few
    statements; returns the methods not in the file, or kept, that a written one now relates
    to. Two records that both name their relation must give it kinds that are each other's
    inverse."""
    others, kinds = set(), {}
    for index, record in enumerate(records, start=1):
        if record.get("slug") not in written:
            continue
        method = written[record["slug"]][0]
        for slug, kind in _relations(record):
            other = slugs.get(slug)
            if slug == method.slug:
                reason = _("A method cannot be related to itself.")
            elif other is None:
                reason = _("related method “%(slug)s” does not exist.") % {"slug": slug}
            elif kinds.get((other.pk, method.pk), Relation.inverse(kind)) != Relation.inverse(kind):
                reason = _(
                    "its relation to “%(slug)s” is “%(kind)s”, but that method's record says "
                    "“%(other)s”: one must be the other's inverse."
                ) % {"slug": slug, "kind": kind, "other": kinds[(other.pk, method.pk)]}
            else:
                kinds[(method.pk, other.pk)] = kind
                if other.slug not in written:
                    others.add(other)
                continue
            raise DatasetError(f"{_row_label(index, record)}: {reason}")
    Relation.objects.write(kinds)
    return others


def _relations(record: dict) -> list[tuple[str, str]]:
    """A record's related methods as (slug, kind): {"slug": …, "type": …} objects, or the plain
    slugs of datasets made before relations had kinds (untyped)."""
    found = []
    for entry in _expect(record, "related", list, []):
        if isinstance(entry, str):
            found.append((entry, ""))
        elif isinstance(entry, dict) and isinstance(entry.get("slug"), str):
            found.append((entry["slug"], entry.get("type", "")))
        else:
            raise ValueError(
                _("every one of “related” must name a method and how it relates to it")
            )
    return found


def dump() -> dict:
    """The whole catalog in the dataset format."""

    def names(obj) -> dict:
        return {code: getattr(obj, f"name_{code}") or "" for code in LANGUAGE_CODES}

    data = {
        key: [{"slug": t.slug, "name": names(t)} for t in model.objects.order_by("slug")]
        for key, model in TAXONOMIES.items()
    }
    data["properties"] = [
        {
            "slug": p.slug,
            **{
                field: {code: getattr(p, f"{field}_{code}") or "" for code in LANGUAGE_CODES}
                for field in ("label", "help", "unit")
            },
            "value_type": p.value_type,
            "choices": p.choices,
            "families": sorted(f.slug for f in p.families.all()),
        }
        for p in Property.objects.prefetch_related("families")
    ]
    relations = Relation.objects.select_related("to_method").only(
        "from_method", "kind", "to_method__slug"
    )
    data["methods"] = [
        {
            "slug": m.slug,
            **{field: getattr(m, field) for field in NAME_FIELDS},
            "field": m.field.slug,
            "also_fields": sorted(f.slug for f in m.also_fields.all()),
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
            "characteristics": m.characteristics,
            "code": m.code,
            "related": sorted(
                ({"slug": r.to_method.slug, "type": r.kind} for r in m.relations.all()),
                key=lambda r: r["slug"],
            ),
        }
        for m in Method.objects.for_listing()
        .prefetch_related("also_fields", models.Prefetch("relations", queryset=relations))
        .order_by("slug")
    ]
    return data


def _load_taxonomy(model, entries: list, key: str, overwrite: bool) -> dict:
    """The file's taxa by slug: new ones made, existing ones changed only with overwrite, in a
    few statements."""
    existing = _by_slug(model, entries)
    found, new = {}, []
    for index, entry in enumerate(entries, start=1):
        try:
            slug = _slug(entry["slug"], "“slug”")
            obj = found.get(slug) or existing.get(slug)
            if obj is None or overwrite:
                if obj is None:
                    obj = model(slug=slug)
                    new.append(obj)
                for code in LANGUAGE_CODES:
                    setattr(obj, f"name_{code}", entry["name"][code])
                obj.full_clean(validate_unique=False)  # the slug was looked up
                blank_translations_as_null(obj)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise DatasetError(f"{key} #{index} “{_slug_of(entry)}”: {_reason(error)}") from error
        found[slug] = obj
    changed = [obj for obj in found.values() if obj.pk is not None] if overwrite else []
    _write_rows(model, new, changed)
    services.saved([*new, *changed])
    return found


def _load_properties(entries: list, families: dict, overwrite: bool) -> None:
    """The vocabulary of characteristics, as the taxonomies are loaded: new ones always,
    existing ones only with overwrite."""
    existing = _by_slug(Property, entries)
    all_families = {f.slug: f for f in Family.objects.all()} | families
    found, applies_to = {}, {}
    for index, entry in enumerate(entries, start=1):
        try:
            slug = _slug(entry["slug"], "“slug”")
            prop = found.get(slug) or existing.get(slug)
            if prop is not None and not overwrite:
                continue
            prop = prop or Property(slug=slug)
            for field in ("label", "help", "unit"):
                texts = _expect(entry, field, dict, {})
                for code in LANGUAGE_CODES:
                    setattr(prop, f"{field}_{code}", _expect(texts, code, str, ""))
            prop.value_type = entry["value_type"]
            prop.choices = _expect(entry, "choices", list, [])
            prop.position = index
            applies_to[slug] = []
            for family_slug in _expect(entry, "families", list, []):
                family = all_families.get(_slug(family_slug, "“families”"))
                if family is None:
                    raise ValueError(_("family “%(slug)s” does not exist") % {"slug": family_slug})
                applies_to[slug].append(family)
            prop.full_clean(validate_unique=False)  # the slug was looked up
            blank_translations_as_null(prop)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise DatasetError(
                f"properties #{index} “{_slug_of(entry)}”: {_reason(error)}"
            ) from error
        found[slug] = prop
    new = [prop for prop in found.values() if prop.pk is None]
    changed = [prop for prop in found.values() if prop.pk is not None]
    _write_rows(Property, new, changed)
    through = Property.families.through
    through.objects.filter(property__in=changed).delete()
    through.objects.bulk_create(
        through(property_id=found[slug].pk, family_id=family.pk)
        for slug, chosen in applies_to.items()
        for family in chosen
    )
    written = list(found.values())
    models.prefetch_related_objects(written, "families")  # for their revision, in one query
    services.saved(written)


def _by_slug(model, entries: list) -> dict:
    slugs = [e["slug"] for e in entries if isinstance(e, dict) and is_slug(e.get("slug"))]
    return model.objects.in_bulk(slugs, field_name="slug")


def _write_rows(model, new: list, changed: list) -> None:
    """New rows made and changed ones updated, a statement for each kind."""
    model.objects.bulk_create(new)
    services.update_rows(
        changed, [f.name for f in model._meta.concrete_fields if not f.primary_key]
    )


def _load_method(record: dict, catalog: _Catalog, overwrite: bool) -> tuple[Method, str, list]:
    """The record as a checked method, not yet written, with its other fields; "kept" for a
    method that is there already and stays as it is."""
    if not isinstance(record, dict):
        raise TypeError("a method must be an object")
    method = catalog.methods.get(_slug(record["slug"], "“slug”"))
    if method and not overwrite:
        return method, "kept", []
    status = "updated" if method else "created"
    before = _fields(method) if method else None
    method = method or Method(slug=record["slug"])
    for key, model_key in (("field", "fields"), ("family", "families"), ("type", "types")):
        taxon = catalog.taxa[model_key].get(_slug(record[key], f"“{key}”"))
        if taxon is None:
            raise ValueError(
                _("%(key)s “%(slug)s” does not exist") % {"key": key, "slug": record[key]}
            )
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
    for slug, kind in _relations(record):
        _slug(slug, "every one of “related”")
        if kind and kind not in Relation.Kind.values:
            raise ValueError(
                _("“%(kind)s” is not a kind of relation (%(kinds)s)")
                % {"kind": kind, "kinds": ", ".join(Relation.Kind.values)}
            )
    also_fields = []
    for slug in _expect(record, "also_fields", list, []):
        taxon = catalog.taxa["fields"].get(_slug(slug, "every one of “also_fields”"))
        if taxon is None:
            raise ValueError(_("field “%(slug)s” does not exist") % {"slug": slug})
        also_fields.append(taxon)
    method.characteristics = _expect(record, "characteristics", dict, {})
    method.code = _expect(record, "code", list, [])
    problems = characteristics.check(method.characteristics, catalog.terms, method.family_id)
    problems += characteristics.check_code(method.code)
    if problems:
        raise ValueError("; ".join(problems))
    work = _expect(record, "work", dict)
    method.work_authors = "\n".join(_expect(work, "authors", list))
    for key, attr in WORK_FIELDS.items():
        setattr(method, attr, work.get(key) or ("" if key != "year" else None))
    method.refresh_search_text()
    blank_translations_as_null(method)  # as saving would, to compare with what is there
    if (
        before is not None
        and _fields(method) == before
        and _relations_kept(method, record, also_fields, catalog)
    ):
        # Saved, it would say it changed now ("last changed") when nothing did.
        return method, "kept", []
    catalog.set_free(method)
    _validate(method, catalog.taken)
    return method, status, also_fields


def _validate(method: Method, taken: names.Taken) -> None:
    """What the admin's full_clean checks, less its queries: the taxa come from the catalog
    read once, and the names are checked against those read once (and the file's before)."""
    errors = {}
    for check in (
        lambda: method.clean_fields(exclude=["field", "family", "type"]),
        lambda: method.clean(taken),
    ):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _fields(method: Method) -> dict:
    return {f.attname: getattr(method, f.attname) for f in Method._meta.concrete_fields}


def _relations_kept(method: Method, record: dict, also_fields: list, catalog: _Catalog) -> bool:
    """Whether the method relates already to every method its record names, as the record
    says (loading adds relations, it never takes one away), and is in the same other fields."""
    present = catalog.relations[method.pk]
    same_fields = {f.pk for f in also_fields} == catalog.also_fields[method.pk]
    return same_fields and all(present.get(slug) == kind for slug, kind in _relations(record))


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
    return {slug for record in records for slug, _kind in _relations(record)}


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
