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
