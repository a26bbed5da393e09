import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from scholargate import markup

VALUES = [
    '<script>alert("x")</script>',
    "Tom & Jerry's <b>",
    mark_safe("<em>kept</em>"),
    gettext_lazy("Related"),
    3,
    2.5,
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_markup_escapes_exactly_as_format_html(value):
    """Names, summaries and labels drawn in Python can carry no markup into the page."""
    template = '<a title="{}">{}</a>'
    assert markup.html(template, value, value) == format_html(template, value, value)
    assert isinstance(markup.html(template, value, value), SafeString)


def test_markup_join_is_format_html_join():
    rows = [(value, index) for index, value in enumerate(VALUES)]
    assert markup.join("<li>{} {}</li>", rows, ", ") == format_html_join(
        ", ", "<li>{} {}</li>", rows
    )


DRAWINGS = ["compare/timeline.py", "methods/relation_map.py", "compare/comparison.py"]


@pytest.mark.parametrize("path", DRAWINGS)
def test_the_drawings_are_escaped_by_construction(path):
    """The timeline, the relation map and the comparison's table put names, years, labels and
    cells into markup through `markup` alone (format_html's rule), so no value can reach the
    page unescaped however the drawing changes: none marks text safe itself (issue 24,
    finding 6)."""
    tree = ast.parse((Path(settings.BASE_DIR) / path).read_text())
    marked = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None))
        in {"mark_safe", "SafeString"}
    ]
    assert marked == []
