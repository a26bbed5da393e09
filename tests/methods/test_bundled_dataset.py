"""The bundled catalog as a reviewer reads it: every problem is named with its field and method,
all at once, before anything is loaded."""

from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError

from methods.dataset import BUNDLED_DATASET, read
from methods.text import fold
from methods.validators import validate_arxiv_id, validate_doi, validate_year

DATA = read(BUNDLED_DATASET)
METHODS = DATA["methods"]
BY_SLUG = {m["slug"]: m for m in METHODS}


def where(method: dict) -> str:
    return f"{method['field']}/{method['slug']}"


def test_the_catalog_spans_at_least_nine_fields_of_twelve_methods_or_more():
    per_field = Counter(m["field"] for m in METHODS)
    assert len(METHODS) >= 250, f"{len(METHODS)} methods"
    assert len([f for f, count in per_field.items() if count >= 12]) >= 9, per_field
    assert set(per_field) <= {f["slug"] for f in DATA["fields"]}


def test_each_field_file_holds_that_fields_methods():
    # A reviewer of one field's file sees the whole field, and nothing of another.
    misplaced = [
        f"{part.name}: {where(method)}"
        for part in sorted((BUNDLED_DATASET / "methods").glob("*.json"))
        for method in read(part)["methods"]
        if method["field"] != part.stem
    ]
    assert misplaced == []


def test_relations_exist_are_symmetric_and_each_method_has_two():
    problems = []
    for method in METHODS:
        related = method["related"]
        if len(set(related)) < 2:
            problems.append(f"{where(method)}: relates to {len(set(related))} methods, not two")
        for slug in related:
            if slug == method["slug"] or slug not in BY_SLUG:
                problems.append(f"{where(method)}: related “{slug}” is not another method")
            elif method["slug"] not in BY_SLUG[slug]["related"]:
                problems.append(f"{where(method)}: “{slug}” does not relate back")
    assert problems == []


def test_no_name_acronym_or_alias_belongs_to_two_methods():
    owners = defaultdict(set)
    for method in METHODS:
        names = [method["name"], method["acronym"], method["vietnamese_name"]]
        for text in [*names, *method["aliases"]["vi"], *method["aliases"]["en"]]:
            if text:
                owners[fold(text)].add(where(method))
    shared = {text: sorted(places) for text, places in owners.items() if len(places) > 1}
    assert shared == {}


@pytest.mark.parametrize("method", METHODS, ids=where)
def test_identifiers_and_years_are_well_formed(method):
    work = method["work"]
    checks = [
        (validate_year, method["year"]),
        (validate_year, work["year"]),
        *([(validate_arxiv_id, work["arxiv"])] if work["arxiv"] else []),
        *([(validate_doi, work["doi"])] if work["doi"] else []),
    ]
    problems = []
    for validate, value in checks:
        try:
            validate(value)
        except ValidationError as error:
            problems.append(f"{where(method)}: {value}: {' '.join(error.messages)}")
    assert problems == []
    assert work["arxiv"] or work["doi"] or work["url"], f"{where(method)}: no arXiv id, DOI or link"
    assert work["authors"], where(method)
    assert method["year"] <= work["year"], f"{where(method)}: introduced after it was published"


def test_the_originator_wrote_the_cited_work_or_both_summaries_name_them():
    """`year` and `originator` follow the method's first public appearance; where someone else
    wrote the work cited (k-NN: Fix and Hodges's 1951 report, Cover and Hart's 1967 paper),
    the summary says so in both languages."""
    problems = []
    for method in METHODS:
        surnames = [author.split(",")[0] for author in method["work"]["authors"]]
        if any(surname in method["originator"] for surname in surnames):
            continue
        surname = method["originator"].split()[-1]
        unnamed = [lang for lang, text in method["summary"].items() if surname not in text]
        if unnamed:
            problems.append(f"{where(method)}: {method['originator']} is not named in {unnamed}")
    assert problems == []


def test_a_proceedings_series_names_its_volume_in_the_volume_not_the_venue():
    """Citations read "In <venue> (Vol. <volume>, pp. …)": a volume written into the venue
    would show twice, or in a form no other entry has."""
    neurips = "Advances in Neural Information Processing Systems"
    misnamed = [
        f"{where(method)}: {method['work']['venue']!r}, volume {method['work']['volume']!r}"
        for method in METHODS
        if method["work"]["venue"].startswith(neurips)
        and (method["work"]["venue"] != neurips or not method["work"]["volume"].isdigit())
    ]
    assert misnamed == []
