"""What a production server needs beyond settings: its own secret key, the client's address."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

HOW_TO_SET_THE_KEY = (
    "Production (DJANGO_DEBUG=False) needs a secret of its own, for example: "
    "export DJANGO_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\""
)


def uses_development_secret() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == settings.DEV_SECRET_KEY


def refuse_development_secret() -> None:
    """A production server must not start with the key that is in the repository."""
    if uses_development_secret():
        raise ImproperlyConfigured(f"DJANGO_SECRET_KEY is not set. {HOW_TO_SET_THE_KEY}")


def check_secret_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --deploy` (run by `make serve`) stops on the development key."""
    if uses_development_secret():
        return [
            checks.Error(
                "DJANGO_SECRET_KEY is not set.", hint=HOW_TO_SET_THE_KEY, id="scholargate.E001"
            )
        ]
    return []


def client_ip(request: HttpRequest) -> str:
    """The visitor's address for login throttling: behind DJANGO_TRUSTED_PROXY_COUNT proxies,
    the address the outermost proxy saw; with none, the connection's own address."""
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
