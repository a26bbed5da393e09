"""Text folding shared by search and its index."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics and normalise spaces: "Khuếch Tán" -> "khuech tan"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
