"""Small middleware that keeps hostile requests from reaching places that cannot take them,
and a database outage from showing visitors a server error."""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from scholargate import outages
from scholargate.views import method_not_allowed, service_unavailable

# Django's session keys are lower-case letters and digits; the session table holds 40.
SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")

Handler = Callable[[HttpRequest], HttpResponse]


def ignore_malformed_session_cookie(get_response: Handler) -> Handler:
    """A session cookie that cannot be a session key (a quoted "\\000" arrives as a NUL byte,
    which PostgreSQL refuses in a query) starts a fresh session instead of reaching the database."""

    def middleware(request: HttpRequest) -> HttpResponse:
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is not None and not SESSION_KEY.fullmatch(key):
            del request.COOKIES[settings.SESSION_COOKIE_NAME]
        return get_response(request)

    return middleware


def friendly_method_not_allowed(get_response: Handler) -> Handler:
    """Give the empty 405 of `require_POST`/`require_safe` the site's error page."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = method_not_allowed(request)
            page["Allow"] = response["Allow"]
            return page
        return response

    return middleware


class DatabaseOutage:
    """A view that fails because the database went away (a restart drops every connection) is
    run once more on a fresh connection when it only reads; failing again, or when it wrote,
    the visitor gets the 503 page with Retry-After. A write is never run twice: its
    transaction was rolled back whole with the connection."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not outages.is_database_outage(exception):
            return None
        if outages.may_retry(request.method):
            outages.drop_broken_connections()
            match = request.resolver_match
            try:
                return match.func(request, *match.args, **match.kwargs)
            except Exception as error:
                if not outages.is_database_outage(error):
                    raise
        return service_unavailable(request)
