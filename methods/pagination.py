"""The catalog's links to its other pages, drawn in Python: a template wrote each of a dozen
links with its own {% querystring %} tags, a third of a catalog page's work at 10,000 methods."""

from collections.abc import Callable

from django.core.paginator import Page
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from scholargate import markup

# What htmx does with a page link: it swaps the results and the address.
SWAP = SafeString('data-hx-target="#results" data-hx-swap="outerHTML" data-hx-push-url="true"')


def addresses(query: QueryDict) -> Callable[[int], str]:
    """The address of each page: this query with its page changed, as {% querystring page=n %}
    writes it (the page where the query has it, else last), the rest encoded once."""
    params = query.copy()
    params["page"] = "0"
    pieces = params.urlencode().split("&")
    at = pieces.index("page=0")
    before = "".join(f"{piece}&" for piece in pieces[:at])
    after = "".join(f"&{piece}" for piece in pieces[at + 1 :])
    return lambda number: f"?{before}page={number}{after}"


def navigation(page: Page, query: QueryDict) -> SafeString:
    """Links to the previous and the next page and to pages by number: those around this one
    and at both ends, the rest elided (26 pages fit on a phone). Nothing for a single page."""
    if not page.has_other_pages():
        return SafeString("")
    url = addresses(query)
    numbers = []
    labelled = gettext("Page %(number)s")
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        # The range holds page numbers and, where pages are left out, the (lazily translated)
        # ellipsis: told apart by type, not by comparing each number with a lazy string.
        if not isinstance(number, int):
            item = markup.html('<span aria-hidden="true">{}</span>', number)
        elif number == page.number:
            item = markup.html('<a aria-current="page" href="{}">{}</a>', url(number), number)
        else:
            link = '<a href="{0}" data-hx-get="{0}" {1} aria-label="{2}">{3}</a>'
            label = labelled % {"number": number}
            item = markup.html(link, url(number), SWAP, label, number)
        numbers.append(item)
    lines = []
    if page.has_previous():
        link = '<a rel="prev" href="{0}" data-hx-get="{0}" {1}>← {2}</a>'
        previous = url(page.previous_page_number())
        lines.append(markup.html(link, previous, SWAP, pgettext("page", "Previous")))
    of = gettext("Page %(number)s of %(total)s")
    total = page.paginator.num_pages
    lines.append(
        markup.html('<span class="page-of">{}</span>', of % {"number": page.number, "total": total})
    )
    lines.append(
        markup.html(
            '<ol class="page-numbers">{}</ol>',
            markup.join("<li>{}</li>", ((item,) for item in numbers)),
        )
    )
    if page.has_next():
        link = '<a rel="next" href="{0}" data-hx-get="{0}" {1}>{2} →</a>'
        lines.append(
            markup.html(link, url(page.next_page_number()), SWAP, pgettext("page", "Next"))
        )
    nav = '<nav class="pagination" aria-label="{}">\n    {}\n  </nav>'
    return markup.html(nav, gettext("Pages"), SafeString("\n    ".join(lines)))
