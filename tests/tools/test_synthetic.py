"""The synthetic catalog the benchmark measures: deterministic, distinct and importable."""

import json

import pytest

from methods import importer
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
