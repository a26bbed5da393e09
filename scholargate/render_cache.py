"""Rendered pages kept in the cache, so a page that nothing has changed is not rendered again.

A page is cached under everything that can change it: its address (scheme and host too), the
language, the catalog's version (which every edit changes), the visitor's state (staff status
and session contents, such as the compare tray) and the template, which says which htmx part
was asked for. Per-visitor CSRF tokens cannot be cached: pages are rendered with a placeholder
that each response replaces with the visitor's own token. A page with messages waiting is
rendered afresh, since a message is shown once.
"""

import hashlib
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

CSRF_PLACEHOLDER = "csrf-token-placeholder-5c0f1e"
TIMEOUT = 24 * 60 * 60


def render_cached(
    request, template_name: str, context: Callable[[], dict], *, version: str
) -> HttpResponse:
    """Like `render`, but from the cache when possible; `context` is only called on a miss."""
    if len(messages.get_messages(request)):
        return render(request, template_name, context())
    key = (
        template_name,
        request.scheme,  # the hreflang links are absolute
        request.get_host(),
        request.get_full_path(),
        get_language(),
        version,
        visitor_key(request),
    )
    cache_key = "page:" + hashlib.sha256(repr(key).encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        html = render_to_string(
            template_name, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        cache.set(cache_key, html, TIMEOUT)
    if CSRF_PLACEHOLDER in html:  # a part of a page with no form needs no token
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html)


def visitor_key(request) -> tuple:
    """What about the visitor can change a page: staff status (editors see translation hints)
    and the session's contents (the compare tray, among others)."""
    session = request.session
    state = ""
    if session.session_key:
        items = sorted(session.items(), key=lambda item: item[0])
        state = hashlib.sha256(repr(items).encode()).hexdigest()
    return (request.user.is_staff, state)
