from functools import cache

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from methods import dataset
from methods.forms import CatalogFilterForm
from methods.models import CatalogVersion, Method
from scholargate.htmx import HtmxHttpRequest, wants_partial
from scholargate.render_cache import render_cached, visitor_key


@require_GET
def method_list(request: HtmxHttpRequest) -> HttpResponse:
    key = (
        get_language(),
        CatalogVersion.current(),
        sorted(request.GET.lists()),
        visitor_key(request),
    )

    @cache
    def context() -> dict:
        form = CatalogFilterForm(request.GET or None)
        methods = form.apply(Method.objects.for_listing())
        page = Paginator(methods, settings.METHODS_PER_PAGE).get_page(request.GET.get("page"))
        return {"form": form, "page": page}

    results = render_cached(request, "methods/list.html#results", key, context)
    if wants_partial(request, "results"):
        response = render(request, "methods/list.html#changed", {"results": results})
    else:
        filters = render_cached(request, "methods/list.html#filters", key, context)
        response = render(request, "methods/list.html", {"filters": filters, "results": results})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def method_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    method = get_object_or_404(Method.objects.for_comparison(), slug=slug)
    return render(request, "methods/detail.html", {"method": method})


@require_GET
def dataset_download(request: HtmxHttpRequest) -> JsonResponse:
    response = JsonResponse(dataset.dump(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="scholargate-dataset.json"'
    return response
