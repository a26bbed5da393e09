from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from methods import characteristics, download, pagination, relation_map, search, tasks
from methods.forms import CatalogFilterForm
from methods.models import CatalogVersion, Method
from methods.selectors import method_at, method_cards
from scholargate.htmx import HtmxHttpRequest, wants_partial


@require_safe
@vary_on_headers("HX-Request", "HX-Target")  # one address, the page or a part of it
def method_list(request: HtmxHttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET or None, catalog_version=CatalogVersion.current().token)
    # A page is found among the ids alone (off an index), then only its cards are read: skipping
    # thousands of joined rows made deep pages of a large catalog slow.
    matches = form.apply(Method.objects.all())
    page = search.page_of(matches, request.GET.get("page"), settings.METHODS_PER_PAGE)
    page.object_list = method_cards(
        list(page.object_list), version=form.catalog_version, editor=request.user.is_staff
    )
    partial = wants_partial(request, "results")
    template = "methods/list.html#swap" if partial else "methods/list.html"
    context = {
        "form": form,
        "page": page,
        "pagination": pagination.navigation(page, request.GET),
        **form.offers(page.paginator.count),
    }
    return render(request, template, context)


@require_safe
def method_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    method = method_at(slug)
    if method is None:
        # An address typed by hand (/methods/DPO/) leads to the method; a temporary redirect,
        # since a method may one day have that slug.
        if named := Method.objects.named().by_name([slug]).get(slug):
            return redirect(named)
        words = slug.replace("-", " ").replace("_", " ")
        context = {
            "status": 404,
            "title": _("No such method"),
            "message": _("The catalog has no method at this address."),
            "search": words,
        }
        return render(request, "error.html", context, status=404)
    version = CatalogVersion.current().token
    context = {
        "method": method,
        "characteristics": characteristics.described(method, version),
        "code": characteristics.code_cell(method.code),
        "relation_map": relation_map.drawn(method, version),
    }
    return render(request, "methods/detail.html", context)


# A method's original work as a file to cite it by: BibTeX, or the APA reference as text.
CITATIONS = {
    "bib": (lambda work: work.bibtex(), "application/x-bibtex; charset=utf-8"),
    "txt": (lambda work: work.citation + "\n", "text/plain; charset=utf-8"),
}


@require_safe
def method_citation(request: HtmxHttpRequest, slug: str, fmt: str) -> HttpResponse:
    method = Method.objects.filter(slug=slug).first()
    if method is None or fmt not in CITATIONS:
        raise Http404
    render_citation, content_type = CITATIONS[fmt]
    response = HttpResponse(render_citation(method.work), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{method.slug}.{fmt}"'
    return response


@require_safe
def dataset_download(request: HtmxHttpRequest) -> HttpResponse:
    """The newest complete dataset file: the catalog's current version's, or while a task builds
    that one (queued here if no write queued it), the one before."""
    if (served := download.newest()) is None or not served.current:
        tasks.schedule_dataset()
        served = download.newest()
    if served is None:
        response = render(
            request,
            "error.html",
            {
                "status": 503,
                "title": _("The dataset is being prepared"),
                "message": _("The catalog has just changed. Try again in a few seconds."),
            },
            status=503,
        )
        response["Retry-After"] = "5"
        return response
    path = served.path
    if unchanged := get_conditional_response(
        request, etag=served.etag, last_modified=http_date(served.last_modified.timestamp())
    ):
        return unchanged
    compressed = path.with_name(path.name + ".gz")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = FileResponse(compressed.open("rb"), content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = FileResponse(path.open("rb"), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="scholargate-dataset.json"'
    response["ETag"] = served.etag
    response["Last-Modified"] = http_date(served.last_modified.timestamp())
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
