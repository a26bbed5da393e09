"""gunicorn for `make serve`: the production server, set from the environment.

PORT (8000) and HOST (0.0.0.0) say where it listens; WEB_CONCURRENCY (2 × cores) how many
worker processes answer. Anything else: GUNICORN_CMD_ARGS, e.g. "--threads 4".
"""

import multiprocessing
import os

wsgi_app = "scholargate.wsgi:application"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
# Load the app once, before the workers fork: a missing DJANGO_SECRET_KEY stops the server
# at once with its message instead of every worker failing in turn.
preload_app = True
# Recycle workers now and then, so a slow leak never grows; jittered, so they never all restart
# at once.
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = "-"
# No runtime control socket: several servers may share a machine, and nothing here uses it.
control_socket_disable = True
