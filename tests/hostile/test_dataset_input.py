"""Broken dataset files: the loader refuses them whole, naming the row, and writes nothing."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from methods import dataset
from methods.models import Family, Method, ResearchField
from tests.helpers import body, bundled_field

# Reasons are checked in English (alone, the file would otherwise run in Vietnamese, the default).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(scope="module")
def bundled() -> dict:
    return bundled_field("deep-learning")


def broken_copy(bundled: dict, index: int, change) -> dict:
    data = copy.deepcopy(bundled)
    change(data["methods"][index])
    return data


def nothing_written() -> bool:
    return not (
        Method.objects.exists() or ResearchField.objects.exists() or Family.objects.exists()
    )


BAD_ROWS = {
    "year as words": (lambda m: m.update(year="nineteen"), "year"),
    "name is a list": (lambda m: m.update(name=["QLoRA"]), ""),
    "summary missing": (lambda m: m.pop("summary"), "missing “summary”"),
    "NUL byte in a name": (lambda m: m.update(name="QLoRA\x00"), "name"),
    "control character in a name": (lambda m: m.update(name="QLo\x1bRA"), "name"),
    "NUL byte in an acronym": (lambda m: m.update(acronym="Q\x00"), "acronym"),
    "escape in a Vietnamese name": (lambda m: m.update(vietnamese_name="Tên\x1b"), "vietnamese"),
    "acronym is a list": (lambda m: m.update(acronym=["Q"]), "“acronym” must be text"),
    "slug with spaces": (lambda m: m.update(slug="not a slug!"), "slug"),
    "name too long": (lambda m: m.update(name="N" * 201), "name"),
    "related is a string": (lambda m: m.update(related="qlora"), "related"),
    "related holds a number": (lambda m: m.update(related=[17]), "related"),
    "a relation names no method": (lambda m: m.update(related=[{"type": "uses"}]), "related"),
    "a relation of no known kind": (
        lambda m: m.update(related=[{"slug": "qlora", "type": "cousin-of"}]),
        "cousin-of",
    ),
    "a characteristic of the wrong type": (
        lambda m: m.update(characteristics={"input": {"value": "text", "source": "§1"}}),
        "Input",
    ),
    "an unsourced characteristic": (
        lambda m: m.update(characteristics={"input": {"value": ["text"]}}),
        "where the original work states it",
    ),
    "code of no known kind": (
        lambda m: m.update(code=[{"kind": "blog", "url": "https://example.org"}]),
        "official",
    ),
    "NUL byte in the slug": (lambda m: m.update(slug="qlora\x00"), "slug"),
    "NUL byte in the field": (lambda m: m.update(field="\x00"), "field"),
    "authors is a string": (lambda m: m["work"].update(authors="Dettmers, Tim"), "authors"),
    "work is missing": (lambda m: m.pop("work"), "missing “work”"),
    "row without fields": (lambda m: m.clear(), "missing"),
    "url with a script scheme": (
        lambda m: m["work"].update(url="javascript:alert(1)", doi="", arxiv=""),
        "url",
    ),
}


@pytest.mark.parametrize(("change", "reason"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_named_and_nothing_is_written(bundled, change, reason):
    data = broken_copy(bundled, 17, change)
    with pytest.raises(dataset.DatasetError, match=r"method #18 ") as error:
        dataset.load(data)
    assert reason in str(error.value)
    assert nothing_written()


def test_a_row_that_is_not_an_object_is_named(bundled):
    data = copy.deepcopy(bundled)
    data["methods"][4] = "qlora"
    with pytest.raises(dataset.DatasetError, match=r"method #5 "):
        dataset.load(data)
    assert nothing_written()


def test_the_same_slug_twice_is_refused(bundled):
    data = copy.deepcopy(bundled)
    data["methods"].append(copy.deepcopy(data["methods"][0]))
    count = len(data["methods"])
    with pytest.raises(dataset.DatasetError, match=rf"method #{count} .*more than once"):
        dataset.load(data)
    assert nothing_written()


@pytest.mark.parametrize(
    "change",
    [
        lambda family: family.update(name="Machine learning"),
        lambda family: family.update(slug="ml\x00"),
        lambda family: family["name"].update(vi="Học\x1b máy"),
    ],
    ids=["name is text", "NUL byte in the slug", "escape in the name"],
)
def test_a_bad_taxonomy_entry_is_named(bundled, change):
    data = copy.deepcopy(bundled)
    change(data["families"][2])
    with pytest.raises(dataset.DatasetError, match=r"families #3 "):
        dataset.load(data)
    assert nothing_written()


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not utf-8", b"[1, 2, 3]", b'{"methods": "all of them"}', b"", b"[" * 100_000],
    ids=["not UTF-8", "a list", "methods not a list", "empty", "deeply nested"],
)
def test_an_unreadable_file_is_refused_by_the_command(tmp_path, content):
    path = tmp_path / "dataset.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_dataset", str(path))
    assert nothing_written()


def test_a_failure_late_in_the_file_leaves_an_existing_catalog_as_it_was(catalog, bundled):
    before = list(Method.objects.order_by("slug").values_list("slug", "name", "summary_en"))
    data = broken_copy(bundled, -1, lambda m: m.update(year=1066))
    for record in data["methods"][:-1]:
        record["summary"]["en"] = "Overwritten."
    with pytest.raises(dataset.DatasetError):
        dataset.load(data, overwrite=True)
    after = list(Method.objects.order_by("slug").values_list("slug", "name", "summary_en"))
    assert after == before


def test_the_site_download_of_a_catalog_with_hostile_text_loads_back(catalog, client):
    Method.objects.filter(slug="qlora").update(summary_en='</script><script>alert("x")</script>')
    data = json.loads(body(client.get("/en/methods/dataset.json")))
    # QLoRA's record loads back beside the others (reloading them all takes half a minute).
    Method.objects.filter(slug="qlora").delete()
    dataset.load({**data, "methods": [m for m in data["methods"] if m["slug"] == "qlora"]})
    assert Method.objects.get(slug="qlora").summary_en == '</script><script>alert("x")</script>'
