"""Comparison permalinks: `?m=qlora,direct-preference-optimization` names methods in order."""

from dataclasses import dataclass, field

from methods.models import Method

# A permalink names a handful of methods; past this many entries the rest is not looked at.
MAX_ENTRIES = 50


@dataclass
class Selection:
    ids: list[int]
    unknown: list[str] = field(default_factory=list)
    cut: int = 0


def entries(value: str) -> list[str]:
    """The names in a permalink's value, in order, each once."""
    return list(dict.fromkeys(e.strip() for e in value.split(",") if e.strip()))


def parse(value: str, version: str, max_size: int) -> Selection:
    """The ids of the known methods in the order named (at most max_size); unknown names are
    reported. A method is named as `Method.ids_by_name` reads it: `?m=ddpm,ddim,ControlNet`;
    `version` is the catalog's token."""
    named = entries(value)
    ignored = max(0, len(named) - MAX_ENTRIES)
    named = named[:MAX_ENTRIES]
    found = Method.ids_by_name(named, version)
    known = list(dict.fromkeys(found[e] for e in named if e in found))
    return Selection(
        ids=known[:max_size],
        unknown=[e for e in named if e not in found],
        cut=max(0, len(known) - max_size) + ignored,
    )


def value(methods: list[Method]) -> str:
    return ",".join(m.slug for m in methods)
