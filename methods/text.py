"""Text folding shared by search and its index."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics and normalise spaces: "Khuếch Tán" -> "khuech tan".
    Control characters count as spaces (PostgreSQL refuses a NUL byte in a query)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    return " ".join(stripped.casefold().split())


def split_aliases(aliases: str) -> list[str]:
    """The names in an alias field, written separated by commas."""
    return [alias.strip() for alias in aliases.split(",") if alias.strip()]


def folded_lines(names: list[str]) -> str:
    """Names folded, one per line between newlines, so a query can match a whole name."""
    return "\n" + "".join(f"{folded}\n" for name in names if (folded := fold(name)))
