"""Hardening: the deploy checks, headers on every kind of answer, and the admin's door."""

import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import path

from scholargate.throttling import client_ip
from scholargate.urls import handler400, handler403, handler404, handler500  # noqa: F401
from scholargate.urls import urlpatterns as site_urlpatterns
from tests.helpers import translated
from tests.servers import ROOT, production_environment

pytestmark = pytest.mark.django_db


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = production_environment("sqlite:///:memory:", ROOT / "staticfiles", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.system  # a manage.py process of its own
def test_check_deploy_is_silent_with_the_production_environment():
    result = run_manage("check", "--deploy")
    assert result.returncode == 0
    # The two silenced: HSTS includeSubDomains and preload, off until the deployer asks.
    assert result.stdout == "System check identified no issues (2 silenced).\n"
    assert result.stderr == ""


# A request as the production settings see it, through Django's security middleware.
SECURITY_PROBE = """
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory

security = SecurityMiddleware(lambda request: HttpResponse())
forwarded = RequestFactory().get(
    "/vi/methods/", headers={"Host": "localhost", "X-Forwarded-Proto": "https"}
)
print(forwarded.is_secure(), security(forwarded).status_code)
over_tls = RequestFactory().get("/vi/methods/", secure=True, headers={"Host": "localhost"})
print(security(over_tls)["Strict-Transport-Security"])
"""


def probe_security(**env: str) -> list[str]:
    result = run_manage("shell", "--no-imports", "-c", SECURITY_PROBE, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.system  # a manage.py process of its own
@pytest.mark.parametrize(
    ("env", "believed"),
    [
        ({}, "False 301"),  # anyone can send the header: still plain HTTP, still redirected
        ({"DJANGO_TRUSTED_PROXY_COUNT": "1"}, "True 200"),  # our proxy overwrites it
    ],
    ids=["no proxy", "behind our proxy"],
)
def test_forwarded_https_is_believed_only_behind_a_proxy_of_ours(env, believed):
    assert probe_security(**env)[0] == believed


@pytest.mark.system  # a manage.py process of its own
def test_hsts_commits_subdomains_and_preload_only_when_asked():
    assert probe_security()[1] == "max-age=31536000"
    asked = probe_security(DJANGO_HSTS_INCLUDE_SUBDOMAINS="true", DJANGO_HSTS_PRELOAD="true")
    assert asked[1] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.system  # a manage.py process of its own
def test_the_admin_lives_where_django_admin_url_says():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.urls import resolve, reverse, Resolver404\n"
        "print(reverse('admin:index'))\n"
        "try:\n    resolve('/admin/')\nexcept Resolver404:\n    print('no /admin/')",
        DJANGO_ADMIN_URL="/backstage-7f3/",
    )
    assert result.stdout.split() == ["/backstage-7f3/", "no", "/admin/"]


def fail(request):
    raise SuspiciousOperation("tampered")


def crash(request):
    raise ZeroDivisionError


urlpatterns = [*site_urlpatterns, path("en/fail", fail), path("en/crash", crash)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/en/fail", 400),
        ("post", "/en/compare/add/", 403),  # no CSRF token
        ("get", "/en/no-such-page/", 404),
        ("get", "/en/compare/add/", 405),
        ("get", "/en/crash", 500),
    ],
)
def test_error_answers_carry_the_security_headers_too(method, path, status):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    answer = getattr(client, method)(path, secure=True)
    assert answer.status_code == status
    assert "'unsafe-inline'" not in answer["Content-Security-Policy"]
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["Cross-Origin-Opener-Policy"] == "same-origin"
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["Strict-Transport-Security"].startswith("max-age=31536000")


# --- The admin -----------------------------------------------------------------------------

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a long editor password"


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, password: str, address: str = "203.0.113.7", **headers):
    data = {"username": "editor", "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def test_five_wrong_passwords_lock_the_address_out_with_a_friendly_page(client, editor):
    for _ in range(4):
        assert log_in(client, "guess").status_code == 200  # the form again, with its error
    locked = log_in(client, "guess")
    assert locked.status_code == 429
    assert translated("Too many failed logins", "vi") in locked.text
    assert 'href="/static/css/site.css"' in locked.text
    assert log_in(client, PASSWORD).status_code == 429  # even the right password waits
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_one_address_only_and_ends_after_the_cool_off(client, editor):
    for _ in range(5):
        log_in(client, "guess")
    assert log_in(client, PASSWORD, address="198.51.100.2").status_code == 302
    client.logout()
    assert log_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert log_in(client, PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, editor):
    for n in range(5):
        log_in(client, "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "192.0.2.1"),  # no proxy of ours: the header is the client's own words
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # our proxy appended the address it saw
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
        (1, "", "192.0.2.1"),
        (1, "1.2.3.4, not-an-address", "192.0.2.1"),  # a proxy of ours would not write that
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_admin_is_for_staff_only(client):
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    User.objects.create_user("reader", password=PASSWORD, is_staff=False)
    answer = client.post(
        LOGIN, {"username": "reader", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    assert answer.status_code == 200  # refused: the form again
    assert "_auth_user_id" not in client.session
    client.force_login(User.objects.get(username="reader"))
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_login_without_a_request_is_not_counted_as_an_attempt(client, editor):
    """Scripts and the test client log in without an HTTP request (and address)."""
    assert client.login(username="editor", password=PASSWORD)
    assert not client.login(username="editor", password="guess")
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    ("username", "password"),
    [("edi\x00tor", "guess"), ("editor", "gu\x00ess"), ("e" * 10_000, "p" * 100_000), ("", "")],
    ids=["NUL in the name", "NUL in the password", "very long", "empty"],
)
def test_hostile_login_forms_are_refused_with_the_form_again(client, editor, username, password):
    answer = client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR="192.0.2.5"
    )
    assert answer.status_code == 200
    assert "_auth_user_id" not in client.session
