"""Redis stops in the middle of a visit and comes back: every page still answers, the tray
keeps every change, the failure is logged once in a while rather than per request, and Redis
is used again without restarting the site."""

import time
from collections import Counter

import pytest

from scholargate.outages import REDIS_PAUSE_SECONDS
from tests.helpers import compared_columns
from tests.servers import (
    REDIS,
    RedisServer,
    Server,
    Visitor,
    database_for_servers,
    production_environment,
    running,
)

pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(
        REDIS is None, reason="redis-server is not installed (Debian: apt-get install redis-server)"
    ),
]

PAGES = {
    "catalog": "/vi/methods/",
    "search": "/en/methods/?q=low-rank",
    "comparison": "/en/compare/?m=qlora,lora",
    "method page": "/vi/methods/qlora/",
    # What Redis holds of the site: the starting points an empty comparison offers.
    "empty comparison": "/vi/compare/?m=",
}


@pytest.fixture
def site(tmp_path, deployed):
    """`make serve` (2 workers) with Redis as its cache, over plain HTTP on loopback."""
    with (
        RedisServer(tmp_path) as redis,
        database_for_servers(tmp_path, copy_of=deployed.database) as database_url,
    ):
        env = production_environment(
            database_url,
            deployed.static_root,
            REDIS_URL=redis.url,
            WEB_CONCURRENCY="2",
            DJANGO_SECURE_SSL_REDIRECT="False",
            DJANGO_SECURE_COOKIES="False",
        )
        with running(
            ["make", "--no-print-directory", "serve"], env, tmp_path / "serve.log"
        ) as site:
            yield site, redis


def tray(visitor: Visitor, server: Server) -> list[str]:
    page = visitor.get(server.url + "/en/compare/")
    return compared_columns(page.text)


def visit(visitor: Visitor, server: Server, rounds: int) -> Counter:
    """Each page `rounds` times; the status codes, counted."""
    return Counter(
        visitor.get(server.url + path).status for _ in range(rounds) for path in PAGES.values()
    )


def test_redis_stopping_mid_visit_costs_no_page_and_no_tray_change(site, report):
    server, redis = site
    visitor = Visitor()
    before = visit(visitor, server, rounds=3)
    added = visitor.post(server.url + "/en/compare/add/", {"method": "qlora"})
    assert added.status == 200
    assert redis.client.dbsize() > 0  # the starting points are kept in Redis

    outage_began = time.monotonic()
    redis.stop()
    during = visit(visitor, server, rounds=10)
    changes = [
        visitor.post(server.url + "/en/compare/add/", {"method": "lora"}).status,
        visitor.post(server.url + "/en/compare/add/", {"method": "bert"}).status,
        visitor.post(server.url + "/en/compare/remove/", {"method": "qlora"}).status,
    ]
    tray_during = tray(visitor, server)
    ready_during = visitor.get(server.url + "/readyz")

    redis.start()  # with what it saved when it stopped
    after = visit(visitor, server, rounds=3)
    time.sleep(REDIS_PAUSE_SECONDS)  # each process leaves a failed Redis alone this long
    minutes = 1 + int((time.monotonic() - outage_began) // 60)
    asked = redis_calls(redis)
    visit(visitor, server, rounds=1)

    report(
        "Redis stopped mid-visit",
        before=dict(before),
        during=dict(during),
        tray_changes_during=changes,
        after=dict(after),
    )
    assert set(before) == set(during) == set(after) == {200}
    assert changes == [200, 200, 200]
    assert tray_during == tray(visitor, server) == ["lora", "bert"]
    assert redis_calls(redis) > asked  # the site uses Redis again, without a restart
    assert ready_during.status == 503
    assert ready_during.text == "cache unavailable: ConnectionError"
    assert visitor.get(server.url + "/readyz").text == "ready"
    # One report a minute per worker (2), though every page of the outage met it.
    reports = server.output().count("Exception ignored")
    assert 1 <= reports <= 2 * minutes
    assert "ConnectionError" in server.output()


def redis_calls(redis: RedisServer) -> int:
    stats = redis.client.info("stats")
    return stats["keyspace_hits"] + stats["keyspace_misses"]
