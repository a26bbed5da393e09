from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

# The addresses every page links to (the header, the tray, the footer), and the comparison's.
NAVIGATION = ("methods:list", "methods:dataset", "compare:page", "compare:clear", "compare:adopt")


@lru_cache(maxsize=16)
def _navigation(language: str, prefix: str) -> dict[str, str]:
    return {name.replace(":", "_"): reverse(name) for name in NAVIGATION}


def navigation() -> dict[str, str]:
    """The frame's addresses, reversed once per language, by name ("methods_list")."""
    return _navigation(get_language(), get_script_prefix())


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
    """Where the page is, in every language, and the frame's addresses. The address is the
    view's when it says which one the page stands for (request.page_path: a comparison's
    permalink); an htmx POST answers for the page in the browser, not for the POST's own URL."""
    here = getattr(request, "page_path", None)
    if here is None:
        htmx = getattr(request, "htmx", None)
        if htmx and request.method == "POST" and htmx.current_url_abs_path:
            here = htmx.current_url_abs_path
        else:
            here = request.get_full_path()
    return {"here": here, "language_versions": language_versions(here), "nav": navigation()}
