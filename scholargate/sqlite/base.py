"""Django's SQLite backend, with write transactions taking turns on a lock file.

SQLite lets one transaction write at a time. One that finds the database taken sleeps and tries
again, each sleep longer than the last (1, 2, 5 … up to 100 ms), and whoever tries at the right
moment goes next: with four server workers adding and removing methods, one change in a hundred
waited 100 ms or more, some a second, while others went through in two. Here a transaction that
will write (settings: `transaction_mode` IMMEDIATE) first takes its turn on a file beside the
database, retried every millisecond at most, so that none waits long after the writer before
it is done. The system lets go of the file when a process dies, whatever it was doing. Writes
outside a transaction, and other programs, still meet SQLite's own lock, which stays in force;
so do all writers where there is no fcntl (Windows).
"""

import time
from pathlib import Path

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

try:
    import fcntl
except ImportError:
    fcntl = None

FIRST_PAUSE, LONGEST_PAUSE = 0.0001, 0.001  # seconds between tries


class DatabaseWrapper(base.DatabaseWrapper):
    turns = None  # the lock file, open while connected (no file for an in-memory database)

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        writes = self.transaction_mode in ("IMMEDIATE", "EXCLUSIVE")
        if writes and fcntl is not None and not self.is_in_memory_db():
            self.turns = Path(f"{self.settings_dict['NAME']}-turns").open("a")  # noqa: SIM115
        return connection

    def _start_transaction_under_autocommit(self):
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            if self.turns is not None:
                self.turns.close()  # lets go of the turn, if it had one
                self.turns = None

    def _take_turn(self) -> None:
        """Wait for the lock file, as long as SQLite would wait for the database (`timeout`)."""
        if self.turns is None:
            return
        deadline = time.monotonic() + self.settings_dict["OPTIONS"].get("timeout", 5)
        pause = FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self.turns, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(2 * pause, LONGEST_PAUSE)

    def _end_turn(self) -> None:
        if self.turns is not None:
            fcntl.flock(self.turns, fcntl.LOCK_UN)
