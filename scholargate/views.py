"""Site-wide views: the health check and friendly error pages in the visitor's language."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(
        request, 400, _("Bad request"), _("The address or the form could not be understood.")
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 403, _("Not allowed"), _("You do not have access to this page."))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(
        request, 404, _("Page not found"), _("There is no page at this address. Try the catalog.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: they may be what failed.
    context = {
        "status": 500,
        "title": _("Something went wrong"),
        "message": _("The error has been logged. Nothing you entered was lost; please try again."),
        "LANGUAGE_CODE": get_language(),
    }
    return HttpResponse(loader.render_to_string("error.html", context), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form has expired"),
        _("Your session changed since this page was opened. Reload the page and try again."),
    )
