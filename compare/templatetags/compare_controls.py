from django import template
from django.utils.safestring import SafeString

from compare.controls import Controls
from methods.models import Method
from scholargate import markup

register = template.Library()


def _controls(context) -> Controls:
    """What the page's controls share, made at the first and kept for the rest of the template's
    rendering."""
    controls = context.render_context.get(Controls)
    if controls is None:
        controls = context.render_context[Controls] = Controls(context)
    return controls


@register.simple_tag(takes_context=True)
def compare_control(context, method, action: str = "toggle", autofocus: bool = False):
    """`method`'s add/remove control (compare.controls)."""
    try:
        return _controls(context).render(method, action, autofocus)
    except ValueError as error:
        raise template.TemplateSyntaxError(str(error)) from error


# Drawn a row at a time, as the admin draws its list: a template partial per column or per
# suggestion cost ten times as much as the markup itself.


@register.simple_tag(takes_context=True)
def column_heads(context, methods: list[Method], removable: bool) -> SafeString:
    """The comparison's column heads, each naming its method, with a × to remove it from the
    visitor's own comparison (`removable`)."""
    controls, urls = _controls(context), Method.addresses(methods)
    return markup.join(
        '\n<th scope="col" data-column="{}">\n  <a href="{}"><span class="column-name">{}</span>'
        '<span class="column-short" aria-hidden="true">{}</span></a>\n  {}\n</th>\n',
        (
            (
                method.slug,
                urls[method.pk],
                method.name_html,
                method.short_name,
                controls.render(method, "remove") if removable else "",
            )
            for method in methods
        ),
    )


@register.simple_tag(takes_context=True)
def next_items(context, suggestions: list, action: str) -> SafeString:
    """What to compare next (compare.comparison.suggestions), each with its reason and, when the
    comparison shown is the visitor's own, the control that adds it (`action`: "add", or
    "replace" when the comparison is full; "" for none)."""
    controls = _controls(context)
    return markup.join(
        '\n    <li>\n      {}\n      <span class="reason">{}</span>\n      {}\n    </li>\n    ',
        (
            (
                suggestion.link,
                suggestion.reason,
                controls.render(suggestion.method, action) if action else "",
            )
            for suggestion in suggestions
        ),
    )
