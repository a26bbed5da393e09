from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from methods import dataset
from methods.forms import CatalogFilterForm
from methods.models import CatalogVersion, Method
from scholargate.htmx import HtmxHttpRequest, wants_partial
from scholargate.render_cache import render_cached


@require_safe
def method_list(request: HtmxHttpRequest) -> HttpResponse:
    def context() -> dict:
        form = CatalogFilterForm(request.GET or None)
        methods = form.apply(Method.objects.for_listing())
        page = Paginator(methods, settings.METHODS_PER_PAGE).get_page(request.GET.get("page"))
        return {"form": form, "page": page}

    template = (
        "methods/list.html#results" if wants_partial(request, "results") else "methods/list.html"
    )
    response = render_cached(request, template, context, version=CatalogVersion.current())
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def method_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    method = get_object_or_404(Method.objects.for_comparison(), slug=slug)
    return render(request, "methods/detail.html", {"method": method})


@require_safe
def dataset_download(request: HtmxHttpRequest) -> JsonResponse:
    response = JsonResponse(dataset.dump(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="scholargate-dataset.json"'
    return response
