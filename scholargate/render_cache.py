"""Rendered HTML kept in the cache, for the parts of pages that cost the most to render.

A part is cached under everything it depends on (the caller's key: language, catalog version,
the query, the visitor's tray...). Per-visitor CSRF tokens cannot be cached, so parts are
rendered with a placeholder that each response replaces with the visitor's own token (the
same way Django's CSP middleware fills in its nonce).
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

CSRF_PLACEHOLDER = "csrf-token-placeholder-5c0f1e"
TIMEOUT = 24 * 60 * 60


def render_cached(
    request, template_name: str, key: tuple, context: Callable[[], dict]
) -> SafeString:
    """The template's HTML for this key; `context` is only called when the cache misses."""
    cache_key = "html:" + hashlib.sha256(repr((template_name, *key)).encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        html = render_to_string(
            template_name, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        cache.set(cache_key, html, TIMEOUT)
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))


def visitor_key(request) -> tuple:
    """What about the visitor can change a rendered part: staff status (editors see
    translation hints) and the session's contents (the compare tray, among others)."""
    session = request.session
    state = ""
    if session.session_key:
        items = sorted(session.items(), key=lambda item: item[0])
        state = hashlib.sha256(repr(items).encode()).hexdigest()
    return (request.user.is_staff, state)
