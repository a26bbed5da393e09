"""The ScholarGate benchmark: the production server on loopback, measured with wrk.

    python -m tools.bench [--methods 10000] [--duration 10] [--soak 60] [--database-url URL]

It starts `make serve` (HTTPS redirect off) on a throw-away SQLite file (or a throw-away
database on the PostgreSQL server that --database-url names) and measures the bundled
catalog, then again after importing N synthetic methods beside it. Each time, one row after
another: /healthz (the framework's floor); the frame (a new visitor's empty comparison: the
site's layout and little else; measured in slices before each page row and after the last,
each row compared with the two around it, as the machine's speed drifts, and each slice after
one of /healthz, which the frame is compared with); pages at addresses
that never repeat, so no cache can have seen them (random 3-method comparisons, random
searches, random catalog pages with filters, sort and page varied, random method pages: on the
bundled catalog these may come round again once every method's
page in both languages has been asked for); and visitors adding and removing a method on the
catalog and in the comparison table. Each row reports requests per second, p50/p99 latency,
errors and its throughput as a ratio to /healthz's and to the frame's in the same run,
against its target; then a soak at 32 connections over fresh random addresses of the large
catalog. The tables are printed and written as JSON (the server's log beside it). This is a
measurement, not a test: targets are reported, never asserted.
"""

import argparse
import bisect
import http.cookiejar
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from tools import synthetic

ROOT = Path(__file__).resolve().parent.parent
SEED_THREE = "qlora,direct-preference-optimization,latent-diffusion-models"
FRAME_ROW = "frame (empty comparison)"
# The page a search engine sends a reader to: a method, its relations and its relation map.
METHOD_PAGES_ROW = "random method pages"
# The frame's throughput as a ratio to /healthz's; pages no cache has seen, as a ratio to the
# frame's, on each catalog; and every random row's p99.
FRAME_TARGET = 0.2
TARGETS = {
    "bundled": {
        "random comparisons": 0.45,
        "random catalog pages": 0.45,
        METHOD_PAGES_ROW: 0.4,
        "random searches": 0.35,
    },
    "large": {
        "random comparisons": 0.3,
        "random catalog pages": 0.3,
        METHOD_PAGES_ROW: 0.3,
        "random searches": 0.25,
    },
}
P99_TARGET_MS = 100
LANGUAGES = ["vi", "en"]
SOAK_CONNECTIONS = 32
PER_PAGE = 20  # settings.METHODS_PER_PAGE
# Each address once: thread k of n takes lines k, k + n, k + 2n, ... of the file. A thread
# that runs out asks for a method that does not exist, which shows as errors.
EVERY_ADDRESS_ONCE = """
local threads = 0
function setup(thread)
  thread:set("k", threads)
  threads = threads + 1
end
function init(args)
  paths, n = {}, 0
  local i = 0
  for line in io.lines(args[1]) do
    if i % tonumber(args[2]) == k then paths[#paths + 1] = line end
    i = i + 1
  end
end
function request()
  n = n + 1
  return wrk.format(nil, paths[n] or "/en/methods/no-more-addresses/")
end
"""
# A visitor's tray, the part of the page a change in it swaps (HX-Target), the form's body, and
# what the answer must hold.
POSTING = {
    "add/remove a method": (
        "qlora",
        "compare-transformer",
        "method=transformer",
        'id="compare-transformer"',
    ),
    # In the table: no claim of what the page shows is posted, so the whole table answers.
    "add/remove in the table": (SEED_THREE, "comparison", "method=lora", 'id="comparison"'),
}
# Each wrk thread is one visitor on one connection, with a session of its own, adding and
# removing a method in turn, as 8 people at their own comparisons would.
VISITORS_POSTING = """
local visitors = {%(visitors)s}
local started = 0
function setup(thread)
  started = started + 1
  thread:set("visitor", started)
end
local n = 0
request = function()
  n = n + 1
  if n %% 2 == 1 then
    return wrk.format("POST", "/vi/compare/add/", visitors[visitor], "%(body)s")
  end
  return wrk.format("POST", "/vi/compare/remove/", visitors[visitor], "%(body)s")
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=10_000, help="catalog size")
    parser.add_argument("--duration", type=int, default=10, help="seconds per row")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--soak", type=int, default=60, help="seconds at 32 connections")
    parser.add_argument(
        "--pace",
        type=int,
        default=0,
        help="milliseconds each connection waits between its requests: a check that the "
        "benchmark runs end to end that leaves the machine to other work (the rates then "
        "measure the pace, not the site)",
    )
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--rows", default="", help="only these rows (comma-separated names)")
    parser.add_argument("--output", type=Path, default=ROOT / "artifacts" / "bench.json")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL server to measure on (postgres://user:password@host/db; the role may "
        "create databases): a throw-away database there instead of a throw-away SQLite file",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (Debian) or brew install wrk.")

    with (
        tempfile.TemporaryDirectory(prefix="scholargate-bench-") as workdir,
        throwaway_database(args.database_url, Path(workdir)) as database_url,
    ):
        port = args.port or free_port()
        env = server_environment(Path(workdir), port, database_url)
        log = args.output.with_suffix(".log")
        server = start_server(env, log)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, log)
            print("The bundled catalog", flush=True)
            bundled = measure(base, Path(workdir), args)
            add_synthetic_methods(base, env, Path(workdir), args.methods)
            print(f"With {args.methods} synthetic methods", flush=True)
            large = measure(base, Path(workdir), args, soak=args.soak)
            if large["methods"] != bundled["methods"] + args.methods:
                sys.exit(f"The large catalog's download holds {large['methods']} methods.")
        finally:
            server.terminate()
            server.wait(timeout=30)
    report = summarize({"bundled": bundled, "large": large}, args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nWritten to {args.output}; the server's log to {log}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_database(server_url: str, workdir: Path) -> Iterator[str]:
    """An empty database for the run: a SQLite file in workdir, or one made on the PostgreSQL
    server at server_url and dropped afterwards, whatever happens."""
    if not server_url:
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    import psycopg  # only PostgreSQL runs need it

    name = f"scholargate_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def server_environment(workdir: Path, port: int, database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        # Collected again only when they changed (make serve), as for `make serve` itself.
        "DJANGO_STATIC_ROOT": os.environ.get("DJANGO_STATIC_ROOT") or str(ROOT / "staticfiles"),
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "benchmark-only-" + os.urandom(32).hex(),
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SECURE_COOKIES": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORT": str(port),
    }


def add_synthetic_methods(base: str, env: dict, workdir: Path, count: int) -> None:
    """Import `count` synthetic methods into the running site's catalog, named unlike any of
    its methods (the importer would skip one that is)."""
    started = time.perf_counter()
    methods = download(base)["methods"]
    names = ("name", "acronym", "vietnamese_name")
    taken = [
        name
        for m in methods
        for name in [*(m[key] for key in names), *m["aliases"]["vi"], *m["aliases"]["en"]]
    ]
    catalog = workdir / "catalog.json"
    catalog.write_text(json.dumps(synthetic.generate(count, taken=taken)), encoding="utf-8")
    subprocess.run(
        [sys.executable, "manage.py", "import_methods", str(catalog)], cwd=ROOT, env=env, check=True
    )
    # The addresses must come from the new download. The server's task worker may be writing it
    # already, and build_dataset then leaves it to the worker: the site serves the older file
    # until the new one is complete.
    subprocess.run(
        [sys.executable, "manage.py", "build_dataset"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(download(base)["methods"]) < len(methods) + count and time.monotonic() < deadline:
        time.sleep(0.5)
    print(f"{count} synthetic methods imported in {time.perf_counter() - started:.1f} s")


def download(base: str) -> dict:
    """The catalog as the site's dataset download gives it."""
    with urllib.request.urlopen(f"{base}/en/methods/dataset.json") as response:
        return json.load(response)


def start_server(env: dict, log: Path) -> subprocess.Popen:
    """`make serve` on an empty database: it migrates and loads the bundled dataset."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        return subprocess.Popen(
            ["make", "-s", "serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_up(base: str, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The server did not answer /healthz in time; its log is {log}.")


class Addresses:
    """Random addresses in a catalog (as /methods/dataset.json gives it), none handed out
    twice. Each is built around a method drawn at random, so it finds something."""

    def __init__(self, dataset: dict, seed: int = 0) -> None:
        self.random = random.Random(seed)
        self.methods = dataset["methods"]
        self.slugs = [method["slug"] for method in self.methods]
        # What a reader of English pages may search a method by: words of its name and summary.
        texts = [f"{m['name']} {m['acronym']} {m['summary']['en']}" for m in self.methods]
        self.words = [sorted(set(re.findall(r"\w{3,}", text.lower()))) for text in texts]
        self.given: set[str] = set()
        # The sorted years of the methods under each field/type filter (None: any).
        self.years = defaultdict(list)
        for method in self.methods:
            for field in (None, method["field"]):
                for kind in (None, method["type"]):
                    self.years[field, kind].append(method["year"])
        for years in self.years.values():
            years.sort()

    def comparison(self) -> str:
        return "/en/compare/?m=" + ",".join(self.random.sample(self.slugs, 3))

    def search(self) -> str:
        words = self.random.choice(self.words)
        chosen = self.random.sample(words, self.random.randint(1, min(3, len(words))))
        return "/en/methods/?" + urlencode({"q": " ".join(chosen)})

    def catalog_page(self) -> str:
        method = self.random.choice(self.methods)

        def perhaps(value):  # each filter on or off, as a coin falls
            return value if self.random.random() < 0.5 else None

        field, kind = perhaps(method["field"]), perhaps(method["type"])
        years = self.years[field, kind]
        year_from = perhaps(self.random.randint(years[0], method["year"]))
        year_to = perhaps(self.random.randint(method["year"], years[-1]))
        first = bisect.bisect_left(years, year_from or years[0])
        found = bisect.bisect_right(years, year_to or years[-1]) - first
        filters = {"field": field, "type": kind, "year_from": year_from, "year_to": year_to}
        filters["sort"] = self.random.choice([None, "-year", "year"])  # None: by name
        filters["page"] = self.random.randint(1, math.ceil(found / PER_PAGE))
        return "/en/methods/?" + urlencode({k: v for k, v in filters.items() if v})

    def method_pages(self, count: int) -> list[str]:
        """`count` method pages, each method's page in each language once before any comes
        round again (the bundled catalog has fewer than a row asks for)."""
        pages = [f"/{language}/methods/{slug}/" for slug in self.slugs for language in LANGUAGES]
        fresh = [page for page in pages if page not in self.given]
        self.random.shuffle(fresh)
        chosen = (fresh or pages) * (count // max(len(fresh), 1) + 1)
        self.given.update(chosen[:count])
        return chosen[:count]

    def fresh(self, kinds: list, count: int) -> list[str]:
        """`count` addresses never given before, taking the kinds in turn."""
        paths = []
        while len(paths) < count:
            path = kinds[len(paths) % len(kinds)]()
            if path not in self.given:
                self.given.add(path)
                paths.append(path)
        return paths


def visitor(base: str, tray: str, target: str) -> dict[str, str]:
    """A browser tab's headers after it opened the catalog and made `tray` its comparison: its
    own session and CSRF cookies, and the token that htmx sends with each change."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/vi/methods/").read().decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    adopt = urllib.request.Request(
        f"{base}/vi/compare/adopt/", data=f"m={tray}".encode(), headers={"X-CSRFToken": token}
    )
    opener.open(adopt).read()
    return {
        "Cookie": "; ".join(f"{c.name}={c.value}" for c in jar),
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "HX-Target": target,
    }


def posting(base: str, connections: int, tray: str, target: str, body: str, answer: str) -> str:
    """The wrk script of visitors with `tray` adding and removing a method (`body`) in turn.
    One add is tried first: it must answer with `answer`, the part htmx swaps, not a page."""
    visitors = [visitor(base, tray, target) for _ in range(connections)]
    answers = []
    for action in ("add", "remove"):
        change = urllib.request.Request(f"{base}/vi/compare/{action}/", body.encode(), visitors[0])
        with urllib.request.urlopen(change) as response:
            answers.append(response.read().decode())
    if answer not in answers[0] or "<html" in answers[0]:
        sys.exit(f"Adding {body} with HX-Target: {target} did not answer with {answer}.")
    lua = ", ".join(
        "{" + ", ".join(f'["{name}"] = "{value}"' for name, value in v.items()) + "}"
        for v in visitors
    )
    return VISITORS_POSTING % {"visitors": lua, "body": body}


def wrk(
    base: str,
    seconds: int,
    connections: int,
    script: str = "",
    paths: Path | None = None,
    threads: int = 2,
    path: str = "/healthz",
    pace: int = 0,
) -> dict:
    """wrk on `path`, or on the addresses that `script` asks for (from `paths`), each
    connection waiting `pace` ms between its requests."""
    threads = min(threads, connections)
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    if pace:
        script += f"\nfunction delay() return {pace} end\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        command.append(base + path)
        if paths:
            command += ["--", str(paths), str(threads)]
        run = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(run.stdout)


def parse_wrk(output: str) -> dict:
    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "requests": requests,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    }


def slices(measured: list[dict]) -> dict:
    """A row measured in slices of one length, as one: its mean rate, its errors, the mean of
    its medians and the worst of its p99s (a percentile of the whole lies below it)."""
    return {
        "rps": round(sum(m["rps"] for m in measured) / len(measured), 2),
        "p50_ms": round(sum(m["p50_ms"] for m in measured) / len(measured), 2),
        "p99_ms": max(m["p99_ms"] for m in measured),
        "requests": sum(m["requests"] for m in measured),
        "errors": sum(m["errors"] for m in measured),
        "slices_rps": [m["rps"] for m in measured],
    }


def measure(base: str, workdir: Path, args, soak: int = 0) -> dict:
    """Every row on the catalog as it is, and the soak when `soak` seconds are asked for."""
    dataset = download(base)
    addresses = Addresses(dataset)
    load = partial(wrk, base, pace=args.pace)
    # Each row is warmed first (templates, database pages, each worker's first requests): 2 s
    # before a 10-s row, 1 s before a short trial's, whose first requests on a busy machine can
    # take longer than the row itself.
    warmup = max(1, args.duration // 5)
    load(warmup, args.connections)
    print(f"Measuring healthz for {args.duration} s …", flush=True)
    rows = {"healthz": load(args.duration, args.connections)}
    floor = rows["healthz"]["rps"]
    random_rows = {
        "random comparisons": addresses.comparison,
        "random searches": addresses.search,
        "random catalog pages": addresses.catalog_page,
    }
    every_row = {FRAME_ROW, *random_rows, METHOD_PAGES_ROW, *POSTING}
    wanted = set(args.rows.split(",")) if args.rows else every_row
    # The site's layout and little else: no page is cached, so one address measures it. What a
    # page can reach at best, beside what the framework alone reaches (/healthz). Measured in
    # slices, one before each page row and one after the last, and each row is compared with
    # the two around it: this machine's speed drifts by a fifth within minutes, and a floor
    # measured minutes away judged a row by another machine's speed.
    # The frame is compared with /healthz in slices too, each just before its own.
    piece = max(1, args.duration // 4)
    frames: list[dict] = []
    floors: list[dict] = []

    def frame() -> dict:
        print(f"Measuring healthz, then {FRAME_ROW}, for {piece} s each …", flush=True)
        floors.append(load(piece, args.connections))
        frames.append(load(piece, args.connections, path="/en/compare/"))
        return frames[-1]

    if FRAME_ROW in wanted:
        load(warmup, args.connections, path="/en/compare/")
        rows[FRAME_ROW] = frame()
    # Pages are slower than /healthz: at its rate, with room to spare, no thread runs out.
    count = int(floor * args.duration * 1.5) + 1000

    def each_once(paths: list[str], seconds: int, connections: int) -> dict:
        file = workdir / "paths.txt"
        file.write_text("\n".join(paths) + "\n")
        return load(seconds, connections, EVERY_ADDRESS_ONCE, file)

    # Each page row's addresses: `count` of them, never given before (but method pages).
    pages = {name: partial(addresses.fresh, [kind]) for name, kind in random_rows.items()}
    pages[METHOD_PAGES_ROW] = addresses.method_pages
    for name, paths in pages.items():
        if name not in wanted:
            continue
        each_once(paths(count // 5), warmup, args.connections)
        before = frames[-1] if frames else None
        print(f"Measuring {name} for {args.duration} s …", flush=True)
        rows[name] = each_once(paths(count), args.duration, args.connections)
        if before is not None:
            rows[name]["frame_rps"] = round((before["rps"] + frame()["rps"]) / 2, 2)
    if frames:
        rows[FRAME_ROW] = slices(frames)
        rows[FRAME_ROW]["healthz_rps"] = slices(floors)["rps"]
        rows[FRAME_ROW]["healthz_slices_rps"] = [m["rps"] for m in floors]
    for name, change in POSTING.items():
        if name in wanted:
            script, n = posting(base, args.connections, *change), args.connections
            load(warmup, n, script, threads=n)  # one visitor on each connection
            print(f"Measuring {name} for {args.duration} s …", flush=True)
            rows[name] = load(args.duration, n, script, threads=n)
    soaked = None
    if soak:
        print(f"Soak: random addresses at {SOAK_CONNECTIONS} connections for {soak} s …")
        paths = addresses.fresh(list(random_rows.values()), int(floor * soak * 1.5) + 1000)
        soaked = each_once(paths, soak, SOAK_CONNECTIONS)
    return {"methods": len(dataset["methods"]), "rows": rows, "soak": soaked}


def summarize(results: dict, args) -> dict:
    catalogs = {}
    for catalog, measured in results.items():
        healthz = measured["rows"]["healthz"]["rps"] or 1
        frame = measured["rows"].get(FRAME_ROW, {}).get("rps") or 0
        rows = []
        for name, result in measured["rows"].items():
            # Judged on the ratios as reported, so that the verdict agrees with the table; the
            # frame against /healthz's slices beside its own.
            to_healthz = round(result["rps"] / (result.get("healthz_rps") or healthz), 3)
            # Each page row against the frame measured just before and after it.
            around = result.get("frame_rps") or frame
            to_frame = round(result["rps"] / around, 3) if around else None
            target = FRAME_TARGET if name == FRAME_ROW else TARGETS[catalog].get(name)
            met = None
            if name == FRAME_ROW:
                met = to_healthz >= target and not result["errors"]
            elif target and to_frame is not None:
                met = (
                    to_frame >= target and result["p99_ms"] < P99_TARGET_MS and not result["errors"]
                )
            rows.append(
                {
                    "row": name,
                    **result,
                    "ratio_to_healthz": to_healthz,
                    "ratio_to_frame": to_frame,
                    "target_ratio": target,
                    "meets_target": met,
                }
            )
        catalogs[catalog] = {"methods": measured["methods"], "rows": rows}
    soak = results["large"]["soak"]
    return {
        "database": "postgresql" if args.database_url else "sqlite",
        "connections": args.connections,
        "duration_s": args.duration,
        "pace_ms": args.pace,
        "cores": os.cpu_count(),
        "p99_target_ms": P99_TARGET_MS,
        "catalogs": catalogs,
        "soak": soak
        and {
            **soak,
            "connections": SOAK_CONNECTIONS,
            "duration_s": args.soak,
            "meets_target": soak["errors"] == 0,
        },
    }


def print_table(report: dict) -> None:
    print(
        f"\n{report['database']}, {report['connections']} connections, "
        f"{report['duration_s']} s per row, {report['cores']} cores"
        + (f", paced {report['pace_ms']} ms: not a measurement" if report["pace_ms"] else "")
    )
    header = (
        f"{'row':<27}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}{'×healthz':>9}"
        f"{'×frame':>8}{'target':>8}{'met':>5}"
    )
    for catalog in report["catalogs"].values():
        print(f"\n{catalog['methods']} methods")
        print(header)
        print("-" * len(header))
        for row in catalog["rows"]:
            to_frame = f"{row['ratio_to_frame']:.2f}" if row["ratio_to_frame"] else ""
            target = ""
            if row["target_ratio"]:
                floor = "h" if row["row"] == FRAME_ROW else "f"
                target = f"{row['target_ratio']:.2f}{floor}"
            met = {True: "yes", False: "NO", None: ""}[row["meets_target"]]
            print(
                f"{row['row']:<27}{row['rps']:>7.0f}{row['p50_ms']:>8.2f}{row['p99_ms']:>8.2f}"
                f"{row['errors']:>7}{row['ratio_to_healthz']:>9.2f}{to_frame:>8}{target:>8}"
                f"{met:>5}"
            )
    print(
        f"\nTargets: the frame at least its ratio to /healthz (h); a random page at least its "
        f"ratio to the frame (f), p99 under {report['p99_target_ms']} ms and no errors. Random "
        f"rows never repeat an address (but method pages of the bundled catalog)."
    )
    measured = [
        f"{catalog['methods']} methods, "
        + ", ".join(
            f"{floor:.0f}/{frame:.0f}"
            for floor, frame in zip(row["healthz_slices_rps"], row["slices_rps"], strict=True)
        )
        for catalog in report["catalogs"].values()
        for row in catalog["rows"]
        if "slices_rps" in row
    ]
    if measured:
        print(
            "/healthz and the frame, before each page row and after the last (req/s); each row "
            "is compared with the frame's two slices around it, the frame with /healthz's "
            f"slices: {'; '.join(measured)}."
        )
    if soak := report["soak"]:
        print(
            f"Soak over random addresses at {soak['connections']} connections for "
            f"{soak['duration_s']} s: {soak['requests']} requests, {soak['errors']} errors, "
            f"p99 {soak['p99_ms']:.1f} ms; 0 errors met: {'yes' if soak['meets_target'] else 'NO'}"
        )


if __name__ == "__main__":
    main()
