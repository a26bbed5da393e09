from django import template

from methods.selectors import in_language

register = template.Library()


@register.simple_tag(takes_context=True)
def localized(context, obj, field_name: str, value=None):
    """A translated field's text as the page shows it (methods.selectors.in_language)."""
    text = getattr(obj, field_name) if value is None else value
    request = context.get("request")
    editor = request is not None and request.user.is_staff
    return in_language(text, obj.shown_language(field_name), editor)
