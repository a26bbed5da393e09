"""The task worker beside the server is started again when it stops, and stops with it."""

import sys
import time

from scholargate.supervision import Supervised

# A program that says it started, then exits at once, as the worker does when the database
# refuses it for too long.
STARTS_AND_EXITS = "import sys; open(sys.argv[1], 'a').write('started\\n')"


def starts(log) -> int:
    return log.read_text().count("started") if log.exists() else 0


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_worker_that_stops_is_started_again_until_the_server_stops_it(tmp_path):
    log = tmp_path / "starts.log"
    worker = Supervised([sys.executable, "-c", STARTS_AND_EXITS, str(log)], pause=0.1)
    worker.start()
    assert wait_for(lambda: starts(log) >= 3)
    worker.stop()
    stopped_at = starts(log)
    time.sleep(0.5)
    assert starts(log) == stopped_at


def test_stopping_ends_the_running_worker(tmp_path):
    worker = Supervised([sys.executable, "-c", "import time; time.sleep(60)"], pause=0.1)
    worker.start()
    assert wait_for(lambda: worker.process is not None)
    started = time.monotonic()
    worker.stop()
    assert worker.process.poll() is not None
    assert time.monotonic() - started < 10
