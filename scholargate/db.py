"""Write transactions that wait their turn without polling.

SQLite lets one writer in at a time; the others wait in its busy handler, which polls with
growing sleeps (up to 100 ms each). Under load that polling, not the work, made the slowest
tray changes slow (p99 near 200 ms at 8 connections). Writers that must run one after another
queue on a file lock beside the database instead: the kernel wakes the next one the moment
the lock is free. Other databases lock rows, and need nothing more than a transaction.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def serialized_write() -> Iterator[None]:
    """A transaction that, on a SQLite file, first waits for the writers before it."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        with transaction.atomic():
            yield
        return
    with open(f"{connection.settings_dict['NAME']}-writers.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        with transaction.atomic():
            yield
