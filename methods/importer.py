"""Import methods at scale from JSON or CSV, including the Papers with Code methods format.

A Papers with Code record looks like:
    {"name": "Adam", "full_name": "Adam", "description": "...", "introduced_year": 2014,
     "paper": {"title": "Adam: A Method for Stochastic Optimization",
               "url": "https://arxiv.org/abs/1412.6980v9"},
     "source_url": "...", "collections": [{"area": "General", "collection": "Optimization"}]}
The full name becomes the name, a different short name the acronym; area becomes the field,
collection the family; the description is the summary in the file's language. A record may also
give ScholarGate's own `characteristics`, `code` and typed `related` (as the dataset writes
them): each is checked, and the relations are written both ways. Rows are
upserted by slug, in batches, in one transaction: a row that cannot be imported is skipped with
its reason and the others are written; a failure of the database itself undoes the whole run.
"""

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from methods import characteristics, history, names, search, services
from methods.models import (
    Family,
    Method,
    MethodType,
    Relation,
    ResearchField,
    blank_translations_as_null,
)
from methods.validators import EARLIEST_YEAR, is_slug, validate_printable

ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")
UNSORTED = "unsorted"
IMPORTED_TYPE = ("method", {"vi": "Phương pháp", "en": "Method"})


class ImportFileError(Exception):
    """The file cannot be read at all; nothing was imported."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Row:
    slug: str
    name: str
    acronym: str
    summary: str
    year: int
    url: str
    arxiv_id: str
    work_title: str
    area: str
    collection: str
    # ScholarGate's own fields, when a record gives them (None: left as they are).
    characteristics: dict | None = None
    code: list | None = None
    # (slug of a method in the catalog or the file, kind from this method's side)
    related: list[tuple[str, str]] = field(default_factory=list)


# The model field each value of a Row fills: the value must pass its validators, as in the admin.
ROW_FIELDS = {
    "name": (Method, "name"),
    "acronym": (Method, "acronym"),
    "summary": (Method, "summary"),
    "url": (Method, "url"),
    "arxiv_id": (Method, "arxiv_id"),
    "work_title": (Method, "work_title"),
    "area": (ResearchField, "name"),
    "collection": (Family, "name"),
}


def read_records(path: Path) -> list[dict]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(_("%(path)s: %(error)s") % {"path": path, "error": error}) from error
    if Path(path).suffix.lower() == ".csv":
        return [_record_from_csv(row) for row in csv.DictReader(text.splitlines())]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("%(path)s: not valid JSON (%(error)s)") % {"path": path, "error": error}
        ) from error
    records = data.get("methods") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise ImportFileError(_("%(path)s: expected a list of methods") % {"path": path})
    return records


def _record_from_csv(row: dict) -> dict:
    """CSV columns: name, full_name, description, introduced_year, paper_title, paper_url,
    source_url, area, collection."""
    return {
        **row,
        "paper": {"title": row.get("paper_title", ""), "url": row.get("paper_url", "")},
        "collections": [{"area": row.get("area", ""), "collection": row.get("collection", "")}],
    }


def parse_row(record) -> Row:
    """One record as a Row; ValueError says why it cannot be imported. Every value is checked
    before any query sees it: PostgreSQL refuses a NUL byte even in a lookup, which would abort
    the whole import."""
    if not isinstance(record, dict):
        raise ValueError(_("not an object"))
    short = _text(record, "name")
    name = _text(record, "full_name") or short
    if not name:
        raise ValueError(_("no name"))
    year = record.get("introduced_year")
    if isinstance(year, str):  # as a CSV file gives it; printed in the reason when not a number
        year = _text(record, "introduced_year")
    try:
        year = int(year or 0)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(_("year “%(year)s” is not a number") % {"year": year}) from None
    if not EARLIEST_YEAR <= year <= timezone.now().year:
        raise ValueError(
            _("year %(year)s is outside %(earliest)s–%(current)s")
            % {"year": year, "earliest": EARLIEST_YEAR, "current": timezone.now().year}
        )
    paper = record.get("paper") or {}
    if not isinstance(paper, dict):
        raise ValueError(_("“%(key)s” is not an object") % {"key": "paper"})
    url = _text(paper, "url") or _text(record, "source_url")
    if not url.startswith(("http://", "https://")):
        raise ValueError(_("no link to the original work"))
    collections = record.get("collections") or [{}]
    if not isinstance(collections, list) or not isinstance(collections[0], dict):
        raise ValueError(_("“%(key)s” is not a list of objects") % {"key": "collections"})
    first = collections[0]
    arxiv = ARXIV_URL.search(url)
    row = Row(
        slug=slugify(short or name)[:200] or slugify(name)[:200],
        name=name,
        acronym=short if names.key(short) != names.key(name) else "",
        summary=_text(record, "description"),
        year=year,
        url=url,
        arxiv_id=arxiv.group(1) if arxiv else "",
        work_title=_text(paper, "title") or name,
        area=_text(first, "area"),
        collection=_text(first, "collection"),
    )
    if not row.slug:
        raise ValueError(_("no Latin letters or digits in the name to make its address from"))
    _parse_catalog_fields(record, row)
    for attribute, (model, field_name) in ROW_FIELDS.items():
        _validate(model, field_name, getattr(row, attribute))
    return row


def _parse_catalog_fields(record: dict, row: Row) -> None:
    """Characteristics, code and typed relations, as the ScholarGate dataset writes them; the
    characteristics are checked against the method's group once it is known (_write_batch)."""
    if "characteristics" in record:
        if not isinstance(record["characteristics"], dict):
            raise ValueError(_("Characteristics must be an object of property: value."))
        row.characteristics = record["characteristics"]
    if "code" in record:
        if problems := characteristics.check_code(record["code"]):
            raise ValueError("; ".join(problems))
        row.code = record["code"]
    related = record.get("related") or []
    if not isinstance(related, list) or not all(
        isinstance(r, dict)
        and is_slug(r.get("slug"))
        and r.get("type") in Relation.Kind.values
        and r["slug"] != row.slug
        for r in related
    ):
        raise ValueError(
            _("every one of “related” must name another method and a kind of relation (%(kinds)s)")
            % {"kinds": ", ".join(Relation.Kind.values)}
        )
    row.related = [(r["slug"], r["type"]) for r in related]


def _text(record: dict, key: str) -> str:
    """record[key] as text, stripped; missing or null is empty. A number or a list where text
    belongs is refused rather than written as its Python spelling, and so is a control
    character, as the admin refuses it."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(_("“%(key)s” is not text") % {"key": key})
    try:
        validate_printable(value)
    except ValidationError as error:
        raise ValueError(f"“{key}”: {' '.join(error.messages)}") from None
    return value.strip()


def _validate(model, field_name: str, value) -> None:
    """Refuse value, for the reason the admin would give, unless it passes the validators of
    the model field it fills (its length, a link's form, an arXiv identifier's)."""
    field = model._meta.get_field(field_name)
    try:
        field.run_validators(value)
    except ValidationError as error:
        # A field or a family is named by what it is: its only text is its name.
        label = field.verbose_name if model is Method else model._meta.verbose_name
        raise ValueError(f"{label}: {' '.join(error.messages)}") from None


class _Taxa:
    """Fields, families and the type for imported rows, created on first use."""

    def __init__(self) -> None:
        self.cache: dict[tuple, object] = {}

    def get(self, model, label: str, translations: dict | None = None):
        slug = slugify(label)[:80] or UNSORTED
        key = (model, slug)
        if key not in self.cache:
            given = translations or {"vi": None, "en": label or "Unsorted"}
            self.cache[key], created = model.objects.get_or_create(
                slug=slug, defaults={f"name_{code}": value for code, value in given.items()}
            )
            if created:
                services.saved([self.cache[key]])
        return self.cache[key]


def import_records(
    records: list,
    *,
    language: str = "en",
    batch_size: int = 500,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    comment: str | None = None,
) -> ImportReport:
    """Write the records as one catalog write signed with comment (by default, the program
    running); a dry run writes nothing, history included."""
    report = ImportReport()
    taxa = _Taxa()
    seen: dict[str, int] = {}
    write = history.paused() if dry_run else services.catalog_write(comment or history.program())
    with write, transaction.atomic():
        method_type = taxa.get(MethodType, IMPORTED_TYPE[0], IMPORTED_TYPE[1])
        for start in range(0, len(records), batch_size):
            batch = records[start : start + batch_size]
            rows = []
            for offset, record in enumerate(batch):
                index = start + offset + 1
                try:
                    row = parse_row(record)
                except ValueError as error:
                    report.skipped.append((f"#{index}", str(error)))
                    continue
                if row.slug in seen:
                    report.skipped.append(
                        (
                            f"#{index} {row.slug}",
                            _("same slug as #%(row)s") % {"row": seen[row.slug]},
                        )
                    )
                    continue
                seen[row.slug] = index
                rows.append(row)
            _write_batch(rows, language, taxa, method_type, report)
            if progress:
                progress(min(start + batch_size, len(records)), len(records))
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        search.merge_index()
    return report


def _write_batch(rows: list[Row], language: str, taxa: _Taxa, method_type, report) -> None:
    existing = Method.objects.in_bulk([row.slug for row in rows], field_name="slug")
    terms = characteristics.vocabulary()
    named = {slug for row in rows for slug, _kind in row.related}
    in_catalog = set(Method.objects.filter(slug__in=named).values_list("slug", flat=True))
    in_file = {row.slug for row in rows}
    # Each name finds one method (methods.names): a row whose name or acronym another method
    # of the catalog, or a row before it, has already is skipped. An updated method keeps its
    # Vietnamese name, which stays its own.
    own_names = {
        row.slug: {
            "name": row.name,
            "acronym": row.acronym,
            "vietnamese_name": m.vietnamese_name if (m := existing.get(row.slug)) else "",
        }
        for row in rows
    }
    taken = Method.objects.exclude(slug__in=own_names).names_taken(
        name for given in own_names.values() for name in given.values()
    )
    to_create, to_update = [], []
    for row in rows:
        family = taxa.get(Family, row.collection)
        unknown = next((s for s, _k in row.related if s not in in_catalog | in_file), None)
        problems = characteristics.check(row.characteristics or {}, terms, family.pk)
        if unknown or problems:
            reason = _("related method “%(slug)s” does not exist.") % {"slug": unknown}
            report.skipped.append((row.slug, "; ".join(problems) if problems else reason))
            in_file.discard(row.slug)
            continue
        if refused := names.clashes([(row.slug, own_names[row.slug])], taken):
            report.skipped.append((row.slug, " ".join(refused[row.slug].values())))
            in_file.discard(row.slug)
            continue
        method = existing.get(row.slug) or Method(slug=row.slug)
        method.name, method.acronym = row.name, row.acronym
        setattr(method, f"summary_{language}", row.summary)
        method.field = taxa.get(ResearchField, row.area)
        method.family = family
        if row.characteristics is not None:
            method.characteristics = row.characteristics
        if row.code is not None:
            method.code = row.code
        method.type = method.type if method.pk else method_type
        method.year = method.work_year = row.year
        method.url, method.arxiv_id, method.work_title = row.url, row.arxiv_id, row.work_title
        method.work_kind = Method.WorkKind.PREPRINT if row.arxiv_id else Method.WorkKind.ARTICLE
        method.refresh_search_text()
        blank_translations_as_null(method)
        (to_update if method.pk else to_create).append(method)
    services.keep_state_before(Method.objects.filter(pk__in=[m.pk for m in to_update]))
    now = timezone.now()
    for method in to_update:
        method.updated_at = now
    Method.objects.bulk_create(to_create)
    services.update_rows(
        to_update,
        [
            *("name", "acronym", f"summary_{language}", "folded_names"),
            *(f"search_text_{code}" for code, _name in settings.LANGUAGES),
            *("field", "family", "year", "work_year", "url", "arxiv_id", "work_title"),
            *("work_kind", "updated_at", "characteristics", "code"),
        ],
    )
    others = _relate(rows, [*to_create, *to_update])
    services.saved([*to_create, *to_update, *others])
    report.created += len(to_create)
    report.updated += len(to_update)


def _relate(rows: list[Row], written: list[Method]) -> list[Method]:
    """The typed relations the written rows name, both ways, in a few statements; returns the
    methods outside the batch whose relations changed (their state before is kept first)."""
    by_slug = {m.slug: m for m in written}
    wanted = {
        (by_slug[row.slug], slug, kind)
        for row in rows
        if row.slug in by_slug
        for slug, kind in row.related
    }
    if not wanted:
        return []
    targets = dict(
        Method.objects.filter(slug__in={slug for _m, slug, _k in wanted}).values_list("slug", "pk")
    )
    outside = [pk for slug, pk in targets.items() if slug not in by_slug]
    services.keep_state_before(Method.objects.filter(pk__in=outside))
    Relation.objects.write({(m.pk, targets[slug]): kind for m, slug, kind in wanted})
    return list(Method.objects.filter(pk__in=outside))
