from django.conf import settings
from django.urls import translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info


def language_versions(path: str) -> list[dict]:
    """This page in every language, named in that language, for the switcher and the hreflang
    alternates."""
    active = get_language()
    return [
        {
            "code": code,
            "url": path if code == active else translate_url(path, code),
            "name": capfirst(get_language_info(code)["name_local"]),
            "active": code == active,
        }
        for code, _name in settings.LANGUAGES
    ]


def page(request) -> dict:
    # An htmx POST answers for the page in the browser, not for the POST's own URL.
    here = request.get_full_path()
    htmx = getattr(request, "htmx", None)
    if htmx and request.method == "POST" and htmx.current_url_abs_path:
        here = htmx.current_url_abs_path
    return {"here": here, "language_versions": language_versions(here)}
