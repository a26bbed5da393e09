from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def localized(context, obj, field_name: str, value=None):
    """A translated field's text; when it falls back to another language, the text carries
    its real `lang` (for screen readers) and editors see a "not yet translated" hint."""
    text = getattr(obj, field_name) if value is None else value
    shown = obj.shown_language(field_name)
    if shown == get_language():
        return text
    request = context.get("request")
    hint = ""
    if request is not None and request.user.is_staff:
        hint = format_html(' <small class="untranslated">({})</small>', _("not yet translated"))
    return format_html('<span lang="{}">{}</span>{}', shown, text, hint)
