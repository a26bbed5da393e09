import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.utils import translation

from methods import importer
from methods.models import CatalogVersion, Method, Property, Relation, ResearchField, name_as_read
from tests.factories import MethodFactory, ResearchFieldFactory
from tests.helpers import translated

# Messages are checked in English; the Vietnamese ones come from the catalog.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADAM = {
    "url": "https://paperswithcode.com/method/adam",
    "name": "Adam",
    "full_name": "Adam",
    "description": "Adam is an adaptive learning rate optimization algorithm.",
    "paper": {
        "title": "Adam: A Method for Stochastic Optimization",
        "url": "https://arxiv.org/abs/1412.6980v9",
    },
    "introduced_year": 2014,
    "source_url": "https://arxiv.org/abs/1412.6980v9",
    "collections": [{"collection": "Stochastic Optimization", "area": "General"}],
}
LDM = {
    "name": "LDM",
    "full_name": "Latent Diffusion Model",
    "description": "Diffusion in the latent space of an autoencoder.",
    "paper": {
        "title": "High-Resolution Image Synthesis",
        "url": "https://arxiv.org/abs/2112.10752",
    },
    "introduced_year": 2021,
    "collections": [{"collection": "Generative Models", "area": "Computer Vision"}],
}


def test_papers_with_code_records_map_onto_the_catalog():
    report = importer.import_records([ADAM, LDM])
    assert (report.created, report.updated, report.skipped) == (2, 0, [])
    ldm = Method.objects.get(slug="ldm")
    assert (ldm.name, ldm.acronym) == ("Latent Diffusion Model", "LDM")
    assert ldm.summary_en == "Diffusion in the latent space of an autoencoder."
    assert (ldm.field.name_en, ldm.family.name_en) == ("Computer Vision", "Generative Models")
    assert (ldm.year, ldm.arxiv_id, ldm.work_kind) == (2021, "2112.10752", "preprint")
    adam = Method.objects.get(slug="adam")
    assert (adam.name, adam.acronym, adam.arxiv_id) == ("Adam", "", "1412.6980")


def test_imported_methods_are_searchable_in_both_languages():
    importer.import_records([LDM])
    for language in ("en", "vi"):
        with translation.override(language):
            assert list(
                Method.objects.search("latent diffusion").values_list("slug", flat=True)
            ) == ["ldm"]


def test_importing_again_updates_by_slug_and_changes_the_catalog_version():
    importer.import_records([ADAM])
    before = CatalogVersion.current().token
    report = importer.import_records([{**ADAM, "description": "Adam, revised."}])
    assert (report.created, report.updated) == (0, 1)
    assert Method.objects.get(slug="adam").summary_en == "Adam, revised."
    assert CatalogVersion.current().token != before
    with translation.override("en"):
        assert Method.objects.search("revised").count() == 1


def test_a_file_in_vietnamese_fills_the_vietnamese_fields():
    importer.import_records(
        [{**ADAM, "description": "Thuật toán tối ưu thích nghi."}], language="vi"
    )
    adam = Method.objects.get(slug="adam")
    assert adam.summary_vi == "Thuật toán tối ưu thích nghi."
    assert adam.summary_en is None


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({**ADAM, "introduced_year": 0}, "year 0 is outside"),
        ({**ADAM, "introduced_year": "soon"}, "is not a number"),
        ({**ADAM, "name": "", "full_name": ""}, "no name"),
        ({**ADAM, "paper": None, "source_url": ""}, "no link to the original work"),
        ("just a string", "not an object"),
    ],
)
def test_bad_records_are_skipped_with_their_reason(record, reason):
    report = importer.import_records([record, LDM])
    assert report.created == 1
    assert len(report.skipped) == 1 and reason in report.skipped[0][1]


def with_collection(**collection) -> dict:
    return {**ADAM, "collections": [{**ADAM["collections"][0], **collection}]}


# Shapes a hand-made or converted file takes: each is a skipped row with its reason, never a
# traceback, and never text the admin would refuse.
ODD_RECORDS = {
    "paper is a string": ({**ADAM, "paper": "a string"}, "“paper” is not an object"),
    "collections is a number": ({**ADAM, "collections": 5}, "“collections” is not a list"),
    "collections holds text": ({**ADAM, "collections": ["General"]}, "is not a list of objects"),
    "collections holds null": ({**ADAM, "collections": [None]}, "is not a list of objects"),
    "name is a number": ({**ADAM, "name": 5, "full_name": None}, "“name” is not text"),
    "description is a list": ({**ADAM, "description": ["a", "b"]}, "“description” is not text"),
    "title is a number": (
        {**ADAM, "paper": {**ADAM["paper"], "title": 42}},
        "“title” is not text",
    ),
    "year is infinite": ({**ADAM, "introduced_year": float("inf")}, "is not a number"),
    "NUL byte in the description": ({**ADAM, "description": "Adam\x00"}, "U+0000"),
    "NUL byte in the link": (
        {**ADAM, "paper": {**ADAM["paper"], "url": "https://arxiv.org/abs/1412.6980\x00"}},
        "U+0000",
    ),
    "escape in the name": ({**ADAM, "full_name": "Ad\x1bam"}, "U+001B"),
    "escape in the year": ({**ADAM, "introduced_year": "20\x1b14"}, "U+001B"),
    "escape in the area": (with_collection(area="Gen\x1beral"), "U+001B"),
    "name too long": ({**ADAM, "full_name": "N" * 201}, "at most 200 characters"),
    "link too long": (
        {**ADAM, "paper": {**ADAM["paper"], "url": "https://example.org/" + "a" * 500}},
        "at most 500 characters",
    ),
    "title too long": (
        {**ADAM, "paper": {**ADAM["paper"], "title": "T" * 501}},
        "at most 500 characters",
    ),
    "collection too long": (with_collection(collection="C" * 121), "at most 120 characters"),
    "name without a letter for the address": (
        {**ADAM, "name": "自适应", "full_name": "自适应矩估计"},
        "no Latin letters or digits",
    ),
}


@pytest.mark.parametrize(("record", "reason"), ODD_RECORDS.values(), ids=ODD_RECORDS.keys())
def test_odd_shapes_are_skipped_with_their_reason(record, reason):
    report = importer.import_records([record, LDM])
    assert report.created == 1
    [(row, why)] = report.skipped
    assert row == "#1" and reason in why
    assert list(Method.objects.values_list("slug", flat=True)) == ["ldm"]


def test_duplicate_slugs_and_names_are_skipped():
    report = importer.import_records([ADAM, ADAM, {**LDM, "name": "Other", "full_name": "Adam"}])
    assert report.created == 1
    assert [reason for _row, reason in report.skipped] == [
        "same slug as #1",
        "“Adam” is already the name of adam.",
    ]


def test_a_short_name_another_method_has_is_skipped(catalog):
    report = importer.import_records([{**LDM, "full_name": "Latent Diffusion"}])
    assert report.skipped == [
        ("ldm", "“LDM” is already the acronym of Latent Diffusion Models (LDM)."),
    ]


GAN_AGAIN = {
    "name": "gan",
    "full_name": "Generative adversarial network",
    "description": "Two networks compete.",
    "introduced_year": 2014,
    "paper": {"title": "Generative Adversarial Nets", "url": "https://arxiv.org/abs/1406.2661"},
}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_case_variant_of_a_methods_names_is_skipped_in_the_users_language(catalog, lang):
    """`?m=GAN` and the admin's GAN stay the bundled method's (issue 24, finding 3)."""
    with translation.override(lang):
        report = importer.import_records([GAN_AGAIN])
    gan = "Generative Adversarial Network (GAN)"
    reasons = [
        translated("“%(value)s” is already the name of %(method)s.", lang)
        % {"value": "Generative adversarial network", "method": gan},
        translated("“%(value)s” is already the acronym of %(method)s.", lang)
        % {"value": "gan", "method": gan},
    ]
    assert report.skipped == [("gan", " ".join(reasons))]
    assert report.created == 0
    assert Method.objects.by_name(["GAN"])["GAN"].slug == "generative-adversarial-network"


def test_a_name_that_is_another_methods_vietnamese_name_is_skipped(catalog):
    report = importer.import_records(
        [{**GAN_AGAIN, "name": "GAN-VI", "full_name": "MẠNG SINH ĐỐI KHÁNG"}]
    )
    assert report.skipped == [
        (
            "gan-vi",
            "“MẠNG SINH ĐỐI KHÁNG” is already the Vietnamese name of "
            "Generative Adversarial Network (GAN).",
        )
    ]


def test_two_rows_of_a_file_cannot_share_a_name_in_any_case():
    report = importer.import_records([LDM, {**ADAM, "full_name": "latent diffusion MODEL"}])
    assert report.skipped == [("adam", "“latent diffusion MODEL” is already the name of ldm.")]


def test_a_short_name_equal_to_the_name_in_another_case_is_no_acronym():
    importer.import_records([{**ADAM, "name": "ADAM"}])
    assert Method.objects.get(slug="adam").acronym == ""


def test_imported_fields_named_in_english_alone_sort_by_their_english_name_in_vietnamese(
    vietnamese,
):
    """An empty Vietnamese name is no name: the field falls back to its English one in the
    filter menus instead of sorting first (issue 24, finding 3)."""
    ResearchFieldFactory(slug="optimization", name_vi="Tối ưu", name_en="Optimization")
    importer.import_records([{**ADAM, "collections": [{"area": "Zoology"}]}])
    zoology = ResearchField.objects.get(slug="zoology")
    assert zoology.name_vi is None
    slugs = list(ResearchField.objects.order_by(name_as_read()).values_list("slug", flat=True))
    assert slugs.index("optimization") < slugs.index("zoology")


def test_dry_run_reports_and_writes_nothing():
    report = importer.import_records([ADAM, LDM], dry_run=True)
    assert report.created == 2
    assert not Method.objects.exists()


def test_command_reads_json_and_csv_and_reports(tmp_path, capsys):
    pwc = tmp_path / "methods.json"
    pwc.write_text(json.dumps([ADAM]), encoding="utf-8")
    call_command("import_methods", str(pwc))
    assert "1 created, 0 updated, 0 skipped" in capsys.readouterr().out
    table = tmp_path / "methods.csv"
    table.write_text(
        "name,full_name,description,introduced_year,paper_title,paper_url,area,collection\n"
        "GAN,Generative Adversarial Network,Two networks compete.,2014,GANs,"
        "https://arxiv.org/abs/1406.2661,Computer Vision,Generative Models\n",
        encoding="utf-8",
    )
    call_command("import_methods", str(table), "--dry-run")
    assert "would have 1 created" in capsys.readouterr().out
    assert not Method.objects.filter(slug="gan").exists()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_command_names_each_skipped_row_and_its_reason_in_the_users_language(
    tmp_path, capsys, lang
):
    pwc = tmp_path / "methods.json"
    pwc.write_text(json.dumps([LDM, {**ADAM, "paper": "a string"}, {**ADAM, "collections": 5}]))
    with translation.override(lang):
        call_command("import_methods", str(pwc))
    out = capsys.readouterr().out
    reasons = [
        translated("“%(key)s” is not an object", lang) % {"key": "paper"},
        translated("“%(key)s” is not a list of objects", lang) % {"key": "collections"},
    ]
    for row, reason in zip(["#2", "#3"], reasons, strict=True):
        assert (
            translated("skipped %(row)s: %(reason)s", lang) % {"row": row, "reason": reason} in out
        )
    assert Method.objects.get().slug == "ldm"


def test_a_run_that_fails_part_way_leaves_the_catalog_as_it_was(monkeypatch):
    """Bad rows are skipped and the good ones written; a failure of the database itself undoes
    the whole run."""
    write_batch = importer._write_batch

    def full_disk_at_ldm(rows, *args):
        if rows[0].slug == "ldm":
            raise DatabaseError("disk full")
        write_batch(rows, *args)

    monkeypatch.setattr(importer, "_write_batch", full_disk_at_ldm)
    with pytest.raises(DatabaseError):
        importer.import_records([ADAM, LDM], batch_size=1)
    assert not Method.objects.exists()


def test_command_refuses_an_unreadable_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_methods", str(broken))


def test_an_import_carries_characteristics_code_and_typed_relations_both_ways():
    prop = Property.objects.create(
        slug="learning-setting",
        label_en="Learning setting",
        label_vi="Bối cảnh học",
        value_type="choice",
        choices=[{"slug": "supervised", "label": {"en": "Supervised", "vi": "Có giám sát"}}],
    )
    sgd = MethodFactory(slug="sgd", name="Stochastic gradient descent", acronym="SGD")
    adam = {
        **ADAM,
        "characteristics": {"learning-setting": {"value": "supervised", "source": "§2"}},
        "code": [
            {
                "kind": "library",
                "name": "PyTorch",
                "path": "torch.optim.Adam",
                "url": "https://pytorch.org/docs/stable/generated/torch.optim.Adam.html",
            }
        ],
        "related": [{"slug": "sgd", "type": "variant-of"}],
    }
    report = importer.import_records([adam])
    assert (report.created, report.skipped) == (1, [])
    imported = Method.objects.get(slug="adam")
    assert imported.characteristics["learning-setting"]["value"] == "supervised"
    assert imported.code[0]["path"] == "torch.optim.Adam"
    assert imported.relation_kinds == {sgd.pk: "variant-of"}
    assert Relation.objects.get(from_method=sgd, to_method=imported).kind == "has-variant"
    assert prop.slug in imported.characteristics


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"characteristics": {"no-such-property": {"value": 1, "source": "§1"}}}, "vocabulary"),
        ({"code": [{"kind": "blog", "url": "https://example.org"}]}, "official"),
        ({"related": [{"slug": "nowhere", "type": "uses"}]}, "“nowhere” does not exist"),
        ({"related": [{"slug": "sgd", "type": "cousin-of"}]}, "kind of relation"),
    ],
    ids=["unknown property", "unknown kind of code", "unknown method", "unknown kind"],
)
def test_an_import_names_a_bad_characteristic_code_or_relation_and_skips_the_row(extra, reason):
    MethodFactory(slug="sgd", name="Stochastic gradient descent")
    report = importer.import_records([{**ADAM, **extra}])
    assert report.created == 0
    [(_where, why)] = report.skipped
    assert reason in why
