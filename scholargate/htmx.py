from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for type checkers)."""

    htmx: HtmxDetails


def wants_partial(request: HtmxHttpRequest, target: str) -> bool:
    """An htmx request aimed at one element; a history restore needs the whole page."""
    return (
        bool(request.htmx)
        and not request.htmx.history_restore_request
        and request.htmx.target == target
    )
