import copy
import json

import pytest
from django.core.management import CommandError, call_command

from methods import dataset
from methods.models import NAME_FIELDS, Method, ResearchField
from tests.helpers import bundled_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundled() -> dict:
    return bundled_field("deep-learning")


def snapshot() -> list[tuple]:
    return list(
        Method.objects.order_by("slug").values_list(
            *("slug", "name", "acronym", "vietnamese_name", "aliases_vi", "aliases_en"),
            *("summary_vi", "summary_en", "year", "doi", "arxiv_id"),
        )
    )


def test_bundled_dataset_is_large_bilingual_and_connected(catalog):
    methods = Method.objects.for_comparison()
    assert methods.count() >= 60
    assert ResearchField.objects.filter(methods__isnull=False).distinct().count() >= 6
    for method in methods:
        assert method.name, method.slug
        assert method.missing_languages("summary") == [], method.slug
        assert method.related.exists(), method.slug
        assert method.arxiv_id or method.doi or method.url, method.slug
    for taxon in ResearchField.objects.all():
        assert taxon.name_vi and taxon.name_en


def test_bundled_dataset_holds_the_seed_methods_with_the_seed_values(seed_methods):
    qlora, dpo, ldm = seed_methods
    assert (qlora.year, qlora.originator, qlora.type.name_en) == (
        2023,
        "Tim Dettmers",
        "Training methodology",
    )
    assert (dpo.year, dpo.originator, dpo.type.name_en) == (
        2023,
        "Rafael Rafailov",
        "Training methodology",
    )
    assert (ldm.year, ldm.originator, ldm.type.name_en) == (
        2022,
        "Robin Rombach",
        "Neural network architecture",
    )
    assert [(m.name, m.acronym, m.vietnamese_name) for m in seed_methods] == [
        ("QLoRA", "", ""),
        ("Direct Preference Optimization", "DPO", ""),
        ("Latent Diffusion Models", "LDM", "Mô hình khuếch tán tiềm ẩn"),
    ]
    for method in seed_methods:
        # Deep learning first, as the seed page shows them.
        assert method.field.name_en == "Deep learning"
        # The four the seed page listed are among them.
        assert method.related.count() >= 4
    # The seed's "Machine learning" told them apart from nothing: each is now in its group, and
    # QLoRA and DPO are found with the large language models too.
    assert [m.family.name_en for m in seed_methods] == [
        "Parameter-efficient fine-tuning",
        "Alignment and instruction tuning",
        "Diffusion and flow models",
    ]
    assert [list(m.also_fields.values_list("slug", flat=True)) for m in seed_methods[:2]] == [
        ["large-language-models"],
        ["large-language-models"],
    ]
    # The seed page misnamed QLoRA's fourth author; the catalog has it right.
    assert qlora.work.authors[3] == "Zettlemoyer, Luke"
    assert qlora.arxiv_id == "2305.14314"
    assert dpo.arxiv_id == "2305.18290"


def test_loading_twice_changes_nothing(catalog, bundled):
    before = snapshot()
    report = dataset.load(bundled)
    assert (report.created, report.updated, report.kept) == (0, 0, len(bundled["methods"]))
    assert snapshot() == before


def test_editors_changes_survive_a_reload_unless_overwrite_is_asked(catalog, bundled):
    Method.objects.filter(slug="qlora").update(summary_en="Edited by an editor.")
    dataset.load(bundled)
    assert Method.objects.get(slug="qlora").summary_en == "Edited by an editor."
    report = dataset.load(bundled, overwrite=True)
    assert report.updated == 1 and report.kept == len(bundled["methods"]) - 1
    assert Method.objects.get(slug="qlora").summary_en != "Edited by an editor."


def test_overwriting_leaves_the_last_change_of_methods_it_does_not_change(catalog, bundled):
    """A method page's "last changed" is the method's own: reloading the same file touches
    no method, and a changed record touches its method alone."""
    before = dict(Method.objects.values_list("slug", "updated_at"))
    report = dataset.load(bundled, overwrite=True)
    assert report.updated == 0
    assert dict(Method.objects.values_list("slug", "updated_at")) == before

    changed = copy.deepcopy(bundled)
    record = next(r for r in changed["methods"] if r["slug"] == "qlora")
    record["originator"] = "Tim Dettmers and colleagues"
    dataset.load(changed, overwrite=True)
    after = dict(Method.objects.values_list("slug", "updated_at"))
    assert [slug for slug in after if after[slug] != before[slug]] == ["qlora"]


def test_a_bad_row_aborts_the_whole_load_and_is_named(db, bundled, english):
    broken = copy.deepcopy(bundled)
    broken["methods"][21]["year"] = 1492
    slug = broken["methods"][21]["slug"]
    with pytest.raises(dataset.DatasetError, match=rf"method #22 “{slug}”: year: Enter a year"):
        dataset.load(broken)
    assert Method.objects.count() == 0
    assert ResearchField.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda m: m.pop("originator"), "missing “originator”"),
        (lambda m: m.update(field="astrology"), "field “astrology” does not exist"),
        (lambda m: m.update(related=["no-such-method"]), "related method “no-such-method”"),
        (lambda m: m.update(related=[m["slug"]]), "cannot be related to itself"),
        (lambda m: m["work"].update(doi="not-a-doi"), "doi:"),
        (lambda m: m.update(name={"vi": "Tên", "en": "Name"}), "“name” must be text"),
        # QLoRA comes first in the file: LoRA, later, is refused.
        (lambda m: m.update(acronym="LoRA"), "“lora”: name: “LoRA” is already the acronym of"),
    ],
)
def test_bad_rows_are_refused_with_their_reason(db, bundled, english, change, reason):
    broken = copy.deepcopy(bundled)
    change(broken["methods"][0])
    with pytest.raises(dataset.DatasetError, match=reason):
        dataset.load(broken)
    assert Method.objects.count() == 0


def test_the_loader_refuses_a_case_variant_of_another_methods_names(catalog, bundled, english):
    """The importer's "gan" beside the bundled GAN, in a dataset (issue 24, finding 3)."""
    record = copy.deepcopy(bundled["methods"][0])
    record.update(
        slug="gan",
        name="Generative adversarial network",
        acronym="gan",
        vietnamese_name="",
        related=[],
    )
    gan = "Generative Adversarial Network (GAN)"
    reason = (
        f"method #1 “gan”: name: “Generative adversarial network” is already the name of {gan}.; "
        f"acronym: “gan” is already the acronym of {gan}."
    )
    with pytest.raises(dataset.DatasetError) as refused:
        dataset.load({"methods": [record]})
    assert str(refused.value) == reason
    assert not Method.objects.filter(slug="gan").exists()


def test_texts_not_written_in_a_language_load_as_none(db, bundled):
    record = next(m for m in bundled["methods"] if m["slug"] == "qlora")
    record["aliases"] = {"vi": [], "en": ["Quantized LoRA"]}
    dataset.load(bundled)
    qlora = Method.objects.get(slug="qlora")
    assert (qlora.aliases_vi, qlora.aliases_en) == (None, "Quantized LoRA")


def test_records_without_acronym_or_vietnamese_name_load_with_none(db, bundled):
    record = next(m for m in bundled["methods"] if m["slug"] == "latent-diffusion-models")
    del record["acronym"], record["vietnamese_name"]
    dataset.load(bundled)
    ldm = Method.objects.get(slug="latent-diffusion-models")
    assert (ldm.name, ldm.acronym, ldm.vietnamese_name) == ("Latent Diffusion Models", "", "")


def test_bad_rows_are_refused_in_the_active_language(db, bundled, vietnamese):
    broken = copy.deepcopy(bundled)
    broken["methods"][0].pop("originator")
    slug = broken["methods"][0]["slug"]
    reason = rf"^phương pháp #1 “{slug}”: thiếu “originator”$"
    with pytest.raises(dataset.DatasetError, match=reason):
        dataset.load(broken)


def test_command_reports_counts_and_refuses_unreadable_files(
    db, bundled, tmp_path, capsys, english
):
    # One field of the bundled dataset: the whole takes seconds (the fixtures load it anyway).
    part = tmp_path / "deep-learning.json"
    part.write_text(json.dumps(bundled), encoding="utf-8")
    call_command("load_dataset", str(part))
    assert f"{len(bundled['methods'])} created, 0 updated" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_dataset", str(bad))


def test_dump_names_every_method_as_the_dataset_file_does(catalog, bundled):
    dumped = {m["slug"]: m for m in dataset.dump()["methods"]}
    for record in bundled["methods"]:
        names = {key: dumped[record["slug"]][key] for key in NAME_FIELDS}
        assert names == {key: record[key] for key in NAME_FIELDS}


def test_dump_loads_back_into_an_identical_catalog(catalog):
    dumped = json.loads(json.dumps(dataset.dump()))
    before = snapshot()
    relations = sorted(
        Method.related.through.objects.values_list("from_method__slug", "to_method__slug")
    )
    Method.objects.all().delete()
    dataset.load(dumped)
    assert snapshot() == before
    assert (
        sorted(Method.related.through.objects.values_list("from_method__slug", "to_method__slug"))
        == relations
    )
