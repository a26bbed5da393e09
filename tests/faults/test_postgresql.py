"""PostgreSQL restarts while 8 connections read the catalog: no request answers 500; those
caught in the outage get a 503 with Retry-After, and every request after it a 200.

Restarting a cluster drops every connection to it, the other test workers' included, so the
restart happens on a throw-away cluster of its own (Debian's pg_createcluster, on a free port),
dropped at the end."""

import os
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.servers import Server, Visitor, free_port, production_environment, running

VERSIONS = Path("/usr/lib/postgresql")
CONNECTIONS = 8
# Answers read before the restart and after it: a machine busy with other tests answers fewer
# per second, so the phases are counted in answers rather than seconds.
ANSWERS_EACH_SIDE = 40

pytestmark = [
    pytest.mark.system,
    pytest.mark.postgres_too,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the suite runs on SQLite; with DATABASE_URL=postgres://... it restarts PostgreSQL",
    ),
    pytest.mark.skipif(
        shutil.which("pg_createcluster") is None or not VERSIONS.is_dir() or os.geteuid() != 0,
        reason="restarting PostgreSQL needs Debian's postgresql package and root, to make a "
        "cluster of its own (pg_createcluster)",
    ),
]


@dataclass
class Cluster:
    version: str
    name: str
    url: str

    def restart(self) -> None:
        """As an operator restarts it: fast shutdown (every connection dropped), then start."""
        subprocess.run(
            ["pg_ctlcluster", self.version, self.name, "restart", "--mode", "fast"],
            check=True,
            capture_output=True,
        )


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    version = max((p.name for p in VERSIONS.iterdir() if p.name.isdigit()), key=int)
    name, port = f"scholargate_faults_{os.getpid()}", free_port()
    subprocess.run(
        [
            *("pg_createcluster", version, name, "--port", str(port)),
            *("--start", "--start-conf", "manual", "--quiet"),
            *("-o", "fsync=off"),  # nothing here needs to survive a crash
            *("--", "--auth=trust"),  # listening on localhost only, and gone after the test
        ],
        check=True,
        capture_output=True,
    )
    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as admin:
            admin.execute("CREATE DATABASE scholargate")
        yield Cluster(version, name, f"postgres://postgres@127.0.0.1:{port}/scholargate")
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], check=False)


@pytest.fixture
def site(tmp_path) -> Iterator[tuple[Server, Cluster]]:
    """`make serve` (2 workers) on the throw-away cluster, over plain HTTP on loopback."""
    with throwaway_cluster() as cluster:
        env = production_environment(
            cluster.url,
            tmp_path / "static",
            WEB_CONCURRENCY="2",
            DJANGO_SECURE_SSL_REDIRECT="False",
            DJANGO_SECURE_COOKIES="False",
        )
        make_serve = ["make", "--no-print-directory", "serve"]
        with running(make_serve, env, tmp_path / "serve.log") as site:
            yield site, cluster


@dataclass
class Answer:
    sent: float
    done: float
    status: int
    retry_after: str | None


def test_a_restart_under_load_is_a_few_503s_and_never_a_500(site, report):
    server, cluster = site
    answers: list[Answer] = []
    stop = threading.Event()

    def read_the_catalog() -> None:
        visitor = Visitor()
        while not stop.is_set():
            sent = time.monotonic()
            answer = visitor.get(server.url + "/vi/methods/")
            done = time.monotonic()
            answers.append(Answer(sent, done, answer.status, answer.headers["Retry-After"]))

    def wait_for(answered) -> None:
        deadline = time.monotonic() + 120
        while sum(map(answered, list(answers))) < ANSWERS_EACH_SIDE:
            assert time.monotonic() < deadline, "the site stopped answering"
            time.sleep(0.1)

    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        readers = [pool.submit(read_the_catalog) for _ in range(CONNECTIONS)]
        try:
            wait_for(lambda answer: True)
            restart_began = time.monotonic()
            cluster.restart()
            restarted = time.monotonic()
            wait_for(lambda answer: answer.sent >= restarted)
        finally:
            stop.set()
        for reader in readers:
            reader.result()

    def phase(answer: Answer) -> str:
        if answer.done < restart_began:
            return "before"
        return "after" if answer.sent >= restarted else "during"

    statuses = {"before": Counter(), "during": Counter(), "after": Counter()}
    for answer in answers:
        statuses[phase(answer)][answer.status] += 1
    report(
        f"PostgreSQL restarted under {CONNECTIONS} connections "
        f"({restarted - restart_began:.1f} s, {len(answers)} requests)",
        **{name: dict(counts) for name, counts in statuses.items()},
    )
    assert set(statuses["before"]) == set(statuses["after"]) == {200}
    assert set(statuses["during"]) <= {200, 503}
    assert all(a.retry_after == "5" for a in answers if a.status == 503)
    assert "Traceback" not in server.output()
