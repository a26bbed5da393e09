"""The cost of an import's history in the admin: queries and time of its revision page, of the
revisions list and of undoing the import (the request, then the task worker's run), for imports
of N synthetic methods, each in a throwaway SQLite database.

python -m tools.measure_history 10 300 10000
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a reader sees of the catalog (times of change aside), as one digest.
SNAPSHOT = """
import hashlib
from methods.models import Method, Relation, ResearchField, Family, MethodType, Property
rows = [
    sorted(str(sorted((k, str(v)) for k, v in row.items() if k != "updated_at"))
           for row in model.objects.values())
    for model in (ResearchField, Family, MethodType, Property, Method)
]
rows.append(sorted(Relation.objects.values_list("from_method", "to_method", "kind")))
rows.append(sorted(Method.also_fields.through.objects.values_list("method", "researchfield")))
rows.append([list(Method.objects.search(q).values_list("slug", flat=True))
             for q in ("adaptive", "gan", "deep learning", "transformer", "lora")])
print(hashlib.sha256(repr(rows).encode()).hexdigest())
"""

PROBE = """
import json, sys, time
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse
from reversion.models import Revision

def timed(call):
    # Counted as they run: Django keeps only the last 9,000 queries it logged.
    count = [0]

    def counted(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        started = time.perf_counter()
        response = call()
        seconds = time.perf_counter() - started
    return response, count[0], seconds

run = Revision.objects.filter(comment__startswith="import_methods").latest("pk")
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.create_superuser("measure", password="x" * 20))
client.get(reverse("admin:index"))  # a first request pays for what every process loads once
page, page_queries, page_seconds = timed(
    lambda: client.get(reverse("admin:methods_catalogrevision_change", args=[run.pk]))
)
assert page.status_code == 200, page.status_code
changelist, list_queries, list_seconds = timed(
    lambda: client.get(reverse("admin:methods_catalogrevision_changelist"))
)
undo, undo_queries, undo_seconds = timed(
    lambda: client.post(reverse("admin:methods_catalogrevision_undo", args=[run.pk]))
)
assert undo.status_code == 302, undo.status_code
if "/undo/" in undo["Location"]:  # queued as a task: the worker's run is the undo
    from django.core.management import call_command
    _, worker_queries, worker_seconds = timed(lambda: call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "default"
    ))
    undo_queries += worker_queries
    undo_seconds += worker_seconds
    status = client.get(undo["Location"])
    assert "refresh" not in status.text, "the undo did not finish"
print(json.dumps({
    "versions": run.version_set.count(),
    "page_queries": page_queries, "page_seconds": round(page_seconds, 2),
    "list_queries": list_queries, "list_seconds": round(list_seconds, 2),
    "undo_queries": undo_queries, "undo_seconds": round(undo_seconds, 2),
}))
"""


def measure(count: int, bundled: bool) -> dict:
    from tools import synthetic

    with tempfile.TemporaryDirectory() as workdir:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir}/measure.sqlite3",
            "DJANGO_DEBUG": "True",
        }

        def manage(*args, **kwargs):
            return subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=env,
                check=True,
                text=True,
                **kwargs,
            )

        manage("migrate", "--no-input", "--verbosity", "0")
        if bundled:
            manage("load_dataset", "--verbosity", "0", stdout=subprocess.DEVNULL)

        def snapshot() -> str:
            digest = manage("shell", "--no-imports", "-c", SNAPSHOT, stdout=subprocess.PIPE)
            return digest.stdout.strip().splitlines()[-1]

        before = snapshot()
        catalog = Path(workdir) / "catalog.json"
        catalog.write_text(json.dumps(synthetic.generate(count)), encoding="utf-8")
        started = time.perf_counter()
        manage("import_methods", str(catalog), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        imported = time.perf_counter() - started
        probe = manage("shell", "--no-imports", "-c", PROBE, stdout=subprocess.PIPE)
        measured = json.loads(probe.stdout.strip().splitlines()[-1])
        return (
            {"methods": count, "import_seconds": round(imported, 1)}
            | measured
            | {"catalog_as_before": snapshot() == before}
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", type=int, nargs="+")
    parser.add_argument(
        "--bundled", action="store_true", help="Import beside the bundled catalog, not alone."
    )
    args = parser.parse_args()
    for count in args.counts:
        print(json.dumps(measure(count, args.bundled)), flush=True)


if __name__ == "__main__":
    main()
