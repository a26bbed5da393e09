"""Real server processes for the tests that need them: `make serve`, or gunicorn beside it,
and a visitor that talks to them over HTTP with its own cookies."""

import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
REDIS = shutil.which("redis-server")
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "scholargate/gunicorn.conf.py"]
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(database_url: str, static_root: Path, **extra: str) -> dict:
    """The documented environment of a production server, and nothing of this shell's: not the
    variables of a `make` the suite runs under either, which a `make` it starts would take over
    what is set here (`make test-database DATABASE_URL=...` made every server share that
    database)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "WEB_CONCURRENCY", "REDIS_URL"))
        and key not in {"DATABASE_URL", "PORT", "HOST", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(static_root),
        HOST="127.0.0.1",
        **extra,
    )
    return env


@dataclass
class Deployed:
    """What `make deploy` leaves: a database migrated with the catalog loaded, and the static
    files collected."""

    database: Path
    static_root: Path


def deployed(run_folder: Path) -> Deployed:
    """`make deploy` on SQLite, once per run (side by side, the first worker to need it makes
    it for the others), for the server tests that are not about a fresh install: each starts
    from a copy of the database, and `make serve` finds the static files up to date."""
    made = Deployed(run_folder / "deployed.sqlite3", run_folder / "deployed-static")
    with open(run_folder / "deployed.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.database.exists():
            building = made.database.with_suffix(".building")
            env = production_environment(f"sqlite:///{building}", made.static_root)
            done = subprocess.run(
                ["make", "--no-print-directory", "deploy"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise RuntimeError(f"make deploy failed:\n{(done.stdout + done.stderr)[-3000:]}")
            building.rename(made.database)
    return made


@contextmanager
def database_for_servers(tmp_path: Path, copy_of: Path | None = None) -> Iterator[str]:
    """A database of their own for server processes (the test database lives in memory or
    in a transaction they cannot see), of the kind the suite runs on; on SQLite, a copy of
    `copy_of` if given (on PostgreSQL they start empty)."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        if copy_of is not None:
            shutil.copyfile(copy_of, tmp_path / "db.sqlite3")
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    name = f"scholargate_servers_{os.getpid()}"
    credentials = {
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    with psycopg.connect(dbname=db["NAME"], autocommit=True, **credentials) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            quoted = {k: urllib.parse.quote(str(v), safe="") for k, v in credentials.items()}
            yield (
                f"postgres://{quoted['user']}:{quoted['password']}@{quoted['host']}:"
                f"{quoted['port']}/{name}"
            )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def running(command: list[str], env: dict, log: Path) -> Iterator[Server]:
    """Start a server and wait until /healthz answers; stop it, and all it started, after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops its workers
        )
    server = Server(url, log, process)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url + "/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{server.output()[-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        _stop(process)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Answer:
    status: int
    headers: Message  # case-insensitive; get_all("Set-Cookie") for every cookie
    text: str
    url: str


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies, sent to whichever of the servers it is pointed at."""

    def __init__(self, follow_redirects: bool = True) -> None:
        self.cookies = CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)]
        if not follow_redirects:
            handlers.append(NoRedirects())
        self.opener = urllib.request.build_opener(*handlers)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def get(self, url: str, headers: dict | None = None) -> Answer:
        return self._open(urllib.request.Request(url, headers=headers or {}))

    def post(self, url: str, data: dict, headers: dict | None = None) -> Answer:
        """A form post as the page's own form sends it, with the CSRF token of its cookie."""
        token = self.cookie(settings.CSRF_COOKIE_NAME)
        body = urllib.parse.urlencode(data).encode()
        headers = {"X-CSRFToken": token or "", **(headers or {})}
        return self._open(urllib.request.Request(url, data=body, headers=headers, method="POST"))

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(
                    response.status,
                    response.headers,
                    response.read().decode(errors="replace"),
                    response.url,
                )
        except urllib.error.HTTPError as error:
            return Answer(
                error.code, error.headers, error.read().decode(errors="replace"), error.url
            )


class RedisServer:
    """A redis-server of its own on a free port, which a test may stop and start again. Like
    Debian's, it saves its data when it stops and reads it back when it starts, so a Redis that
    comes back holds what it held when it went."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.client = redis.Redis(port=self.port, socket_timeout=2)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.folder]
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--save", "3600 1", "--appendonly", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = self.folder / "redis.log"
                    raise RuntimeError(f"redis-server did not start ({log})") from error
                time.sleep(0.05)

    def stop(self) -> None:
        """As `systemctl stop` does: SIGTERM, and Redis saves before it exits."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
