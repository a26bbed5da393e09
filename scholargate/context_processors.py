from django.conf import settings
from django.urls import translate_url


def language_versions(path: str) -> list[dict]:
    """This page in every language, for the switcher and the hreflang alternates."""
    return [{"code": code, "url": translate_url(path, code)} for code, _name in settings.LANGUAGES]


def page(request) -> dict:
    # An htmx POST answers for the page in the browser, not for the POST's own URL.
    here = request.get_full_path()
    htmx = getattr(request, "htmx", None)
    if htmx and request.method == "POST" and htmx.current_url_abs_path:
        here = htmx.current_url_abs_path
    return {"here": here, "language_versions": language_versions(here)}
