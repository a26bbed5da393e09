"""Small helpers shared by the request-level tests."""

import json
import re

from django.test.html import Element, normalize_attributes, parse_html
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


def elements(html: "str | Element", tag: str | None = None, **attributes: str) -> list[Element]:
    """The elements of `html` with this tag (any, for None) and at least these attributes, in
    any order, as a browser reads them (`class_` for class, whose names count as a set;
    `data_hx_swap_oob` for data-hx-swap-oob): what a test of markup looks for, rather than
    one way of writing it. In the order of the page."""
    names = [(k.rstrip("_").replace("_", "-"), v) for k, v in attributes.items()]
    wanted = dict(normalize_attributes(names))
    classes = set(wanted.pop("class", "").split())
    found, todo = [], [parse_html(html) if isinstance(html, str) else html]
    while todo:
        node = todo.pop(0)
        present = dict(node.attributes)
        if (
            tag in (None, node.name)
            and node.name is not None
            and all(k in present and present[k] == v for k, v in wanted.items())
            and classes <= set((present.get("class") or "").split())
        ):
            found.append(node)
        todo[:0] = [child for child in node.children if isinstance(child, Element)]
    return found


def element(html: "str | Element", tag: str | None = None, **attributes: str) -> Element:
    """The one element of `html` with this tag and these attributes (see elements)."""
    [found] = elements(html, tag, **attributes)
    return found


def top_elements(html: str) -> list[Element]:
    """The elements a fragment (an htmx answer) is made of, in order."""
    root = parse_html(html)
    children = root.children if root.name is None else [root]
    return [child for child in children if isinstance(child, Element)]


def text_of(node) -> str:
    """An element's text, its tags left out and its spaces collapsed; the parser drops the
    spaces around tags, so every tag reads as one (“tìm: <a>Transformer</a>,” as “tìm:
    Transformer ,”)."""
    if isinstance(node, str):
        return node
    return " ".join(" ".join(text_of(child) for child in node.children).split())


def attribute(node: Element, name: str) -> str | None:
    return dict(node.attributes).get(name)


def compared_columns(html: str) -> list[str]:
    """The slugs of a comparison page's columns, in order."""
    heads = elements(html, "th", scope="col")
    return [slug for th in heads if (slug := attribute(th, "data-column"))]
