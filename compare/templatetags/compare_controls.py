from django import template

from compare.controls import Controls

register = template.Library()


@register.simple_tag(takes_context=True)
def compare_control(context, method, action: str = "toggle", autofocus: bool = False):
    """`method`'s add/remove control (compare.controls). What the page's controls share is
    made at the first and kept for the rest of the template's rendering."""
    controls = context.render_context.get(Controls)
    if controls is None:
        controls = context.render_context[Controls] = Controls(context)
    try:
        return controls.render(method, action, autofocus)
    except ValueError as error:
        raise template.TemplateSyntaxError(str(error)) from error
