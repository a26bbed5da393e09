import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from methods.dataset import BUNDLED_DATASET, read
from tools.bench import PER_PAGE, Addresses, slices

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = read(BUNDLED_DATASET)


def test_random_addresses_never_repeat_and_each_finds_something():
    addresses = Addresses(BUNDLED, seed=1)
    kinds = [addresses.comparison, addresses.search, addresses.catalog_page]
    paths = addresses.fresh(kinds, 1500) + addresses.fresh(kinds, 1500)
    # Every method's page in both languages before any comes round again.
    methods = BUNDLED["methods"]
    pages = addresses.method_pages(2 * len(methods))
    assert len(set(pages)) == 2 * len(methods)
    assert addresses.method_pages(3)[0] in pages  # then they come round again
    paths += pages
    assert len(set(paths)) == 3000 + 2 * len(methods)
    for path in paths:
        address = urlsplit(path)
        query = {name: values[0] for name, values in parse_qs(address.query).items()}
        if match := re.fullmatch(r"/(vi|en)/methods/([a-z0-9-]+)/", address.path):
            assert match[2] in {m["slug"] for m in methods}
        elif address.path == "/en/compare/":
            slugs = query["m"].split(",")
            assert len(set(slugs)) == 3 and set(slugs) <= {m["slug"] for m in methods}
        elif "q" in query:
            words = query["q"].split()
            texts = [f"{m['name']} {m['acronym']} {m['summary']['en']}".lower() for m in methods]
            assert any(all(word in text for word in words) for text in texts), path
        else:
            found = [
                m
                for m in methods
                if m["field"] == query.get("field", m["field"])
                and m["type"] == query.get("type", m["type"])
                and int(query.get("year_from", 0)) <= m["year"] <= int(query.get("year_to", 9999))
            ]
            assert 1 <= int(query["page"]) <= math.ceil(len(found) / PER_PAGE), path
    assert {urlsplit(path).path for path in paths} >= {"/en/compare/", "/en/methods/"}
    sorts = {parse_qs(urlsplit(path).query).get("sort", ["name"])[0] for path in paths}
    assert sorts == {"name", "-year", "year"}
    assert {path.split("/")[1] for path in paths} == {"vi", "en"}


def test_the_frame_measured_in_slices_counts_them_all_and_keeps_the_worst_tail():
    measured = [
        {"rps": 300.0, "p50_ms": 26.0, "p99_ms": 42.0, "requests": 1500, "errors": 0},
        {"rps": 260.0, "p50_ms": 30.0, "p99_ms": 48.0, "requests": 1300, "errors": 1},
        {"rps": 280.0, "p50_ms": 28.0, "p99_ms": 40.0, "requests": 1400, "errors": 0},
    ]
    row = slices(measured)
    assert row["rps"] == 280.0  # what the report shows for the frame: the machine's mean speed
    assert row["p99_ms"] == 48.0 and row["p50_ms"] == 28.0
    assert row["requests"] == 4200 and row["errors"] == 1
    assert row["slices_rps"] == [300.0, 260.0, 280.0]


# On either database: the benchmark measures on the one the suite runs on.
@pytest.mark.system
@pytest.mark.postgres_too
@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (apt-get install wrk)")
def test_make_bench_runs_end_to_end_on_a_small_catalog(tmp_path, deployed):
    output = tmp_path / "bench.json"
    # Paced, so that the rows check the pipeline without taking the machine from other tests;
    # 2 s a row, so that a row on a machine the rest of the suite keeps busy still answers.
    arguments = ["--methods", "20", "--duration", "2", "--soak", "1", "--connections", "1"]
    arguments += ["--pace", "25"]
    # On the PostgreSQL run of the suite, the benchmark measures on that server too.
    database_url = os.environ.get("DATABASE_URL", "")
    on_postgresql = database_url.startswith("postgres")
    if on_postgresql:
        arguments += ["--database-url", database_url]
    run = subprocess.run(
        [sys.executable, "-m", "tools.bench", *arguments, "--output", str(output)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_STATIC_ROOT": str(deployed.static_root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads(output.read_text())
    assert report["database"] == ("postgresql" if on_postgresql else "sqlite")
    if on_postgresql:  # its throw-away database is gone
        import psycopg

        with psycopg.connect(database_url) as connection:
            query = "SELECT datname FROM pg_database WHERE datname LIKE 'scholargate_bench_%'"
            assert connection.execute(query).fetchall() == []
    catalogs = report["catalogs"]
    assert [c["methods"] for c in catalogs.values()] == [
        len(BUNDLED["methods"]),
        len(BUNDLED["methods"]) + 20,
    ]
    for name, catalog in catalogs.items():
        rows = {row["row"]: row for row in catalog["rows"]}
        assert list(rows) == [
            "healthz",
            "frame (empty comparison)",
            "random comparisons",
            "random searches",
            "random catalog pages",
            "random method pages",
            "add/remove a method",
            "add/remove in the table",
        ]
        for row in rows.values():
            assert row["requests"] > 0 and row["errors"] == 0, row
            assert f"\n{row['row']} " in run.stdout
        assert rows["healthz"]["ratio_to_healthz"] == 1.0
        assert rows["frame (empty comparison)"]["ratio_to_frame"] == 1.0
        frame = rows.pop("frame (empty comparison)")
        assert frame["target_ratio"] == 0.2
        assert frame["meets_target"] == (frame["ratio_to_healthz"] >= 0.2)
        targets = {name: row["target_ratio"] for name, row in rows.items() if row["target_ratio"]}
        assert (
            targets
            == {
                "bundled": {
                    "random comparisons": 0.45,
                    "random catalog pages": 0.45,
                    "random method pages": 0.4,
                    "random searches": 0.35,
                },
                "large": {
                    "random comparisons": 0.3,
                    "random catalog pages": 0.3,
                    "random method pages": 0.3,
                    "random searches": 0.25,
                },
            }[name]
        )
        assert len(frame["slices_rps"]) == 5  # before each page row, and after the last
        # The frame against /healthz measured just before each of its slices.
        assert len(frame["healthz_slices_rps"]) == 5
        assert frame["ratio_to_healthz"] == round(frame["rps"] / frame["healthz_rps"], 3)
        for row_name, target in targets.items():
            row = rows[row_name]
            assert row["ratio_to_frame"] == round(row["rps"] / row["frame_rps"], 3)
            met = row["ratio_to_frame"] >= target and row["p99_ms"] < 100
            assert row["meets_target"] == met
    assert report["pace_ms"] == 25 and "paced 25 ms: not a measurement" in run.stdout
    soak = report["soak"]
    assert soak["connections"] == 32 and soak["requests"] > 0
    assert soak["errors"] == 0 and soak["meets_target"] is True
