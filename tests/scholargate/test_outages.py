"""When a service goes away for a moment: the database (a 503 page in the visitor's language,
a read retried once on a fresh connection), Redis (pages answer from the database) and the
readiness check that names what an instance is missing. tests/faults/ does the same to real
servers."""

import logging

import pytest
import redis
from django.conf import settings
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.decorators.http import require_POST

from scholargate import views
from scholargate.outages import OncePerInterval, PausingConnection
from scholargate.urls import handler500  # noqa: F401
from scholargate.urls import urlpatterns as site_urlpatterns
from tests.helpers import element, elements, top_elements, translated, url

UNAVAILABLE = "ScholarGate is briefly unavailable"


class Flaky:
    """A view whose database is away for its first `failures` calls."""

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    def __call__(self, request, lang: str = "en") -> HttpResponse:
        self.calls += 1
        if self.calls <= self.failures:
            raise OperationalError("server closed the connection unexpectedly")
        with connection.cursor() as cursor:  # the retry has a connection that works
            cursor.execute("SELECT 1")
        return HttpResponse("read")


dropped_once = Flaky(failures=1)
away = Flaky(failures=10**9)
away_for_writes = Flaky(failures=10**9)

urlpatterns = [
    *site_urlpatterns,
    path("<str:lang>/dropped-once/", dropped_once),
    path("<str:lang>/away/", away),
    path("<str:lang>/away-for-writes/", require_POST(away_for_writes)),
]


@pytest.fixture(autouse=True)
def fresh_views():
    for view in (dropped_once, away, away_for_writes):
        view.calls = 0


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_database_outage_is_a_503_page_in_the_visitors_language(
    client, db, lang, django_assert_num_queries
):
    with django_assert_num_queries(0):  # the page itself asks nothing of the database
        response = client.get(f"/{lang}/away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert elements(response.text, "html", lang=lang)
    assert translated(UNAVAILABLE, lang) in response.text
    assert translated("Try again in a few seconds.", lang) in response.text
    assert f'href="/{lang}/away/"' in response.text  # "Try again" on the same address
    assert 'class="site-header"' in response.text


@pytest.mark.urls(__name__)
def test_an_htmx_request_gets_a_notice_that_replaces_the_pages_notices_and_nothing_else(client, db):
    response = client.get("/vi/away/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["HX-Reswap"] == "none"
    assert response["HX-Push-Url"] == "false"
    text = response.text
    assert top_elements(text) == [element(text, "div", id="notices", data_hx_swap_oob="true")]
    assert (
        translated("ScholarGate is briefly unavailable. Try again in a few seconds.", "vi") in text
    )
    assert "<html" not in text


@pytest.mark.urls(__name__)
def test_htmx_swaps_the_503_notice_where_it_ignores_other_errors(client, catalog):
    """htmx swaps no 4xx or 5xx answer unless told: the site's configuration names 503."""
    page = client.get(url("methods:list", "en"))
    assert '{"code": "503", "swap": true, "error": true}' in page.text


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_read_on_a_dropped_connection_is_run_again_on_a_fresh_one(client):
    response = client.get("/en/dropped-once/")
    assert response.status_code == 200
    assert response.text == "read"
    assert dropped_once.calls == 2


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_read_is_retried_once_then_answered_503(client):
    assert client.get("/en/away/").status_code == 503
    assert away.calls == 2


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_write_is_never_run_twice_and_says_nothing_was_saved(client):
    response = client.post("/en/away-for-writes/", HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert away_for_writes.calls == 1
    assert "Nothing you sent was saved" in response.text
    page = client.post("/vi/away-for-writes/")
    assert translated("Nothing you sent was saved. Try again in a few seconds.", "vi") in page.text
    assert translated("Try again", "vi") + "</a>" not in page.text  # a link cannot resend a form


def test_a_database_error_outside_any_view_is_a_503_too(db):
    """A session saved after the view, say: Django's error handler answers, not a view."""
    request = RequestFactory().get("/en/methods/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_a_bug_is_still_a_500(db):
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        response = views.server_error(RequestFactory().get("/en/methods/"))
    assert response.status_code == 500


# --- Readiness -----------------------------------------------------------------------------


def test_readiness_says_ready_when_the_database_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.text == "ready"


def test_readiness_names_the_database_when_it_cannot_be_reached(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refuse)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.text == "database unavailable: OperationalError"


# The site's caches with the shared one in a Redis that does not answer (pieces of pages stay
# in each process's memory, as with Redis in production).
REDIS_AWAY = {
    **settings.CACHES,
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "KEY_PREFIX": "test",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "CONNECTION_POOL_CLASS": "scholargate.outages.PausingConnectionPool",
        },
    },
}


@pytest.fixture(autouse=True)
def redis_not_paused(monkeypatch):
    """Each test starts in a process that has not met a failing Redis yet."""
    monkeypatch.setattr(PausingConnection, "retry_at", 0.0)


def test_readiness_names_the_cache_when_redis_cannot_be_reached(client, db, settings):
    settings.CACHES = REDIS_AWAY
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.text == "cache unavailable: ConnectionError"


def test_healthz_asks_nothing_of_the_services(client, settings):
    """No database access is allowed here (no `db` fixture): a query would fail the test."""
    settings.CACHES = REDIS_AWAY
    assert client.get("/healthz").text == "ok"


# --- Redis away ------------------------------------------------------------------------------


def test_pages_answer_from_the_database_while_redis_is_away_and_say_so_once(
    client, catalog, settings, caplog
):
    settings.CACHES = REDIS_AWAY
    for once in logging.getLogger("scholargate.cache").filters:
        once.next_at = 0  # as in a process that has not met the outage yet
    addresses = [
        url("methods:list", "vi"),
        url("methods:list", "en") + "?q=lora",
        url("compare:page", "en") + "?m=qlora,lora",
        url("methods:detail", "vi", slug="qlora"),
        url("compare:page", "vi"),
    ]
    with caplog.at_level(logging.ERROR, logger="scholargate.cache"):
        statuses = [client.get(address).status_code for address in addresses * 2]
    assert statuses == [200] * 10
    reports = [r for r in caplog.records if r.name == "scholargate.cache"]
    assert len(reports) == 1
    assert "ConnectionError" in caplog.text


def test_a_redis_that_hangs_costs_one_timeout_then_is_left_alone_a_few_seconds(
    client, catalog, settings, monkeypatch
):
    """Refused connections fail at once; a Redis that hangs (or whose host is gone) costs the
    whole timeout, and a page makes several cache calls: after one, Redis is not asked again."""
    settings.CACHES = REDIS_AWAY
    attempts = []

    def hangs(self, *args, **kwargs):
        attempts.append(self.port)
        raise redis.TimeoutError("Timeout connecting to server")

    monkeypatch.setattr(redis.Connection, "connect_check_health", hangs)
    now = [1000.0]
    monkeypatch.setattr("scholargate.outages.clock", lambda: now[0])
    # The empty comparison reads its starting points from the cache.
    pages = [url("compare:page", "en"), url("methods:list", "en"), url("compare:page", "vi")]
    assert [client.get(page).status_code for page in pages] == [200, 200, 200]
    assert len(attempts) == 1
    now[0] += 6  # the pause is over: Redis is asked again, as when it comes back
    assert client.get(url("compare:page", "en")).status_code == 200
    assert len(attempts) == 2


def test_a_failure_is_reported_once_a_minute_with_how_many_were_held_back(monkeypatch):
    clock = iter([0, 1, 2, 59, 61, 62])
    monkeypatch.setattr("scholargate.outages.clock", lambda: next(clock))
    once = OncePerInterval(seconds=60)
    records = [logging.makeLogRecord({"msg": "Exception ignored"}) for _ in range(6)]
    passed = [r.getMessage() for r in records if once.filter(r)]
    assert passed == [
        "Exception ignored",
        "Exception ignored (3 more since the last report)",
    ]
