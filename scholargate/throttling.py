"""Admin login throttling with django-axes: which address a login comes from, which logins count."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest


class LoginThrottle(AxesStandaloneBackend):
    """django-axes' check before the password is tried. A login without a request (the test
    client, a script) comes from no address, so it is not counted and goes on to the next
    backend; django-axes itself would refuse it."""

    def authenticate(self, request: HttpRequest | None = None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address for login throttling: behind DJANGO_TRUSTED_PROXY_COUNT proxies,
    the address the outermost proxy saw; with none, the connection's own address."""
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies and len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def recorded_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The user name django-axes records with a failed login, cut to the longest a user name
    can be: the admin's login form does not limit it, and PostgreSQL refuses text longer than
    the column that records it."""
    field = get_user_model().USERNAME_FIELD
    username = (credentials or request.POST).get(field)
    if isinstance(username, str):
        return username[: get_user_model()._meta.get_field(field).max_length]
    return username


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
