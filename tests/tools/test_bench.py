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
        [sys.executable, "-m", "tools.bench", *arguments, "--output", str(output)],
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
        "comparison page, gzip",
        "add/remove a method",
        "add/remove in the table",
    ]
    for row in pages.values():
        assert row["requests"] > 0 and row["errors"] == 0, row
    assert pages["healthz"]["ratio_to_healthz"] == 1.0
    # The swaps are measured against the pages they change.
    assert pages["comparison partial"]["bytes"] < pages["comparison page"]["bytes"] / 3
    assert pages["comparison partial"]["swap_under_a_third"] is True
    assert 0 < pages["add/remove in the table"]["share_of_page"] < 1
    assert pages["comparison page, gzip"]["bytes"] < pages["comparison page"]["bytes"] / 2
    assert report["soak"]["errors"] == 0
