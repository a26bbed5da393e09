"""Small middleware that keeps hostile requests from reaching places that cannot take them,
and a database outage from showing visitors a server error."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from scholargate import outages
from scholargate.views import method_not_allowed, service_unavailable

Handler = Callable[[HttpRequest], HttpResponse]


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
