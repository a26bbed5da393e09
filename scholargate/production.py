from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_development_secret() -> None:
    """A production server must not start with the key that is in the repository."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG=False) needs a secret "
            'of its own, for example: export DJANGO_SECRET_KEY="$(python -c '
            "'import secrets; print(secrets.token_urlsafe(50))')\""
        )
