"""Real-browser tests: Debian's Chromium, driven by pytest-playwright, against the live server;
and the HTML checker (test_valid_html.py).

Playwright's own browser download cannot be used, so the browser is the system's Chromium
(`CHROMIUM` overrides the path). Without it, or without Java and vnu.jar for the HTML checks,
those tests are skipped, loudly; in CI (`CI=true`) any skip in this folder is a failure.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings
from playwright.sync_api import BrowserContext, ConsoleMessage, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
E2E_DIR = Path(__file__).parent
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# Set when a test of this folder was skipped, for the banner at the end of the run.
SKIPPED_HERE = pytest.StashKey[list[str]]()


def in_this_folder(item: pytest.Item) -> bool:
    return E2E_DIR in Path(item.path).parents


# -- Skips: loud on a developer machine, failures in CI ---------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.skipped and in_this_folder(item):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        if IN_CI:
            report.outcome = "failed"
            report.longrepr = (
                f"CI runs every browser and HTML check; this one was skipped: {reason}"
            )
        else:
            item.config.stash.setdefault(SKIPPED_HERE, []).append(reason)
    return report


def pytest_unconfigure(config: pytest.Config) -> None:
    """After pytest's own summary, so that it is the last thing one reads."""
    reasons = config.stash.get(SKIPPED_HERE, [])
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if not reasons or terminal is None:
        return
    terminal.write_sep("!", "BROWSER AND HTML CHECKS SKIPPED", red=True, bold=True)
    for reason in sorted(set(reasons)):
        terminal.write_line(f"{reasons.count(reason)} skipped: {reason}", red=True, bold=True)
    terminal.write_line(
        "CI runs them and fails on any skip. To run them here (Debian): "
        "`apt-get install chromium default-jre-headless npm`, then `make test`.",
        bold=True,
    )


# -- Django inside Playwright's event loop ----------------------------------------------------


@pytest.fixture(scope="package")
def _django_beside_playwright() -> Iterator[None]:
    """Playwright's sync API keeps its event loop marked as running in the main thread between
    calls, so Django's guard refuses the test thread's database work (loading the dataset, the
    flush after each test) as if it came from a coroutine. Nothing async touches Django here:
    the loop only runs while a test waits on the browser, and the server answers in its own
    thread. So the guard is lifted for this folder only, for exactly as long as the Playwright
    fixtures below (package-scoped for that reason) keep the loop alive."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def playwright(_django_beside_playwright) -> Iterator[Playwright]:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's `chromium` or set CHROMIUM)")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright):
    return playwright.chromium


@pytest.fixture(scope="package")
def launch_browser(browser_type) -> Callable:
    def launch(**kwargs):
        return browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, **kwargs)

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()


class OneRequestAtATime(WSGIServer):
    """Requests answered in the server's own thread, which uses the tests' connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)

    def close_request(self, request):
        # As Django's threaded server does: no connection outlives its request (on PostgreSQL,
        # one left open keeps the test database from being dropped at the end).
        connections.close_all()
        super().close_request(request)


@pytest.fixture(scope="package")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, started with the test settings in force: its middleware
    reads them once, when the server starts (so plain HTTP, as for the test client)."""
    address = request.config.getvalue("liveserver") or "localhost"
    # One request at a time: on SQLite the server's threads share the tests' one connection,
    # and two requests on it at once (a search typed while another was answered) now and then
    # left SQLite's search index unreadable ("database disk image is malformed").
    one_at_a_time = mock.patch.object(LiveServerThread, "server_class", OneRequestAtATime)
    with override_settings(SECURE_SSL_REDIRECT=False), one_at_a_time:
        server = LiveServer(address)
        yield server
        server.stop()


@pytest.fixture(scope="package")
def browser_context_args(live_server: LiveServer) -> dict:
    return {"base_url": live_server.url, "viewport": {"width": 1280, "height": 900}}


# -- Every test: the dataset, and no console error, failed request or foreign host ------------


class BrowserProblems:
    """What went wrong in the browser during a test, however the test itself went."""

    def __init__(self, server_url: str) -> None:
        self.server = urlsplit(server_url).netloc
        self.found: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._console)
        context.on("weberror", lambda error: self.found.append(f"page error: {error.error}"))
        context.on("request", self._request)
        context.on("requestfailed", self._request_failed)
        context.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # htmx echoes an aborted request (above) on the console; a failed answer is an HTTP
        # status, reported below.
        if message.text.startswith(("htmx:sendAbort", "htmx:afterRequest")):
            return
        if message.type in {"error", "assert"}:
            self.found.append(f"console {message.type}: {message.text} ({message.location})")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in {"data", "blob", "about"} and parts.netloc != self.server:
            self.found.append(f"request to another host: {request.method} {request.url}")

    def _request_failed(self, request) -> None:
        # Dropped on purpose: the icon's request when the page is left before it arrives, and a
        # search still under way when a suggestion is added (hx-sync replaces it).
        dropped = request.url.endswith("/favicon.svg")
        dropped = dropped or request.headers.get("hx-target") == "suggestions"
        if request.failure == "net::ERR_ABORTED" and dropped:
            return
        self.found.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.found.append(f"HTTP {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def browser_problems(live_server, catalog) -> Iterator[BrowserProblems]:
    problems = BrowserProblems(live_server.url)
    yield problems
    assert not problems.found, "the browser reported problems:\n" + "\n".join(problems.found)


@pytest.fixture
def new_context(new_context, browser_problems: BrowserProblems) -> Callable[..., BrowserContext]:
    """pytest-playwright's contexts (so `context` and `page` too), watched for problems."""

    def make(**kwargs) -> BrowserContext:
        context = new_context(**kwargs)
        context.set_default_timeout(10_000)
        browser_problems.watch(context)
        return context

    return make


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if in_this_folder(item):
            item.add_marker(pytest.mark.e2e)
