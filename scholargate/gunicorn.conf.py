"""gunicorn for `make serve`: the production server, set from the environment, with the task
worker beside it (`manage.py task_worker`, see methods.tasks).

PORT (8000) and HOST (0.0.0.0) say where it listens; WEB_CONCURRENCY (2 × cores) how many
worker processes answer. Anything else: GUNICORN_CMD_ARGS, e.g. "--threads 4".
"""

import gc
import multiprocessing
import os
import sys
from pathlib import Path

wsgi_app = "scholargate.wsgi:application"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
# Load the app once, before the workers fork: a missing DJANGO_SECRET_KEY stops the server
# at once with its message instead of every worker failing in turn.
preload_app = True
# Recycle workers now and then, so a slow leak never grows; jittered, so they never all restart
# at once. Rarely: what a worker keeps is bounded (the fragments cache, one catalog version of
# each memo), and each new worker reads the catalog-wide data again (methods.warmup): recycled
# every 10,000 requests, a busy server at 10,000 methods did so every minute or two, and the
# slowest requests of the benchmark's method pages (p99 186-372 ms against 60) were those.
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = "-"
# No runtime control socket: several servers may share a machine, and nothing here uses it.
control_socket_disable = True
# No request does long work: undoing a large import and building the dataset download run in the
# task worker. A worker silent for this long is stuck (a lost database, say) and is replaced.
timeout = 30


def pre_fork(server, worker) -> None:
    """What the master loaded (Django, the app) is left out of the workers' garbage collections:
    a full collection walked it all, 150 ms at a time in a worker serving 10,000 methods, and
    those pauses were the slowest requests."""
    gc.freeze()


def post_worker_init(worker) -> None:
    """A new worker reads what pages derive from the whole catalog before it takes a request,
    so no visitor waits while it does, and leaves that out of its garbage collections; when
    the catalog changes, it does so again after the request that finds it (methods.warmup)."""
    from django.core.signals import request_finished

    from methods.warmup import rewarm, warm_and_freeze

    warm_and_freeze()
    request_finished.connect(rewarm)


def when_ready(server) -> None:
    """The task worker starts with the server, is started again if it stops (a database away
    for longer than its timeout), and stops with the server (on_exit)."""
    # Imported here: the app is loaded first (preload_app).
    from methods.download import queue
    from scholargate.supervision import Supervised

    manage = Path(__file__).resolve().parent.parent / "manage.py"
    # Undoing, from any server; this server's dataset builds, written on its disk.
    queues = f"default,{queue()}"
    server.task_worker = Supervised(
        [sys.executable, str(manage), "task_worker", "--no-reload", "--queue-name", queues]
    )
    server.task_worker.start()


def on_exit(server) -> None:
    worker = getattr(server, "task_worker", None)
    if worker is not None:
        worker.stop()
