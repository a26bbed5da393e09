import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (apt-get install wrk)")
def test_make_bench_runs_end_to_end_on_a_small_catalog(tmp_path):
    output = tmp_path / "bench.json"
    arguments = ["--methods", "50", "--duration", "1", "--soak", "1", "--connections", "2"]
    subprocess.run(
        [sys.executable, "-m", "scholargate.bench", *arguments, "--output", str(output)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    report = json.loads(output.read_text())
    pages = {row["page"]: row for row in report["pages"]}
    assert list(pages) == [
        "healthz",
        "catalog first page",
        "catalog search",
        "comparison page",
        "comparison partial",
        "add/remove a method",
    ]
    for row in pages.values():
        assert row["requests"] > 0 and row["errors"] == 0, row
    assert pages["healthz"]["ratio_to_healthz"] == 1.0
    assert report["soak"]["errors"] == 0
