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


def folded_lines(texts: list[str]) -> str:
    """Names, and comma-separated lists of them, folded one per line between newlines."""
    names = [name for text in texts for name in (text or "").split(",")]
    return "\n" + "".join(f"{folded}\n" for name in names if (folded := fold(name)))
