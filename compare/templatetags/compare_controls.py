"""The one add/remove control of the comparison, however a page shows it: a method's own button
(catalog, method page, relation map) or a change made inside the comparison, which then swaps
the comparison whole."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()

# The controls a page can show, and what their answer replaces.
ACTIONS = {"toggle", "add", "suggestion", "remove", "replace"}


@lru_cache(maxsize=16)
def _urls(language: str, prefix: str) -> dict[str, str]:
    return {name: reverse(f"compare:{name}") for name in ("page", "add", "remove")}


def urls() -> dict[str, str]:
    """The tray's addresses, reversed once per language (a catalog page shows twenty controls)."""
    return _urls(get_language(), get_script_prefix())


def refusal_for(context, slug: str):
    """The refused add of this method, to be shown beside its button (compare.views.add);
    marked as shown, so that base.html does not say it again."""
    for message in context.get("messages") or ():
        if message.extra_tags == f"beside:{slug}":
            message.shown_beside = True
            return message
    return None


@register.inclusion_tag("compare/control.html", takes_context=True)
def compare_control(context, method, action: str = "toggle", autofocus: bool = False) -> dict:
    """`method`'s control. "toggle" is a method's own: add it, or say it is compared, with a ×
    to remove it; its answer replaces the control. The others change the comparison shown
    ("add", "suggestion" from the add panel, "remove" from a column head, "replace" one of the
    compared methods when the tray is full) and their answer replaces it, keeping "only
    differences" as it was."""
    if action not in ACTIONS:
        raise template.TemplateSyntaxError(f"compare_control: unknown action {action!r}")
    tray = context.get("compare_tray")
    ids = tray.ids if tray is not None else []
    only_differences = bool(context.get("only_differences"))
    addresses = urls()
    in_tray = method.pk in ids
    if action == "toggle":
        target, url = f"#compare-{method.slug}", addresses["remove" if in_tray else "add"]
        next_url = context.get("here") or addresses["page"]
    else:
        target, url = "#comparison", addresses["remove" if action == "remove" else "add"]
        next_url = addresses["page"] + ("?diff=1" if only_differences else "")
    return {
        "method": method,
        "action": action,
        "url": url,
        "page_url": addresses["page"],
        "target": target,
        "next": next_url,
        "in_tray": in_tray,
        "full": tray is not None and len(ids) >= tray.max_size,
        "max": tray.max_size if tray is not None else 0,
        "only_differences": only_differences and action != "toggle",
        "compared": context.get("comparison").methods if action == "replace" else [],
        "autofocus": autofocus,
        "refusal": refusal_for(context, method.slug) if action == "toggle" else None,
    }
