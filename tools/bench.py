"""The ScholarGate benchmark: the production server on loopback, measured with wrk.

    python -m tools.bench [--methods 10000] [--duration 10] [--soak 60]

It builds a catalog of N methods in a throw-away SQLite file, starts `make serve` (HTTPS
redirect off), warms it, then measures each page with wrk side by side, and reports
requests per second, p50/p99 latency, errors, each page's throughput as a ratio of
/healthz's (the framework's floor) measured in the same run, and the bytes of each answer (an
htmx swap's also as a share of the page it changes). The table is printed and written
as JSON. This is a measurement, not a test: targets are reported, never asserted.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tools import synthetic

ROOT = Path(__file__).resolve().parent.parent
SEED_THREE = "qlora,direct-preference-optimization,latent-diffusion-models"
SEED_FOUR = f"{SEED_THREE},lora"
# Ratios to /healthz that the pages should reach on a 2-core machine.
TARGETS = {"comparison partial": 0.6, "comparison page": 0.4, "catalog search": 0.3}
P99_TARGET_MS = 50
SWAP_SHARE_TARGET = 1 / 3
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
    return wrk.format("POST", "/vi/compare/add/", visitors[visitor], "%(add)s")
  end
  return wrk.format("POST", "/vi/compare/remove/", visitors[visitor], "%(remove)s")
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=10_000, help="catalog size")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--soak", type=int, default=60, help="seconds at 32 connections")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--pages", default="", help="only these pages (comma-separated names; healthz always)"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "artifacts" / "bench.json")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (Debian) or brew install wrk.")

    with tempfile.TemporaryDirectory(prefix="scholargate-bench-") as workdir:
        port = args.port or free_port()
        env = server_environment(Path(workdir), port)
        build_catalog(env, Path(workdir), args.methods)
        server = start_server(env)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base)
            results = measure(base, args)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report = summarize(results, args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nWritten to {args.output}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(workdir: Path, port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "benchmark-only-" + os.urandom(32).hex(),
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SECURE_COOKIES": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORT": str(port),
    }


def manage(env: dict, *arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def build_catalog(env: dict, workdir: Path, count: int) -> None:
    started = time.perf_counter()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_dataset", "-v0")
    catalog = workdir / "catalog.json"
    catalog.write_text(json.dumps(synthetic.generate(count)), encoding="utf-8")
    manage(env, "import_methods", str(catalog))
    print(f"Catalog of {count} methods built in {time.perf_counter() - started:.1f} s")


def start_server(env: dict) -> subprocess.Popen:
    return subprocess.Popen(["make", "-s", "serve"], cwd=ROOT, env=env, start_new_session=True)


def wait_until_up(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit("The server did not answer /healthz in time.")


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
        "Cookie": cookie_header(jar),
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "HX-Target": target,
    }


def page_cookies(base: str, path: str) -> str:
    """The cookies a browser holds after loading `path` (htmx asks for parts of a page only
    once the page is open)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + path).read()
    return cookie_header(jar)


def cookie_header(jar: http.cookiejar.CookieJar) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def posting(
    base: str, connections: int, tray: str, target: str, add: str, remove: str, page: str
) -> dict:
    """Visitors with `tray` adding (body `add`) and removing (body `remove`) a method in turn,
    on `page`."""
    visitors = [visitor(base, tray, target) for _ in range(connections)]
    lua = ", ".join(
        "{" + ", ".join(f'["{name}"] = "{value}"' for name, value in v.items()) + "}"
        for v in visitors
    )
    return {
        "path": "/vi/compare/add/",
        "script": VISITORS_POSTING % {"visitors": lua, "add": add, "remove": remove},
        "threads": connections,  # one visitor per connection
        "sample": {"headers": visitors[0], "body": add, "undo": remove, "page": page},
    }


def scenarios(base: str, connections: int) -> list[dict]:
    comparison = f"/vi/compare/?m={SEED_FOUR}"
    in_table = f"method=lora&m={SEED_THREE}"
    return [
        {"name": "healthz", "path": "/healthz"},
        {"name": "catalog first page", "path": "/vi/methods/"},
        {"name": "catalog search", "path": "/vi/methods/?q=sparse+attention"},
        {"name": "comparison page", "path": comparison},
        {
            # What the comparison's htmx asks for: "Show only differences" swaps the toolbar.
            "name": "comparison partial",
            "path": f"{comparison}&diff=1",
            "headers": {
                "HX-Request": "true",
                "HX-Target": "comparison-toolbar",
                "Cookie": page_cookies(base, comparison),
            },
            "part_of": "comparison page",
        },
        {
            # A browser asks for gzip: what compressing the page costs.
            "name": "comparison page, gzip",
            "path": comparison,
            "headers": {"Accept-Encoding": "gzip"},
        },
        {
            "name": "add/remove a method",
            **posting(
                base,
                connections,
                "qlora",
                "compare-transformer",
                add="method=transformer",
                remove="method=transformer",
                page="/vi/methods/",
            ),
        },
        {
            "name": "add/remove in the table",
            **posting(
                base,
                connections,
                SEED_THREE,
                "comparison",
                add=in_table,
                remove=f"{in_table},lora",
                page="/vi/compare/",
            ),
        },
    ]


def answer_sizes(base: str, scenario: dict) -> tuple[int, int | None]:
    """The bytes of one answer as a browser with those headers gets it; for a change, also the
    bytes of the visitor's page after it (the page that the swap changed)."""

    def size(path: str, headers: dict, body: str | None = None) -> int:
        data = None if body is None else body.encode()
        request = urllib.request.Request(base + path, data=data, headers=headers)
        with urllib.request.urlopen(request) as response:
            return len(response.read())

    sample = scenario.get("sample")
    if sample is None:
        return size(scenario["path"], scenario.get("headers", {})), None
    headers = sample["headers"]
    swap = size("/vi/compare/add/", headers, sample["body"])
    page = size(sample["page"], {"Cookie": headers["Cookie"]})
    size("/vi/compare/remove/", headers, sample["undo"])
    return swap, page


def wrk(base: str, scenario: dict, duration: int, connections: int) -> dict:
    threads = min(scenario.get("threads", 2), connections)
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s"]
    for name, value in scenario.get("headers", {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if "script" in scenario:
            lua.write(scenario["script"])
            lua.flush()
            command += ["-s", lua.name]
        run = subprocess.run(
            [*command, base + scenario["path"]], capture_output=True, text=True, check=True
        )
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


def measure(base: str, args) -> dict:
    plan = scenarios(base, args.connections)
    sizes = {scenario["name"]: answer_sizes(base, scenario) for scenario in plan}
    if args.pages:
        wanted = {"healthz", *args.pages.split(",")}
        plan = [scenario for scenario in plan if scenario["name"] in wanted]
    for scenario in plan:  # warm every page (templates, caches, database pages)
        wrk(base, scenario, 2, args.connections)
    pages = {}
    for scenario in plan:
        print(f"Measuring {scenario['name']} for {args.duration} s …", flush=True)
        result = wrk(base, scenario, args.duration, args.connections)
        # An htmx swap is measured against the page it changes.
        result["bytes"], page = sizes[scenario["name"]]
        if "part_of" in scenario:
            page = sizes[scenario["part_of"]][0]
        if page:
            result["share_of_page"] = round(result["bytes"] / page, 3)
        pages[scenario["name"]] = result
    soak = None
    if args.soak:
        print(f"Soak: comparison page at 32 connections for {args.soak} s …", flush=True)
        soak = wrk(base, {"path": f"/vi/compare/?m={SEED_FOUR}"}, args.soak, 32)
    return {"pages": pages, "soak": soak}


def summarize(results: dict, args) -> dict:
    floor = results["pages"]["healthz"]["rps"] or 1
    rows = []
    for name, result in results["pages"].items():
        ratio = result["rps"] / floor
        target = TARGETS.get(name)
        share = result.get("share_of_page")
        rows.append(
            {
                "page": name,
                **result,
                "ratio_to_healthz": round(ratio, 3),
                "target_ratio": target,
                "meets_target": None if target is None else ratio >= target,
                "p99_under_50ms": result["p99_ms"] < P99_TARGET_MS,
                "swap_under_a_third": None if share is None else share < SWAP_SHARE_TARGET,
            }
        )
    return {
        "methods": args.methods,
        "connections": args.connections,
        "duration_s": args.duration,
        "cores": os.cpu_count(),
        "pages": rows,
        "soak": results["soak"] and {**results["soak"], "connections": 32, "duration_s": args.soak},
    }


def print_table(report: dict) -> None:
    print(
        f"\n{report['methods']} methods, {report['connections']} connections, "
        f"{report['duration_s']} s per page, {report['cores']} cores"
    )
    header = (
        f"{'page':<25}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}{'ratio':>7}"
        f"{'target':>7}{'met':>4}{'bytes':>8}{'of page':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in report["pages"]:
        target = f"{row['target_ratio']:.2f}" if row["target_ratio"] else ""
        met = {True: "yes", False: "NO", None: ""}[row["meets_target"]]
        share = row.get("share_of_page")
        print(
            f"{row['page']:<25}{row['rps']:>7.0f}{row['p50_ms']:>8.2f}{row['p99_ms']:>8.2f}"
            f"{row['errors']:>7}{row['ratio_to_healthz']:>7.2f}{target:>7}{met:>4}"
            f"{row['bytes']:>8}{'' if share is None else f'{share:.0%}':>8}"
        )
    print(
        f"\np99 target {P99_TARGET_MS} ms at {report['connections']} connections; an htmx swap "
        "should send less than a third of the page it changes (bytes without compression)."
    )
    if report["soak"]:
        soak = report["soak"]
        print(
            f"Soak at 32 connections for {soak['duration_s']} s: {soak['requests']} requests, "
            f"{soak['errors']} errors, p99 {soak['p99_ms']:.1f} ms"
        )


if __name__ == "__main__":
    main()
