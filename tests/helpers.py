"""Small helpers shared by the request-level tests."""

import json
import re

from django.urls import reverse
from django.utils import translation

from compare.tray import SESSION_KEY
from methods import dataset
from methods.models import Method


def url(name: str, lang: str = "vi", **kwargs) -> str:
    """A named URL under a language prefix."""
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def translated(message: str, lang: str) -> str:
    """An interface string as a visitor reading `lang` sees it."""
    with translation.override(lang):
        return translation.gettext(message)


def tray_slugs(client) -> list[str]:
    """The slugs in the client's compare tray, as its session stores them."""
    ids = client.session.get(SESSION_KEY, [])
    return [
        slug for pk in ids for slug in Method.objects.filter(pk=pk).values_list("slug", flat=True)
    ]


def body(response) -> bytes:
    """What a response sends, whether streamed (a file) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def bundled_field(field: str) -> dict:
    """The bundled taxonomies and one field's methods, related only among themselves: enough
    to see what the loader does, without loading the whole catalog in every test."""
    data = dataset.read(dataset.BUNDLED_DATASET)
    methods = [m for m in data["methods"] if m["field"] == field]
    slugs = {m["slug"] for m in methods}
    for method in methods:
        method["related"] = [r for r in method["related"] if r["slug"] in slugs]
    return {**data, "methods": methods}


def row_cells(html: str, key: str) -> list[str]:
    """The text of a comparison row's cells, one per method in the table's order."""
    row = re.search(rf'<tr id="row-{key}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def method_form_data(method: Method, **changes) -> dict:
    """What the admin's form for method sends, with these changes; `related` (a list of ids, or
    of (id, kind) pairs) becomes the relations' inline rows, as an editor would leave them."""
    relations = relation_rows(method, changes.pop("related", None))
    data = {
        "name": method.name,
        "acronym": method.acronym,
        "vietnamese_name": method.vietnamese_name,
        "slug": method.slug,
        "field": method.field_id,
        "family": method.family_id,
        "type": method.type_id,
        "year": method.year,
        "originator": method.originator,
        "aliases_vi": method.aliases_vi or "",
        "aliases_en": method.aliases_en or "",
        "summary_vi": method.summary_vi or "",
        "summary_en": method.summary_en or "",
        "also_fields": [f.pk for f in method.also_fields.all()],
        "characteristics": json.dumps(method.characteristics),
        "code": json.dumps(method.code),
        "work_kind": method.work_kind,
        "work_authors": method.work_authors,
        "work_title": method.work_title,
        "work_venue": method.work_venue,
        "work_year": method.work_year,
        "work_volume": "",
        "work_number": "",
        "work_pages": "",
        "arxiv_id": method.arxiv_id,
        "doi": method.doi,
        "url": method.url,
        # As the form had it when opened: the method has not changed since.
        "seen_updated_at": method.updated_at.isoformat(),
    }
    return {**data, **relations, **changes}


def relation_rows(method: Method, related: list | None) -> dict:
    """The relations' inline rows: the method's own, kept, deleted or added to match `related`."""
    existing = list(method.relations.all()) if method.pk else []
    if related is None:
        wanted = {r.to_method_id: r.kind for r in existing}
    else:
        wanted = dict(r if isinstance(r, tuple) else (r, "") for r in related)
    rows = [
        {"id": r.pk, "to_method": r.to_method_id, "kind": wanted.get(r.to_method_id, r.kind)}
        | ({} if r.to_method_id in wanted else {"DELETE": "on"})
        for r in existing
    ]
    kept = {r.to_method_id for r in existing}
    rows += [{"to_method": pk, "kind": kind} for pk, kind in wanted.items() if pk not in kept]
    data = {
        "relations-TOTAL_FORMS": len(rows),
        "relations-INITIAL_FORMS": len(existing),
        "relations-MIN_NUM_FORMS": 0,
        "relations-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data |= {f"relations-{index}-{key}": value for key, value in row.items()}
        if method.pk:
            data[f"relations-{index}-from_method"] = method.pk
    return data
