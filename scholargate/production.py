"""A production server's own secret key: refused at start and by `check --deploy` when missing."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

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
