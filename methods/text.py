"""Text folding shared by search and its index."""

import unicodedata


def _spaced(text: str) -> str:
    """Punctuation and control characters as spaces: "t-SNE", "Q_learning", "TCP/IP", "C4.5"
    and "(DPO)" split into the words people type (PostgreSQL refuses a NUL byte in a query)."""
    return "".join(" " if unicodedata.category(ch)[0] in "PC" else ch for ch in text)


def fold(text: str) -> str:
    """Lower-case, strip diacritics, punctuation as spaces: "Khuếch Tán-T" -> "khuech tan t"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_spaced(stripped).casefold().split())


def words(text: str) -> list[str]:
    """The words of a text as written, diacritics and case kept: what fold() makes of each is
    its folded word, one for one."""
    return [word for word in _spaced(unicodedata.normalize("NFC", text)).split() if fold(word)]


def split_aliases(aliases: str) -> list[str]:
    """The names in an alias field, written separated by commas."""
    return [alias.strip() for alias in aliases.split(",") if alias.strip()]


def folded_lines(names: list[str]) -> str:
    """Names folded, one per line between newlines, so a query can match a whole name."""
    return "\n" + "".join(f"{folded}\n" for name in names if (folded := fold(name)))
