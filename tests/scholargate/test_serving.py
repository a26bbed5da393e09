"""The production configuration, run for real: `make serve` from a clean state, its headers
and static files, the refusal to start without a secret key, and several app processes
sharing one database (and Redis when it is installed) under concurrent writes."""

import os
import re
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.helpers import compared_columns
from tests.servers import (
    GUNICORN,
    REDIS,
    ROOT,
    RedisServer,
    Server,
    Visitor,
    database_for_servers,
    free_port,
    production_environment,
    running,
)

# Real processes, the same on either database: the PostgreSQL pass runs only the several
# processes writing one database (its row locks are what they test there).
pytestmark = pytest.mark.system

YEAR = 365 * 24 * 3600
# A TLS-terminating proxy in front says so; without it every address redirects to https.
BEHIND_TLS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> dict:
    """`make serve` on a fresh database: the production server as a new install starts it."""
    folder = tmp_path_factory.mktemp("deployment")
    with database_for_servers(folder) as database_url:
        env = production_environment(database_url, folder / "static", WEB_CONCURRENCY="2")
        with running(["make", "--no-print-directory", "serve"], env, folder / "serve.log") as site:
            yield {"site": site, "env": env, "folder": folder}


@pytest.fixture(scope="module")
def site(deployment) -> Server:
    return deployment["site"]


def gunicorn(deployment: dict, name: str, **extra: str):
    """One more app process group beside `make serve`'s, on the same database and files,
    reached over plain HTTP on loopback (no TLS proxy, so no https redirect or secure cookies)."""
    env = {
        **deployment["env"],
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SECURE_COOKIES": "False",
        "GUNICORN_CMD_ARGS": "--threads 4",
        **extra,
    }
    return running(GUNICORN, env, deployment["folder"] / f"{name}.log")


def test_make_serve_runs_the_deploy_checks_and_the_configured_workers(site):
    deadline = time.monotonic() + 30
    while site.output().count("Booting worker") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the second worker may still be starting when the first answers
    log = site.output()
    assert "System check identified no issues" in log
    assert log.count("Booting worker") == 2
    assert Visitor().get(site.url + "/healthz").text == "ok"


def task_workers(site) -> list[int]:
    """The task workers running beside the server: the processes of its group whose command
    is task_worker (read from /proc, as ps does)."""
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            command = (folder / "cmdline").read_bytes().split(b"\0")
            group = os.getpgid(int(folder.name))
        except OSError:
            continue  # it ended meanwhile
        if group == site.process.pid and b"task_worker" in command:
            found.append(int(folder.name))
    return found


def test_the_task_worker_is_started_again_when_it_stops(site):
    """As when the database refused it for longer than its timeout: the server goes on, and so,
    a moment later, does the work it hands the worker (the download, undoing an import)."""
    [worker] = task_workers(site)
    os.kill(worker, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while task_workers(site) in ([], [worker]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(task_workers(site)) == 1 and task_workers(site) != [worker]
    assert "The task worker stopped" in site.output()


def test_without_a_proxy_every_address_redirects_to_https(site):
    answer = Visitor(follow_redirects=False).get(site.url + "/vi/methods/")
    assert answer.status == 301
    assert answer.headers["Location"] == site.url.replace("http:", "https:") + "/vi/methods/"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


PAGES = {
    "catalog": ("/vi/methods/", {}),
    "catalog partial": ("/en/methods/?q=lora", {"HX-Request": "true", "HX-Target": "results"}),
    "method": ("/en/methods/qlora/", {}),
    "comparison": ("/vi/compare/?m=qlora,lora", {}),
    "comparison partial": (
        "/vi/compare/?m=qlora",
        {"HX-Request": "true", "HX-Target": "comparison"},
    ),
    "export": ("/en/compare/export.csv?m=qlora", {}),
    "dataset": ("/en/methods/dataset.json", {}),
    "not found": ("/vi/methods/no-such-method/", {}),
    "not allowed": ("/vi/compare/add/", {}),
    "admin login": ("/admin/login/", {}),
}


@pytest.mark.parametrize(("path", "headers"), PAGES.values(), ids=PAGES.keys())
def test_every_response_carries_the_security_headers(site, path, headers):
    answer = Visitor().get(site.url + path, {**BEHIND_TLS, **headers})
    assert answer.status in {200, 404, 405}
    h = answer.headers
    policy = dict(part.strip().split(" ", 1) for part in h["Content-Security-Policy"].split(";"))
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert h["X-Frame-Options"] == "DENY"
    hsts = dict(re.findall(r"([\w-]+)(?:=(\d+))?", h["Strict-Transport-Security"]))
    # A deployer opts in to includeSubDomains and preload (tests/scholargate/test_security.py).
    assert int(hsts["max-age"]) >= YEAR and "includeSubDomains" not in hsts


def test_every_script_is_a_file_of_the_site_and_the_policy_allows_no_other(site):
    answer = Visitor().get(site.url + "/vi/compare/", BEHIND_TLS)
    policy = answer.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy)[1]
    assert script_src.split() == ["'self'"]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", answer.text, re.S)
    assert scripts
    assert all('src="/static/' in attributes and not body.strip() for attributes, body in scripts)
    assert not re.search(r"\son[a-z]+=", answer.text)  # no inline event handlers
    assert " style=" not in answer.text


def test_cookies_are_secure_http_only_and_same_site(site):
    page = Visitor().get(site.url + "/vi/methods/", BEHIND_TLS)
    [csrf] = page.headers.get_all("Set-Cookie")
    assert csrf.startswith("csrftoken=")
    assert "; Secure" in csrf and "; HttpOnly" in csrf and "SameSite=Lax" in csrf
    token = csrf.split(";")[0].split("=", 1)[1]
    origin = site.url.replace("http:", "https:")
    added = Visitor(follow_redirects=False).post(
        site.url + "/vi/compare/add/",
        {"method": "qlora", "next": "/vi/methods/"},
        {**BEHIND_TLS, "Cookie": f"csrftoken={token}", "X-CSRFToken": token, "Origin": origin},
    )
    assert added.status == 302
    session = next(c for c in added.headers.get_all("Set-Cookie") if c.startswith("sessionid="))
    assert "; Secure" in session and "; HttpOnly" in session and "SameSite=Lax" in session


def test_hashed_static_files_are_compressed_and_cached_for_a_year(site):
    page = Visitor().get(site.url + "/vi/methods/", BEHIND_TLS)
    hashed = re.findall(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"', page.text)
    assert len(hashed) >= 2  # the style sheet and htmx
    for path in hashed:
        for encoding in ["br", "gzip"]:
            answer = Visitor().get(site.url + path, {**BEHIND_TLS, "Accept-Encoding": encoding})
            assert answer.status == 200
            assert answer.headers["Content-Encoding"] == encoding
            cache = answer.headers["Cache-Control"]
            assert "immutable" in cache
            assert int(re.search(r"max-age=(\d+)", cache)[1]) >= YEAR
    # Only hashed names are served, so no file can be kept a year under a name that changes.
    assert Visitor().get(site.url + "/static/css/site.css", BEHIND_TLS).status == 404


def refused_start(command: list[str], folder: Path) -> subprocess.CompletedProcess:
    env = production_environment(f"sqlite:///{folder / 'db.sqlite3'}", folder / "static")
    del env["DJANGO_SECRET_KEY"]
    env["PORT"] = str(free_port())
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "command", [["make", "--no-print-directory", "serve"], GUNICORN], ids=["make serve", "gunicorn"]
)
def test_production_refuses_to_start_without_a_secret_key(tmp_path, command):
    result = refused_start(command, tmp_path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "DJANGO_SECRET_KEY is not set" in output
    assert "secrets.token_urlsafe(50)" in output
    assert "Booting worker" not in output


# --- Scale-out: several app processes, one database, one session store ----------------------


@pytest.fixture(
    scope="module",
    params=[pytest.param("local caches", marks=pytest.mark.postgres_too), "one Redis cache"],
)
def processes(request, deployment, tmp_path_factory) -> tuple[Server, Server]:
    """Two more app process groups (2 workers × 4 threads each) behind which a load balancer
    would send a visitor's requests anywhere."""
    with ExitStack() as stack:
        extra = {}
        if request.param == "one Redis cache":
            if REDIS is None:
                pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
            redis = stack.enter_context(RedisServer(tmp_path_factory.mktemp("redis")))
            extra["REDIS_URL"] = redis.url
        first = stack.enter_context(gunicorn(deployment, "first", **extra))
        second = stack.enter_context(gunicorn(deployment, "second", **extra))
        yield first, second


def tray(visitor: Visitor, server: Server) -> list[str]:
    """The slugs of the visitor's comparison, as the page shows them."""
    page = visitor.get(server.url + "/en/compare/")
    return compared_columns(page.text)


def add(visitor: Visitor, server: Server, slug: str):
    return visitor.post(server.url + "/en/compare/add/", {"method": slug, "next": "/en/methods/"})


def test_a_visitor_keeps_the_tray_whichever_process_answers(processes):
    first, second = processes
    visitor = Visitor()
    visitor.get(first.url + "/en/methods/")
    assert add(visitor, first, "qlora").status == 200
    assert add(visitor, second, "lora").status == 200
    assert tray(visitor, first) == tray(visitor, second) == ["qlora", "lora"]
    for slug in ["bert", "transformer", "gpt-3"]:
        answer = add(visitor, second, slug)
    assert "At most 4 methods can be compared" in answer.text
    assert tray(visitor, first) == ["qlora", "lora", "bert", "transformer"]


def test_concurrent_writes_from_many_visitors_never_lock_the_database(processes):
    slugs = ["qlora", "lora", "bert", "transformer"]

    def visit(number: int) -> list[int]:
        """Add four methods and remove them again, five times, asking either process in turn."""
        visitor, statuses = Visitor(), []
        visitor.get(processes[number % 2].url + "/en/methods/")
        for round_ in range(5):
            for action in ["add", "remove"]:
                for turn, slug in enumerate(slugs):
                    server = processes[(number + round_ + turn) % 2]
                    answer = visitor.post(f"{server.url}/en/compare/{action}/", {"method": slug})
                    statuses.append(answer.status)
        assert tray(visitor, processes[0]) == []
        return statuses

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [status for result in pool.map(visit, range(8)) for status in result]
    assert set(statuses) == {200}
    for server in processes:
        assert "database is locked" not in server.output()
        assert "Traceback" not in server.output()


def test_two_tabs_adding_at_the_same_moment_both_keep_their_method(processes):
    visitor = Visitor()
    visitor.get(processes[0].url + "/en/methods/")
    add(visitor, processes[0], "qlora")  # the session exists, as after any first add
    pairs = [("lora", "bert"), ("transformer", "gpt-3"), ("bert", "lora")] * 4
    start = threading.Barrier(2)

    def tab(server: Server, slug: str) -> int:
        start.wait()  # both tabs send at once
        return add(visitor, server, slug).status

    for left, right in pairs:
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(tab, processes, [left, right]))
        assert results == [200, 200]
        assert sorted(tray(visitor, processes[0])) == sorted(["qlora", left, right])
        for slug in (left, right):
            visitor.post(processes[1].url + "/en/compare/remove/", {"method": slug})
