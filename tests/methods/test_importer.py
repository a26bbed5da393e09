import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from methods import importer, synthetic
from methods.models import CatalogVersion, Method

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
    before = CatalogVersion.current()
    report = importer.import_records([{**ADAM, "description": "Adam, revised."}])
    assert (report.created, report.updated) == (0, 1)
    assert Method.objects.get(slug="adam").summary_en == "Adam, revised."
    assert CatalogVersion.current() != before
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


def test_duplicate_slugs_and_names_are_skipped():
    report = importer.import_records([ADAM, ADAM, {**LDM, "name": "Other", "full_name": "Adam"}])
    assert report.created == 1
    assert [reason for _row, reason in report.skipped] == [
        "same slug as #1",
        "name “Adam” is already used by adam",
    ]


def test_a_short_name_another_method_has_is_skipped(catalog):
    report = importer.import_records([{**LDM, "full_name": "Latent Diffusion"}])
    assert report.skipped == [
        ("ldm", "name “LDM” is already used by latent-diffusion-models"),
    ]


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


def test_command_refuses_an_unreadable_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_methods", str(broken))


def test_synthetic_catalog_is_deterministic_distinct_and_importable():
    methods = synthetic.generate(300, seed=7)
    assert methods == synthetic.generate(300, seed=7)
    assert len({m["full_name"] for m in methods}) == 300
    report = importer.import_records(methods)
    assert report.created == 300 and report.skipped == []
