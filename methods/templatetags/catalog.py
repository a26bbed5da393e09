from django import template
from django.utils.translation import gettext

from methods.selectors import in_language
from scholargate import markup

register = template.Library()


@register.simple_tag(takes_context=True)
def localized(context, obj, field_name: str, value=None):
    """A translated field's text as the page shows it (methods.selectors.in_language)."""
    text = getattr(obj, field_name) if value is None else value
    request = context.get("request")
    editor = request is not None and request.user.is_staff
    return in_language(text, obj.shown_language(field_name), editor)


@register.simple_tag(takes_context=True)
def found_by_work(context, card) -> str:
    """What a card of the results says when the search named its method's original work (by
    its title or identifier): that work's title. Nothing otherwise."""
    if not (title := context.get("found_by_work", {}).get(card.pk)):
        return ""
    said = gettext("Found by its original work, “%(title)s”") % {"title": title}
    return markup.html('<p class="found-by">{}</p>', said)
