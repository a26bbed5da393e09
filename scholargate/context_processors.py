from django.conf import settings
from django.urls import translate_url


def languages(request) -> dict:
    """This page in every language, for the switcher and hreflang alternates."""
    path = request.get_full_path()
    return {
        "language_versions": [
            {"code": code, "url": translate_url(path, code)} for code, _name in settings.LANGUAGES
        ]
    }
