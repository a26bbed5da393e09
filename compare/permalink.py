"""Comparison permalinks: `?m=qlora,direct-preference-optimization` names methods in order."""

from dataclasses import dataclass, field

from django.db.models.functions import Lower

from methods.models import Method
from methods.validators import control_character, is_slug

# A permalink names a handful of methods; past this many entries the rest is not looked at.
MAX_ENTRIES = 50


@dataclass
class Selection:
    methods: list[Method]
    unknown: list[str] = field(default_factory=list)
    cut: int = 0


def entries(value: str) -> list[str]:
    """The names in a permalink's value, in order, each once."""
    return list(dict.fromkeys(e.strip() for e in value.split(",") if e.strip()))


def parse(value: str, queryset, max_size: int) -> Selection:
    """Known methods in the order named (at most max_size); unknown names are reported.
    A method is named by its slug or, as people type an address by hand, by its acronym
    (`?m=ddpm,ddim`), which no two methods share, in any case (`?m=DDPM,ControlNet`)."""
    named = entries(value)
    ignored = max(0, len(named) - MAX_ENTRIES)
    named = named[:MAX_ENTRIES]
    slugs = {s for e in named if is_slug(e) for s in (e, e.lower())}  # "ControlNet" too
    by_slug = {m.slug: m for m in queryset.filter(slug__in=slugs)}
    found = {e: by_slug.get(e) or by_slug.get(e.lower()) for e in named}
    if rest := {e.lower() for e in named if not found[e] and _could_be_acronym(e)}:
        matches = queryset.alias(key=Lower("acronym")).filter(key__in=rest)
        by_acronym = {m.acronym.lower(): m for m in matches}
        found = {e: method or by_acronym.get(e.lower()) for e, method in found.items()}
    known = list(dict.fromkeys(m for m in found.values() if m))
    unknown = [e for e in named if not found[e]]
    return Selection(
        methods=known[:max_size],
        unknown=unknown,
        cut=max(0, len(known) - max_size) + ignored,
    )


def _could_be_acronym(entry: str) -> bool:
    # Anything else is not worth a query (and a NUL byte would make PostgreSQL refuse it).
    longest = Method._meta.get_field("acronym").max_length
    return len(entry) <= longest and control_character(entry) is None


def value(methods: list[Method]) -> str:
    return ",".join(m.slug for m in methods)
