"""What pages derive from the whole catalog (the search's vocabulary, the field and type names,
the properties, the filter menus), kept in each server process for the catalog's newest
version only.

A shared cache would do as well for small values, but it hands back a copy it has to unpickle
on every read: the search's vocabulary of a 10,000-method catalog took 30 ms to unpickle, more
than the search itself. Keys are a name and the catalog's version (and the language, for what
is shown), never anything a request sends, and each name holds one version: the memory is
bounded by the names."""

from collections.abc import Callable

_kept: dict[str, tuple[str, object]] = {}
_replaced = False  # something kept for an older version was replaced


def per_version[T](name: str, version: str, build: Callable[[], T]) -> T:
    """`build()` for this catalog version, made once per process and kept until the next."""
    global _replaced
    kept = _kept.get(name)
    if kept is None or kept[0] != version:
        _replaced |= kept is not None
        kept = _kept[name] = (version, build())
    return kept[1]


def replaced() -> bool:
    """Whether something kept for an older catalog version was replaced since the last call."""
    global _replaced
    was, _replaced = _replaced, False
    return was


def clear() -> None:
    """Forget everything kept (the test suite starts each test afresh, as with the cache)."""
    _kept.clear()
