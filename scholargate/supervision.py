"""The task worker kept running beside the server (scholargate/gunicorn.conf.py).

django-tasks-db's worker exits when the database refuses it for longer than its timeout: on
SQLite, a large import holds the one write lock for longer than that; PostgreSQL may be
restarting. The server goes on serving meanwhile, so the worker is started again, a moment after
it stops, until the server stops it."""

import subprocess
import sys
import threading


class Supervised:
    """A program started again `pause` seconds after it stops, until stop()."""

    def __init__(self, command: list[str], *, pause: float = 1.0) -> None:
        self.command = command
        self.pause = pause
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        # Held while deciding to start the program, so that stop() cannot slip in between the
        # decision and the start and leave a program no one stops.
        self._starting = threading.Lock()
        self._thread = threading.Thread(target=self._keep_running, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _keep_running(self) -> None:
        while True:
            with self._starting:
                if self._stopping.is_set():
                    return
                self.process = subprocess.Popen(self.command)
            code = self.process.wait()
            if self._stopping.wait(self.pause):
                return
            sys.stderr.write(f"The task worker stopped (exit code {code}); started again.\n")

    def stop(self) -> None:
        """Stop it: it finishes the task it runs (one transaction), then exits."""
        with self._starting:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()
        self._thread.join()
