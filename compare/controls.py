"""The one add/remove control of the comparison, however a page shows it: a method's own button
(catalog, method page, relation map) or a change made inside the comparison, which then swaps
the comparison whole.

A catalog page draws twenty controls and a relation map thirty, so what is the same for all of
them (addresses, labels, the CSRF token, the tray) is made once per page (`Controls`), and
each control is a few lines of escaped markup, as the admin draws its rows."""

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import SimpleNamespace

from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from scholargate import markup

# The controls a page can show, and what their answer replaces.
ACTIONS = {"toggle", "add", "suggestion", "remove", "replace"}
# Those that name their method by its slug and name alone: a page draws each once (a control
# cost as much as its card), and fills in every method's. The stand-ins are characters no
# slug or name holds (methods.validators) and escaping leaves as they are.
SKELETONS = {"toggle", "add", "remove"}
_SLUG, _NAME = "\x00slug\x00", "\x00name\x00"
_STAND_IN = SimpleNamespace(pk=None, slug=_SLUG, display_name=_NAME)


@lru_cache(maxsize=16)
def _urls(language: str, prefix: str) -> dict[str, str]:
    return {name: reverse(f"compare:{name}") for name in ("page", "add", "remove")}


def urls() -> dict[str, str]:
    """The tray's addresses, reversed once per language."""
    return _urls(get_language(), get_script_prefix())


@dataclass
class Controls:
    """What every control on a page shares. `context` is the template's: the tray
    (compare.context_processors), the request, the messages and, on the comparison, the
    methods compared."""

    context: object
    _skeletons: dict = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def tray(self):
        return self.context.get("compare_tray")

    @cached_property
    def ids(self) -> frozenset[int]:
        return frozenset(self.tray.ids) if self.tray is not None else frozenset()

    @cached_property
    def full(self) -> bool:
        return self.tray is not None and len(self.ids) >= self.tray.max_size

    @cached_property
    def urls(self) -> dict[str, str]:
        return urls()

    @cached_property
    def csrf_input(self) -> SafeString:
        # The page's own token (the csrf context processor's, made once per request), not a
        # new one: each get_token() masks the secret anew.
        token = self.context.get("csrf_token") or ""
        return markup.html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)

    @cached_property
    def refusals(self) -> dict:
        """Refused adds to be said beside the button that was pressed (compare.views.add), by
        slug."""
        return {
            message.extra_tags.removeprefix("beside:"): message
            for message in self.context.get("messages") or ()
            if message.extra_tags.startswith("beside:")
        }

    @cached_property
    def labels(self) -> dict[str, str]:
        max_size = self.tray.max_size if self.tray is not None else 0
        return {
            "in": gettext("In comparison"),
            "open": gettext("Open the comparison"),
            "add_to": gettext("Add to compare"),
            "add": gettext("Add"),
            "add_named": gettext("Add %(name)s to compare"),
            "remove_named": gettext("Remove %(name)s from comparison"),
            "full": gettext("%(max)s chosen — remove one") % {"max": max_size},
            "instead": gettext("Instead of"),
            "swap_in": gettext("Swap in"),
        }

    def render(self, method, action: str = "toggle", autofocus: bool = False) -> SafeString:
        """`method`'s control (anything with pk, slug, display_name and local_name). "toggle"
        is a method's own: add it, or say it is compared, with a × to remove it; its answer
        replaces the control. The others change the comparison shown ("add", "suggestion" from
        the add panel, "remove" from a column head, "replace" one of the compared methods when
        the tray is full) and their answer replaces it, keeping "only differences" as it was."""
        if action not in ACTIONS:
            raise ValueError(f"compare_control: unknown action {action!r}")
        in_tray = method.pk in self.ids
        if action in SKELETONS and (action != "toggle" or method.slug not in self.refusals):
            # Drawn once per page with stand-ins for the method's slug and name, then filled.
            key = (action, in_tray, autofocus)
            if (skeleton := self._skeletons.get(key)) is None:
                skeleton = self._skeletons[key] = self._draw(_STAND_IN, action, in_tray, autofocus)
            slug, name = markup.html("{}", method.slug), markup.html("{}", method.display_name)
            return SafeString(skeleton.replace(_SLUG, slug).replace(_NAME, name))
        return self._draw(method, action, in_tray, autofocus)

    def _draw(self, method, action: str, in_tray: bool, autofocus: bool) -> SafeString:
        focus = mark_safe(" autofocus") if autofocus else ""
        if action != "toggle":
            return self._form(method, action, in_tray, focus)
        form = self._form(method, action, in_tray, focus)
        labels, page = self.labels, self.urls["page"]
        head = ""
        if in_tray:
            head = markup.html(
                '<a class="button in-tray" href="{}"{}>✓ {}</a>', page, focus, labels["in"]
            )
        refusal = ""
        if (message := self.refusals.get(method.slug)) is not None:
            message.shown_beside = True  # base.html says the others over the page
            refusal = markup.html(
                '<p class="control-refusal" role="alert">{} <a href="{}">{}</a></p>',
                message,
                page,
                labels["open"],
            )
        return markup.html(
            '<div class="compare-toggle" id="compare-{}">{}{}{}</div>',
            method.slug,
            head,
            form,
            refusal,
        )

    def _form(self, method, action: str, in_tray: bool, focus: str) -> SafeString:
        urls, labels, name = self.urls, self.labels, method.display_name
        only_differences = action != "toggle" and bool(self.context.get("only_differences"))
        if action == "toggle":
            target, url = f"#compare-{method.slug}", urls["remove" if in_tray else "add"]
            next_url = self.context.get("here") or urls["page"]
        else:
            target, url = "#comparison", urls["remove" if action == "remove" else "add"]
            next_url = urls["page"] + ("?diff=1" if only_differences else "")
        if action == "replace":
            compared = self.context.get("comparison").methods
            options = markup.join(
                '<option value="{}">{}</option>', ((m.slug, m.short_name) for m in compared)
            )
            button = markup.html(
                '<label class="replace-label" for="instead-{}">{}</label>'
                '<select id="instead-{}" name="instead">{}</select>'
                '<button type="submit" class="button add" aria-label="{}: {}">{}</button>',
                method.slug,
                labels["instead"],
                method.slug,
                options,
                labels["swap_in"],
                name,
                labels["swap_in"],
            )
        elif action == "suggestion":
            button = markup.html(
                '<button type="submit" class="suggestion" aria-label="{}">+ {}</button>',
                labels["add_named"] % {"name": name},
                method.name_html,
            )
        elif action == "add":
            button = markup.html(
                '<button type="submit" class="button add" aria-label="{}">+ {}</button>',
                labels["add_named"] % {"name": name},
                labels["add"],
            )
        elif action == "remove" or in_tray:
            button = markup.html(
                '<button type="submit" class="remove" aria-label="{}">×</button>',
                labels["remove_named"] % {"name": name},
            )
        elif self.full:
            # Still a working button: the tray may have room again by the time it is pressed,
            # and if not, the answer says why beside it.
            button = markup.html(
                '<button type="submit" class="button add full"{} aria-label="{}: {}">{}</button>',
                focus,
                labels["full"],
                name,
                labels["full"],
            )
        else:
            # The name starts with the visible words, so "Add to compare" works by voice too.
            button = markup.html(
                '<button type="submit" class="button add"{} aria-label="{}: {}">+ {}</button>',
                focus,
                labels["add_to"],
                name,
                labels["add_to"],
            )
        swap = "outerHTML" if action in ("toggle", "suggestion") else "outerHTML show:none"
        return markup.html(
            '<form method="post" action="{}" class="inline-form{}" data-hx-post="{}" '
            'data-hx-target="{}" data-hx-swap="{}"{}>{}'
            '<input type="hidden" name="method" value="{}">{}'
            '<input type="hidden" name="next" value="{}">{}</form>',
            url,
            " replace-form" if action == "replace" else "",
            url,
            target,
            swap,
            mark_safe(' data-hx-sync="#add-method:replace"') if action == "suggestion" else "",
            self.csrf_input,
            method.slug,
            mark_safe('<input type="hidden" name="diff" value="1">') if only_differences else "",
            next_url,
            button,
        )
