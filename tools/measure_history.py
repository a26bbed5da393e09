"""The cost of an import's history in the admin: queries and time of its revision page and of
undoing it, for imports of N synthetic methods, each in a throwaway SQLite database.

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

PROBE = """
import json, sys, time
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision

def timed(call):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = call()
        seconds = time.perf_counter() - started
    return response, len(queries), seconds

run = Revision.objects.filter(comment__startswith="import_methods").latest("pk")
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.create_superuser("measure", password="x" * 20))
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
print(json.dumps({
    "versions": run.version_set.count(),
    "page_queries": page_queries, "page_seconds": round(page_seconds, 2),
    "list_queries": list_queries, "list_seconds": round(list_seconds, 2),
    "undo_queries": undo_queries, "undo_seconds": round(undo_seconds, 2),
}))
"""


def measure(count: int) -> dict:
    from tools import synthetic

    with tempfile.TemporaryDirectory() as workdir:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir}/measure.sqlite3",
            "DJANGO_DEBUG": "True",
            # Undo runs where a request can see it finish: the immediate backend.
            "SCHOLARGATE_TASKS_IMMEDIATE": "1",
        }

        def manage(*args, **kwargs):
            return subprocess.run(
                [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
            )

        manage("migrate", "--no-input", "--verbosity", "0")
        catalog = Path(workdir) / "catalog.json"
        catalog.write_text(json.dumps(synthetic.generate(count)), encoding="utf-8")
        started = time.perf_counter()
        manage("import_methods", str(catalog), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        imported = time.perf_counter() - started
        probe = manage("shell", "--no-imports", "-c", PROBE, stdout=subprocess.PIPE, text=True)
        return {"methods": count, "import_seconds": round(imported, 1)} | json.loads(
            probe.stdout.strip().splitlines()[-1]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", type=int, nargs="+")
    for count in parser.parse_args().counts:
        print(json.dumps(measure(count)), flush=True)


if __name__ == "__main__":
    main()
