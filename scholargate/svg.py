"""SVG shapes drawn in Python (the comparison's timeline, a method's relation map): hundreds of
shapes whose attributes are mostly coordinates."""

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe


def shapes_join(template: str, rows: Iterable[tuple]) -> SafeString:
    """Shapes, one per row of values, as format_html_join writes them: safe by construction,
    numbers as they are (a number cannot carry markup) and every other value escaped. Several
    times cheaper than format_html_join, whose escaping of each coordinate was most of the
    cost of a drawing."""
    return mark_safe(
        "\n".join(
            template.format(
                *(value if type(value) in (int, float) else escape(str(value)) for value in row)
            )
            for row in rows
        )
    )
