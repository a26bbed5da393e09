import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from methods import pagination

QUERIES = [
    "",
    "page=3",
    "q=diffusion&page=2&field=vision",
    "page=1&page=9&sort=year",
    "q=a%26b&x=%3Cy%3E",
    "zpage=1&xpage=2",
    "q=page%3D0&page=4",
    "q=Ph%C6%B0%C6%A1ng+ph%C3%A1p&year_from=1990",
]


@pytest.mark.parametrize("query", QUERIES)
def test_each_page_link_is_the_address_querystring_writes(query):
    """The catalog keeps its filters, its search and its order from page to page, with the page
    where the address has it, as Django's {% querystring %} writes the address."""
    request = RequestFactory().get(f"/en/methods/?{query}")
    tag = Template("{% querystring page=number %}")
    address = pagination.addresses(request.GET)
    for number in (1, 2, 17, 500):
        context = Context({"number": number, "request": request}, autoescape=False)
        context.request = request
        assert address(number) == tag.render(context)


def test_a_page_links_to_its_neighbours_and_to_pages_by_number(english):
    page = Paginator(range(500), 20).get_page(7)
    nav = pagination.navigation(page, QueryDict("q=x&page=7"))
    assert '<a rel="prev" href="?q=x&amp;page=6"' in nav
    assert '<a rel="next" href="?q=x&amp;page=8"' in nav
    assert '<span class="page-of">Page 7 of 25</span>' in nav
    assert '<a aria-current="page" href="?q=x&amp;page=7">7</a>' in nav
    assert nav.count('aria-label="Page ') == 6  # 1, 5, 6, 8, 9, 25: the rest elided
    assert nav.count('<span aria-hidden="true">…</span>') == 2


def test_a_single_page_has_no_links():
    assert pagination.navigation(Paginator(range(5), 20).get_page(1), QueryDict()) == ""
