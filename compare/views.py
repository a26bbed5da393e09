from functools import lru_cache
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from compare import exports, permalink, timeline
from compare.comparison import compare, read, suggestions, unlike
from compare.tray import Tray, TrayFull, changing
from methods import search
from methods.models import CatalogVersion, Method
from methods.validators import is_slug
from scholargate.context_processors import navigation
from scholargate.htmx import HtmxHttpRequest, wants_partial

SUGGESTIONS = 8
EXPORTS = {
    "csv": (exports.to_csv, "text/csv; charset=utf-8"),
    "json": (exports.to_json, "application/json"),
    "bib": (exports.to_bibtex, "application/x-bibtex; charset=utf-8"),
}


def comparison_url(methods: list[Method], only_differences: bool = False) -> str:
    """The permalink of a comparison, in the active language."""
    url = navigation()["compare_page"]
    params = []
    if methods:
        params.append(f"m={permalink.value(methods)}")
    if only_differences:
        params.append("diff=1")
    return url + ("?" + "&".join(params) if params else "")


@lru_cache(maxsize=16)
def _downloads(language: str, prefix: str) -> dict[str, str]:
    """The comparison's downloads by format, reversed once per language."""
    return {fmt: reverse("compare:export", args=[fmt]) for fmt in EXPORTS}


def _selected(
    request: HtmxHttpRequest, tray: Tray
) -> tuple[list[Method], str, permalink.Selection | None]:
    """The permalink's methods when the URL names them, else the tray's, as a comparison reads
    them (compare.comparison.read); and the catalog's version they were read at."""
    if "m" in request.GET:
        version = CatalogVersion.current().token
        selection = permalink.parse(request.GET["m"], version, tray.max_size)
        return read(selection.ids, version), version, selection
    methods, version = _from_tray(tray)
    return methods, version, None


def _from_tray(tray: Tray) -> tuple[list[Method], str]:
    if not tray.ids:  # an empty comparison reads nothing more
        return [], ""
    version = CatalogVersion.current().token
    return tray.methods(lambda ids: read(ids, version)), version


def _suggestions(query: str, tray: Tray) -> dict:
    """Methods to add that match the query and, when few do, queries a typo or two away."""
    if not query:
        return {"suggestions": []}
    version = CatalogVersion.current().token
    matches = Method.objects.search(query, version).exclude(pk__in=tray.ids)
    found = list(matches.named()[:SUGGESTIONS])
    if len(found) >= search.FEW:
        return {"suggestions": found}
    return {"suggestions": found, "did_you_mean": search.did_you_mean(query, version)}


def _table_context(
    request: HtmxHttpRequest,
    methods: list[Method],
    tray: Tray,
    *,
    version: str,
    only_differences: bool,
    query: str = "",
) -> dict:
    is_tray = [m.pk for m in methods] == tray.ids
    can_add = is_tray and len(methods) < tray.max_size
    comparison = compare(methods, editor=request.user.is_staff, version=version)
    timelines, timeline_list = timeline.drawings(methods, comparison.version)
    return {
        "compare_tray": tray,  # the tray indicator shows the methods already looked up
        "comparison": comparison,
        "unlike": unlike(comparison),
        "timelines": timelines,
        "timeline_charts": timeline.charts(timelines),
        "timeline_list": timeline_list,
        "compare_next": suggestions(methods),
        # A suggestion is added to the visitor's own comparison, or replaces one when it is full.
        "next_action": "add" if can_add else "replace" if is_tray else "",
        "is_tray": is_tray,
        "can_add": can_add,
        "max_methods": tray.max_size,
        "only_differences": only_differences,
        "query": query,
        **(_suggestions(query, tray) if can_add else {"suggestions": []}),
        "slugs": permalink.value(methods),
        "downloads": _downloads(get_language(), get_script_prefix()),
        "permalink": comparison_url(methods, only_differences),
        "toggle_url": comparison_url(methods, not only_differences),
        "popular": [] if methods else Method.objects.starting_points(),
    }


@require_safe
@vary_on_headers("HX-Request", "HX-Target")  # one address, the page or a part of it
def compare_page(request: HtmxHttpRequest) -> HttpResponse:
    tray = Tray(request.session)
    only_differences = request.GET.get("diff") == "1"
    query = request.GET.get("q", "").strip()[:200]
    if wants_partial(request, "suggestions"):
        context = {
            **_suggestions(query, tray),
            "query": query,
            "only_differences": only_differences,
        }
        return render(request, "compare/page.html#suggestions", context)
    methods, version, selection = _selected(request, tray)
    context = _table_context(
        request, methods, tray, version=version, only_differences=only_differences, query=query
    )
    context["selection"] = selection
    if selection is not None:
        # The language switcher links to the comparison shown, not to whatever the address held.
        request.page_path = comparison_url(methods, only_differences)
    if wants_partial(request, "comparison"):  # the "only differences" toggle
        context["focus"] = "only-differences"
        return render(request, "compare/page.html#swap", context)
    return render(request, "compare/page.html", context)


@require_POST
def add(request: HtmxHttpRequest) -> HttpResponse:
    method = _posted_method(request)
    if method is None:
        return _tray_changed(request, Tray(request.session), method)
    instead = Method.objects.filter(slug=request.POST.get("instead", "")).first()
    with changing(request.session) as tray:
        try:
            if instead is not None and instead in tray:  # "Swap in" from what to compare next
                tray.swap(instead, method)
            else:
                tray.add(method)
        except TrayFull:
            # Said beside the button that was pressed (compare_control), not at the page's top.
            messages.error(
                request,
                ngettext(
                    "At most %(max)d method can be compared; remove it first.",
                    "At most %(max)d methods can be compared; remove one first.",
                    tray.max_size,
                )
                % {"max": tray.max_size},
                extra_tags=f"beside:{method.slug}" if _from_own_control(request) else "",
            )
            if _from_own_control(request) and not request.htmx:  # back to the method's control
                return redirect(f"{_next_url(request)}#compare-{method.slug}")
    return _tray_changed(request, tray, method)


@require_POST
def remove(request: HtmxHttpRequest) -> HttpResponse:
    method = _posted_method(request)
    if method is None:
        return _tray_changed(request, Tray(request.session), method)
    with changing(request.session) as tray:
        tray.remove(method)
    return _tray_changed(request, tray, method)


@require_POST
def clear(request: HtmxHttpRequest) -> HttpResponse:
    with changing(request.session) as tray:
        tray.clear()
    messages.success(request, _("The comparison is empty now."))
    if request.htmx.target == "comparison":
        return _comparison_swap(request, tray)
    url = _next_url(request)
    if urlsplit(url).path == reverse("compare:page"):
        # Not back to its permalink: that would show the cleared methods as a shared comparison.
        url = reverse("compare:page")
    return redirect(url)


@require_POST
def adopt(request: HtmxHttpRequest) -> HttpResponse:
    """Make a shared comparison (a permalink) the visitor's own tray."""
    with changing(request.session) as tray:
        version = CatalogVersion.current().token
        selection = permalink.parse(request.POST.get("m", ""), version, tray.max_size)
        methods = Method.objects.named().in_order(selection.ids)
        tray.replace(methods)
    messages.success(request, _("This comparison is yours now: add or remove methods as you like."))
    return redirect(comparison_url(methods))


@require_safe
def export(request: HtmxHttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    methods, version, _selection = _selected(request, Tray(request.session))
    render_export, content_type = EXPORTS[fmt]
    response = HttpResponse(
        render_export(compare(methods, version=version)), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="scholargate-comparison.{fmt}"'
    return response


def _posted_method(request: HtmxHttpRequest) -> Method | None:
    slug = request.POST.get("method", "")
    method = Method.objects.filter(slug=slug).first() if is_slug(slug) else None
    if method is None:
        messages.error(request, _("That method is not in the catalog (any more)."))
    return method


def _from_own_control(request: HtmxHttpRequest) -> bool:
    """Pressed on a method's own control (a card, a method page), not inside the comparison."""
    if request.htmx:
        return request.htmx.target != "comparison"
    return urlsplit(_next_url(request)).path != reverse("compare:page")


def _next_url(request: HtmxHttpRequest) -> str:
    url = request.POST.get("next", "")
    # Only a path on this site: `redirect` would take any other word for a view's name.
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, {request.get_host()}, request.is_secure()
    ):
        return url
    return reverse("compare:page")


def _tray_changed(request: HtmxHttpRequest, tray: Tray, method: Method | None) -> HttpResponse:
    """After a change: the page again without JavaScript; with htmx, what the control changed:
    the whole comparison, or the catalog's button; the tray indicator and notices with it."""
    if not request.htmx:
        return redirect(_next_url(request))
    if request.htmx.target == "comparison":
        return _comparison_swap(request, tray)
    return render(request, "compare/tray_changed.html", {"method": method})


def _comparison_swap(request: HtmxHttpRequest, tray: Tray) -> HttpResponse:
    """The whole comparison after a change made in it, built from the database as it is now;
    the address bar follows it."""
    methods, version = _from_tray(tray)
    only_differences = request.POST.get("diff") == "1"
    url = comparison_url(methods, only_differences)
    context = _table_context(
        request, methods, tray, version=version, only_differences=only_differences
    )
    request.page_path = url
    context["focus"] = "comparison"
    return push_url(render(request, "compare/page.html#swap", context), url)
