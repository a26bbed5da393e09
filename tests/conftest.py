import fcntl
import os
import pickle
from collections.abc import Iterator

import pytest
from asgiref.local import Local
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.tasks import task_backends
from django.test import override_settings
from django.utils import translation

from methods import memo
from methods.models import Method
from tests import servers

# One table's rows: its name, its columns and their values.
Table = tuple[str, list[str], list[tuple]]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """On PostgreSQL, no autovacuum in the test database. Every test writes the catalog and
    rolls it back, so its tables fill with dead rows; autovacuum's ANALYZE then counts them
    empty, and the planner, expecting one row, joins them by nested loops of sequential scans:
    the relation map of every bundled method took 98 s in a full run instead of 1.3 s. A real
    catalog is committed, and its statistics are right."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"ALTER TABLE {quote(table)} SET (autovacuum_enabled = false)")


@pytest.fixture(scope="session")
def bundled_rows(django_db_setup, django_db_blocker, tmp_path_factory) -> list[Table]:
    """The rows `load_dataset` writes for the bundled dataset, loaded once per run and rolled
    back: loading validates and saves every method, seconds each time. Side by side (xdist),
    the first worker to need them loads them and leaves them in the run's folder for the
    others: their databases are made alike, so the rows (ids included) are the same."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return _bundled_rows(django_db_blocker)
    shared = tmp_path_factory.getbasetemp().parent  # the run's, above each worker's
    kept = shared / f"bundled-rows-{connection.vendor}.pickle"
    with open(shared / "bundled-rows.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not kept.exists():
            kept.write_bytes(pickle.dumps(_bundled_rows(django_db_blocker)))
    return pickle.loads(kept.read_bytes())


def _bundled_rows(django_db_blocker) -> list[Table]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_dataset", verbosity=0)
        tables = [_rows(table) for table in [*_catalog_tables(), *_search_index_tables()]]
        transaction.set_rollback(True)
    return [table for table in tables if table[2]]


@pytest.fixture(scope="session")
def deployed(tmp_path_factory) -> servers.Deployed:
    """A deployed site's database and static files, for server tests to start from."""
    run_folder = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        run_folder = run_folder.parent  # the run's, above each worker's
    return servers.deployed(run_folder)


@pytest.fixture
def catalog(request, db, bundled_rows) -> None:
    """The bundled ScholarGate dataset, as `make run` loads it: its rows written back as they
    are, and the id sequences moved past them (once for a module that keeps the catalog)."""
    if "kept_catalog" not in request.fixturenames:
        with transaction.atomic():
            _write_catalog(bundled_rows)


@pytest.fixture(scope="module")
def kept_catalog(django_db_blocker, bundled_rows) -> Iterator[None]:
    """The catalog written once for a whole module (`pytest.mark.usefixtures("kept_catalog")`)
    whose tests all use it or do not mind it, none a live server: each test's transaction
    rolls back to it, the module's end rolls it back. Writing it costs a quarter of a second per
    test on PostgreSQL, whose trigram indexes take in every method's text."""
    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
        _write_catalog(bundled_rows)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        kept.__exit__(None, None, None)


def _write_catalog(bundled_rows: list[Table]) -> None:
    """SQLite's search index is copied as loading built it, its insert trigger off meanwhile:
    indexing the catalog's text afresh (trigrams) would take most of the time."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        search_index = _search_index_tables()
        if search_index:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [SEARCH_TRIGGER])
            [trigger] = cursor.fetchone()
            cursor.execute(f"DROP TRIGGER {SEARCH_TRIGGER}")
        for table, columns, rows in bundled_rows:
            if table in search_index:  # an empty index has rows of its own
                cursor.execute(f"DELETE FROM {quote(table)}")
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        if search_index:
            cursor.execute(trigger)
        for sql in connection.ops.sequence_reset_sql(no_style(), _catalog_models()):
            cursor.execute(sql)


# SQLite's search index is an FTS5 table whose own tables hold the index (methods migration
# 0004); on PostgreSQL it is an ordinary index of methods_method.
SEARCH_TRIGGER = "methods_method_search_insert"


def _catalog_models() -> list:
    models = apps.get_app_config("methods").get_models(include_auto_created=True)
    return [model for model in models if not model._meta.proxy]  # a proxy has no table


def _catalog_tables() -> list[str]:
    return [model._meta.db_table for model in _catalog_models()]


def _search_index_tables() -> list[str]:
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE %s",
            ["methods_method_search_%"],
        )
        return [name for (name,) in cursor.fetchall()]


def _rows(table: str) -> Table:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}")
        return table, columns, cursor.fetchall()


@pytest.fixture
def seed_methods(catalog) -> list[Method]:
    """The three methods of the page ScholarGate grew from, in the seed's order."""
    slugs = ["qlora", "direct-preference-optimization", "latent-diffusion-models"]
    by_slug = {m.slug: m for m in Method.objects.for_comparison().filter(slug__in=slugs)}
    return [by_slug[slug] for slug in slugs]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """What is kept per catalog version (the filter menus) never crosses from one test's
    catalog into another's."""
    for kept in caches.all():
        kept.clear()
    memo.clear()


@pytest.fixture(autouse=True)
def test_server_settings(settings):
    """Tests talk plain HTTP to a server without `collectstatic` (so no hashed-name manifest)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def dataset_download_dir(settings, tmp_path):
    """Each test writes the dataset download afresh, in a folder of its own."""
    settings.DATASET_DOWNLOAD_DIR = tmp_path / "dataset"


@pytest.fixture(autouse=True, scope="session")
def tasks_run_at_once() -> Iterator[None]:
    """Each task runs as it is enqueued, in the test's own transaction (no worker)."""
    immediate = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    with override_settings(TASKS=immediate):
        reset_task_backends()
        yield
    reset_task_backends()


@pytest.fixture
def database_tasks() -> Iterator[None]:
    """Tasks kept in the database until a worker (`manage.py task_worker`) runs them, as served."""
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    with override_settings(TASKS=backend):
        reset_task_backends()
        yield
    reset_task_backends()


def reset_task_backends() -> None:
    """Django keeps the task backends it made; made again, they follow settings.TASKS."""
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Hashing a password is slow on purpose (about half a second here); tests set many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The files that take longest, longest first (`--durations`, summed per file): `make test`
# hands whole files to its workers in collection order, and a long file handed out last runs
# on alone while the other workers wait. The rest keep their order, after these.
LONGEST_FILES = [
    "tests/faults/test_scale_out.py",
    "tests/e2e/test_accessibility.py",
    "tests/scholargate/test_serving.py",
    "tests/scholargate/test_backup.py",
    "tests/tools/test_bench.py",
    "tests/methods/test_dataset.py",
    "tests/faults/test_postgresql.py",
    "tests/hostile/test_dataset_input.py",
    "tests/faults/test_redis.py",
    "tests/e2e/test_comparison.py",
    "tests/e2e/test_visual.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: n for n, path in enumerate(LONGEST_FILES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


# The fault tests' counts (status codes before, during and after each fault, tests/faults),
# printed at the end of the run whichever worker measured them.
FAULT_COUNTS = "fault counts"


@pytest.fixture
def report(record_property):
    """Record a line of counts for the run's summary: report("Redis stopped", during=...)."""

    def record(fault: str, **counts) -> None:
        line = ", ".join(f"{phase} {value}" for phase, value in counts.items())
        record_property(FAULT_COUNTS, f"{fault}: {line}")

    return record


def pytest_terminal_summary(terminalreporter) -> None:
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == FAULT_COUNTS
    ]
    if lines:
        terminalreporter.section("faults")
        for line in lines:
            terminalreporter.line(line)
