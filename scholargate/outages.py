"""What the site does when a service it uses goes away: the database (a 503 page, a retried
read), Redis (a cache miss, logged once in a while) and the readiness check that tells a load
balancer which of them an instance is missing."""

import logging
import time

import redis
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

# How long a visitor is asked to wait before trying again (the Retry-After header).
RETRY_AFTER_SECONDS = 5
# How long a process leaves Redis alone after it failed to connect.
REDIS_PAUSE_SECONDS = 5
clock = time.monotonic  # the pauses' clock (the tests turn it)


def is_database_outage(error: BaseException) -> bool:
    """The database cannot be reached or dropped the connection (a restart, a network cut):
    errors a request made a few seconds later would not meet."""
    return isinstance(error, (OperationalError, InterfaceError))


def may_retry(method: str) -> bool:
    """A read may run again on a fresh connection: it wrote nothing. A write is never run
    twice; its transaction rolled back whole when the connection went."""
    return method in {"GET", "HEAD"} and not any(
        connection.in_atomic_block for connection in connections.all(initialized_only=True)
    )


def drop_broken_connections() -> None:
    """Close the connections that failed, so the retry opens fresh ones."""
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


def missing_services() -> dict[str, str]:
    """Each service this instance needs and cannot reach, with why: the database and, when one
    is configured, Redis."""
    missing = {}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        missing["database"] = type(error).__name__
    if settings.CACHES["default"]["BACKEND"].startswith("django_redis."):
        # The cache itself ignores Redis's failures; ask Redis directly.
        from django_redis import get_redis_connection
        from redis.exceptions import RedisError

        try:
            get_redis_connection("default").ping()
        except RedisError as error:
            missing["cache"] = type(error).__name__
    return missing


class OncePerInterval(logging.Filter):
    """Let a logger's first record through, then one per `seconds`, saying how many were held
    back meanwhile: a service that is away fails every request, and one line a minute says so."""

    def __init__(self, seconds: float = 60) -> None:
        super().__init__()
        self.seconds = seconds
        self.next_at = 0.0
        self.held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = clock()
        if now < self.next_at:
            self.held_back += 1
            return False
        if self.held_back:
            record.msg = f"{record.msg} ({self.held_back} more since the last report)"
        self.next_at, self.held_back = now + self.seconds, 0
        return True


class PausingConnection(redis.Connection):
    """A connection to Redis that, once connecting failed, is not tried again for a few seconds
    in this process. A Redis that refuses connections costs nothing, but one that hangs or
    whose host is gone costs the whole timeout on every cache call, several per page: paused,
    pages read the database at once."""

    retry_at = 0.0  # shared by the process's connections

    def connect_check_health(self, *args, **kwargs):
        if clock() < PausingConnection.retry_at:
            raise redis.ConnectionError("Redis failed a moment ago; not asked again yet")
        try:
            return super().connect_check_health(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            PausingConnection.retry_at = clock() + REDIS_PAUSE_SECONDS
            raise


class PausingConnectionPool(redis.ConnectionPool):
    """django-redis' pool (CONNECTION_POOL_CLASS), of pausing connections unless the address
    asks for another kind (TLS, a Unix socket)."""

    def __init__(self, connection_class=PausingConnection, **kwargs) -> None:
        super().__init__(connection_class=connection_class, **kwargs)
