"""Write transactions on SQLite take turns on a file beside the database (scholargate.sqlite).

Each test opens its own database file, with a connection per thread, as server processes have
one each; a test holding the lock file plays a writer in another process."""

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError, connection, connections, transaction

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the turns are SQLite's backend's own"
)
ALIAS = "turns"
MOMENT = 0.3  # long enough for a change that did not wait to have gone through


@pytest.fixture
def database(tmp_path, django_db_blocker) -> Iterator[Path]:
    """A database file of its own, as the alias "turns", with a table of counters."""
    path = tmp_path / "db.sqlite3"
    connections.settings[ALIAS] = connections.configure_settings(
        {
            "default": connections.settings["default"],
            ALIAS: {
                "ENGINE": "scholargate.sqlite",
                "NAME": path,
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 5},
            },
        }
    )[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER)")
            cursor.execute("INSERT INTO counter VALUES ('changes', 0)")
        yield path
        connections[ALIAS].close()
    del connections.settings[ALIAS]
    delattr(connections._connections, ALIAS)


@contextmanager
def another_writer(path: Path) -> Iterator[None]:
    """A writer in another process, between its BEGIN and its COMMIT."""
    with open(f"{path}-turns", "a") as turns:
        fcntl.flock(turns, fcntl.LOCK_EX)
        yield


def change(database: Path, done: threading.Event | None = None) -> None:
    """One change in a transaction, from a thread's own connection."""
    try:
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            cursor.execute("UPDATE counter SET value = value + 1")
    finally:
        connections[ALIAS].close()
    if done is not None:
        done.set()


def changes(database: Path) -> int:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        return cursor.fetchone()[0]


def test_a_change_waits_until_the_writer_before_it_is_done(database):
    done = threading.Event()
    waiting = threading.Thread(target=change, args=(database, done))
    with another_writer(database):
        waiting.start()
        # SQLite's own lock is free: only the turn holds it back.
        assert not done.wait(MOMENT)
    assert done.wait(5)
    waiting.join()
    assert changes(database) == 1


def test_a_change_that_waited_longer_than_the_timeout_fails_as_a_locked_database(database):
    connections.settings[ALIAS]["OPTIONS"]["timeout"] = MOMENT
    with another_writer(database), pytest.raises(OperationalError, match="database is locked"):
        change(database)
    change(database)  # nothing was left held
    assert changes(database) == 1


def test_the_turn_passes_on_after_a_change_that_failed(database):
    with pytest.raises(ValueError), transaction.atomic(using=ALIAS):
        raise ValueError("a change that fails")
    # This thread's connection is still open: another's change goes through.
    thread = threading.Thread(target=change, args=(database,))
    thread.start()
    thread.join(5)
    assert not thread.is_alive()
    assert changes(database) == 1


def test_many_changes_at_once_all_count(database):
    threads = [threading.Thread(target=change, args=(database,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert changes(database) == 8
