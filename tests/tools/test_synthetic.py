"""The synthetic catalog the benchmark measures: deterministic, distinct and importable."""

import json
import re
from collections import Counter

import pytest

from methods import importer
from methods.dataset import BUNDLED_DATASET, read
from tools import synthetic


@pytest.mark.django_db
def test_synthetic_catalog_is_deterministic_distinct_and_importable():
    methods = synthetic.generate(300, seed=7)
    assert methods == synthetic.generate(300, seed=7)
    assert len({m["full_name"] for m in methods}) == 300
    report = importer.import_records(methods)
    assert report.created == 300 and report.skipped == []


def test_the_command_line_writes_the_catalog_for_import_methods(tmp_path, capsys):
    output = tmp_path / "synthetic.json"
    synthetic.main(["25", "--output", str(output), "--seed", "3"])
    assert json.loads(output.read_text(encoding="utf-8")) == synthetic.generate(25, seed=3)
    assert capsys.readouterr().out == f"25 methods written to {output}\n"


def test_a_synthetic_catalog_names_no_method_as_the_catalog_it_joins_does():
    # Ten thousand methods, as `make bench` imports: among them a bare "Variational
    # Autoencoder", which the importer skipped beside the bundled one.
    bundled = [method["name"] for method in read(BUNDLED_DATASET)["methods"]]
    names = {method["full_name"].casefold() for method in synthetic.generate(10_000)}
    assert not names.isdisjoint(name.casefold() for name in bundled)
    methods = synthetic.generate(10_000, taken=bundled)
    assert len(methods) == 10_000
    assert {m["full_name"].casefold() for m in methods}.isdisjoint(n.casefold() for n in bundled)


def test_synthetic_summaries_share_words_as_real_ones_do():
    """A word in most synthetic summaries is a common word of the bundled ones too, so the
    benchmark's random searches find as many methods as on a real catalog, not all of them."""

    def common(texts: list[str], share: float) -> set[str]:
        counts = Counter(w for text in texts for w in set(re.findall(r"\w{3,}", text.lower())))
        return {word for word, count in counts.items() if count > share * len(texts)}

    bundled = [method["summary"]["en"] for method in read(BUNDLED_DATASET)["methods"]]
    made = [method["description"] for method in synthetic.generate(2_000)]
    assert common(made, 0.5) <= common(bundled, 0.25)
