"""Markup that pages draw in Python because a template would draw it item by item: the
comparison's rows and cells, the drawings' shapes, lists of related methods.

format_html and format_html_join, with their rule (a value with __html__ is kept, every other
is escaped), written for many small values: Django's escape goes through a lazy-string wrapper
for each value, which made escaping most of the cost of a table or a drawing. Numbers go in as
they are (a number cannot carry markup)."""

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

# What Django's escape() replaces, in one pass.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _escaped(value) -> object:
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)
    if kind is int or kind is float:
        return value
    if hasattr(value, "__html__"):
        return value.__html__()
    return str(value).translate(_ESCAPES)


def html(template: str, *values) -> SafeString:
    """format_html: the template with each value escaped unless it is markup already."""
    return mark_safe(template.format(*map(_escaped, values)))


def join(template: str, rows: Iterable[tuple], separator: str = "") -> SafeString:
    """format_html_join: the template filled with each row of values, joined."""
    return mark_safe(separator.join(template.format(*map(_escaped, row)) for row in rows))
