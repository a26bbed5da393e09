"""Site-wide views: the health and readiness checks, and friendly error pages in the visitor's
language."""

import sys

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from scholargate import outages


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. It asks nothing of the database or the cache."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness, for a load balancer: 503 naming each service this instance cannot reach."""
    missing = outages.missing_services()
    if not missing:
        return HttpResponse("ready", content_type="text/plain")
    lines = [f"{service} unavailable: {why}" for service, why in missing.items()]
    response = HttpResponse("\n".join(lines), content_type="text/plain", status=503)
    response["Retry-After"] = str(outages.RETRY_AFTER_SECONDS)
    return response


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


def _bare_error(status: int, title: str, message: str, retry: str | None = None) -> HttpResponse:
    """The error page without the request's context processors: they may be what failed,
    or the request itself cannot be trusted (a Host header that is not ours)."""
    context = {
        "status": status,
        "title": title,
        "message": message,
        "retry": retry,
        "LANGUAGE_CODE": get_language(),
    }
    return HttpResponse(loader.render_to_string("error.html", context), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _bare_error(400, _("Bad request"), _("The address or the form could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 403, _("Not allowed"), _("You do not have access to this page."))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(
        request, 404, _("Page not found"), _("There is no page at this address. Try the catalog.")
    )


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """Django answers a GET on a POST-only address with an empty 405; this is its page."""
    return _error(
        request,
        405,
        _("This address only accepts a form"),
        _("It changes your comparison, so it is reached with a button, not a link."),
    )


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The database is away for a moment (a restart): say so, and when to try again. An htmx
    request gets the notice alone, shown in place of the page's notices; nothing else moves."""
    safe = request.method in {"GET", "HEAD"}
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        notice = (
            _("ScholarGate is briefly unavailable. Try again in a few seconds.")
            if safe
            else _("ScholarGate is briefly unavailable. Nothing you sent was saved; try again.")
        )
        context = {"messages": [Message(constants.ERROR, notice)], "oob": True}
        response = HttpResponse(loader.render_to_string("includes/notices.html", context))
        response.status_code = 503
        response["HX-Reswap"] = "none"
        response["HX-Push-Url"] = "false"  # the address stays that of what the page shows
    else:
        response = _bare_error(
            503,
            _("ScholarGate is briefly unavailable"),
            _("Try again in a few seconds.")
            if safe
            else _("Nothing you sent was saved. Try again in a few seconds."),
            retry=request.get_full_path() if safe else None,
        )
    response["Retry-After"] = str(outages.RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if outages.is_database_outage(sys.exception()):
        return service_unavailable(request)
    return _bare_error(
        500,
        _("Something went wrong"),
        _("The error has been logged. Nothing you entered was lost; please try again."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form has expired"),
        _("Your session changed since this page was opened. Reload the page and try again."),
    )


def locked_out(request: HttpRequest, *args) -> HttpResponse:
    """django-axes' answer once an address has failed to log in too often."""
    return _error(
        request,
        429,
        _("Too many failed logins"),
        _("Logging in from this address is paused for a while. Try again later."),
    )
