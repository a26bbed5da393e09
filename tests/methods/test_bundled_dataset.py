"""The bundled catalog as a reviewer reads it: every problem is named with its field and method,
all at once, before anything is loaded."""

from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError

from methods import characteristics, names
from methods.characteristics import Term
from methods.dataset import BUNDLED_DATASET, read
from methods.models import Relation
from methods.names import NAME_FIELDS
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


def relations(method: dict) -> dict[str, str]:
    return {r["slug"]: r["type"] for r in method["related"]}


def test_relations_exist_are_typed_both_ways_and_each_method_has_two():
    problems = []
    for method in METHODS:
        related = relations(method)
        if len(related) < 2:
            problems.append(f"{where(method)}: relates to {len(related)} methods, not two")
        for slug, kind in related.items():
            if slug == method["slug"] or slug not in BY_SLUG:
                problems.append(f"{where(method)}: related “{slug}” is not another method")
            elif kind not in Relation.Kind.values:
                problems.append(f"{where(method)}: the relation to “{slug}” has no kind")
            elif relations(BY_SLUG[slug]).get(method["slug"]) != Relation.inverse(kind):
                problems.append(f"{where(method)}: “{slug}” does not relate back as the inverse")
    assert problems == []


TERMS = {entry["slug"]: Term.from_dataset(entry, "en") for entry in DATA["properties"]}
UNIVERSAL = [slug for slug, term in TERMS.items() if not term.families]
# Where researchers compare most (issue 21): each method of these groups, and of the seed's
# comparison and the preference-optimization one, carries its group's properties.
COMPARED_GROUPS = {
    "llm-alignment",
    "parameter-efficient-fine-tuning",
    "diffusion-and-flow-models",
    "deep-generative-models",
    "gradient-optimizers",
    "statistical-tests",
    "supervised-learners",
    "unsupervised-learners",
    "text-to-image-models",
}
COMPARED_METHODS = {
    "qlora",
    "direct-preference-optimization",
    "latent-diffusion-models",
    "identity-preference-optimization",
    "simple-preference-optimization",
}


def test_characteristics_are_of_the_vocabulary_of_their_type_sourced_and_apply():
    problems = [
        f"{where(method)}: {problem}"
        for method in METHODS
        for problem in characteristics.check(method["characteristics"], TERMS, method["family"])
        + characteristics.check_code(method["code"])
    ]
    assert problems == []


def test_every_method_carries_the_properties_of_every_method():
    missing = [
        f"{where(method)}: {slug}"
        for method in METHODS
        for slug in UNIVERSAL
        if slug not in method["characteristics"]
    ]
    assert UNIVERSAL and missing == []


def test_the_most_compared_methods_carry_their_groups_properties():
    missing = [
        f"{where(method)}: {slug}"
        for method in METHODS
        if method["family"] in COMPARED_GROUPS or method["slug"] in COMPARED_METHODS
        for slug, term in TERMS.items()
        if term.families
        and term.applies_to(method["family"])
        and slug not in method["characteristics"]
    ]
    assert missing == []


def test_the_dataset_check_refuses_what_the_catalog_must_not_hold():
    dpo = BY_SLUG["direct-preference-optimization"]
    wrong_type = {"needs-reward-model": {"value": "no", "source": "§4"}}
    wrong_kind = {"sampling-steps": {"value": 50, "source": "§4"}}
    unsourced = {"needs-reward-model": {"value": False}}
    for values in (wrong_type, wrong_kind, unsourced):
        assert characteristics.check(values, TERMS, dpo["family"]) != []


def test_no_name_acronym_or_alias_belongs_to_two_methods():
    owners = defaultdict(set)
    for method in METHODS:
        names = [method["name"], method["acronym"], method["vietnamese_name"]]
        for text in [*names, *method["aliases"]["vi"], *method["aliases"]["en"]]:
            if text:
                owners[fold(text)].add(where(method))
    shared = {text: sorted(places) for text, places in owners.items() if len(places) > 1}
    assert shared == {}


def test_every_method_keeps_the_rule_for_names():
    """The rule the admin, the importer and the loader keep (methods.names), over the whole
    file at once."""
    named = [(where(m), {field: m.get(field, "") for field in NAME_FIELDS}) for m in METHODS]
    assert names.clashes(named, {}) == {}


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


# Pages under an IEEE DOI of CVPR or ICCV, each confirmed in two independent public
# records. The CVF open-access copy of a paper from 2017 on is paginated differently (Mask
# R-CNN: 2961-2969 there, 2980-2988 under 10.1109/ICCV.2017.322), so the pages a citation
# gives must be those of the edition its DOI names. Up to 2016 the two editions agree.
IEEE_CVPR_ICCV_PAGES = {
    "10.1109/ICCV.1999.790410": "1150-1157",  # SIFT
    "10.1109/CVPR.2014.81": "580-587",  # R-CNN
    "10.1109/CVPR.2015.7298594": "1-9",  # GoogLeNet
    "10.1109/CVPR.2015.7298965": "3431-3440",  # FCN
    "10.1109/ICCV.2015.123": "1026-1034",  # He initialization
    "10.1109/ICCV.2015.169": "1440-1448",  # Fast R-CNN
    "10.1109/CVPR.2016.90": "770-778",  # ResNet
    "10.1109/CVPR.2016.91": "779-788",  # YOLO
    "10.1109/CVPR.2016.308": "2818-2826",  # label smoothing (Inception v3)
    "10.1109/CVPR.2017.106": "936-944",  # FPN
    "10.1109/CVPR.2017.243": "2261-2269",  # DenseNet
    "10.1109/CVPR.2017.632": "5967-5976",  # pix2pix
    "10.1109/ICCV.2017.74": "618-626",  # Grad-CAM
    "10.1109/ICCV.2017.244": "2242-2251",  # CycleGAN
    "10.1109/ICCV.2017.322": "2980-2988",  # Mask R-CNN
    "10.1109/ICCV.2017.324": "2999-3007",  # RetinaNet
    "10.1109/CVPR.2018.00286": "2704-2713",  # integer-arithmetic-only quantization
    "10.1109/CVPR.2019.00453": "4396-4405",  # StyleGAN
    "10.1109/CVPR42600.2020.00975": "9726-9735",  # MoCo
    "10.1109/CVPR46437.2021.01268": "12868-12878",  # VQGAN
    "10.1109/CVPR46437.2021.01549": "15745-15753",  # SimSiam
    "10.1109/ICCV48922.2021.00951": "9630-9640",  # DINO
    "10.1109/ICCV48922.2021.00986": "9992-10002",  # Swin Transformer
    "10.1109/CVPR52688.2022.01042": "10674-10685",  # latent diffusion
    "10.1109/CVPR52688.2022.01167": "11966-11976",  # ConvNeXt
    "10.1109/CVPR52688.2022.01553": "15979-15988",  # MAE
    "10.1109/CVPR52729.2023.02155": "22500-22510",  # DreamBooth
    "10.1109/ICCV51070.2023.00355": "3813-3824",  # ControlNet
    "10.1109/ICCV51070.2023.00371": "3992-4003",  # Segment Anything
    "10.1109/ICCV51070.2023.00387": "4172-4182",  # DiT
}


def test_pages_under_a_cvpr_or_iccv_doi_are_those_of_the_ieee_edition():
    """Without a DOI, the open-access pages are right; with one, only confirmed IEEE pages."""
    problems = [
        f"{where(method)}: pages {work['pages']} under {work['doi']}, confirmed IEEE pages: "
        f"{IEEE_CVPR_ICCV_PAGES.get(work['doi'], 'none yet (confirm them, or give no pages)')}"
        for method in METHODS
        if (work := method["work"])["pages"]
        and work["doi"].upper().startswith(("10.1109/CVPR", "10.1109/ICCV"))
        and IEEE_CVPR_ICCV_PAGES.get(work["doi"]) != work["pages"]
    ]
    assert problems == []
