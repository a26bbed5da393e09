"""Text folding shared by search and its index."""

import unicodedata


class _Characters(dict):
    """What a fold makes of each character, by code point, worked out the first time it is
    met: str.translate then folds a text at C speed instead of a call per character (the
    search's vocabulary of 10,000 methods was a second of work per server process)."""

    def __init__(self, strip_accents: bool) -> None:
        super().__init__()
        self.strip_accents = strip_accents

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        if self.strip_accents and unicodedata.combining(character):
            made = None
        # Punctuation and control characters as spaces: "t-SNE", "Q_learning", "TCP/IP", "C4.5"
        # and "(DPO)" split into the words people type (PostgreSQL refuses a NUL in a query).
        elif unicodedata.category(character)[0] in "PC":
            made = " "
        else:
            made = character
        self[code] = made
        return made


_SPACED = _Characters(strip_accents=False)
_FOLDED = _Characters(strip_accents=True)


def fold(text: str) -> str:
    """Lower-case, strip diacritics, punctuation as spaces: "Khuếch Tán-T" -> "khuech tan t"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join(decomposed.translate(_FOLDED).casefold().split())


def words(text: str) -> list[str]:
    """The words of a text as written, diacritics and case kept: what fold() makes of each is
    its folded word, one for one."""
    spaced = unicodedata.normalize("NFC", text).translate(_SPACED)
    return [word for word in spaced.split() if fold(word)]


def split_aliases(aliases: str) -> list[str]:
    """The names in an alias field, written separated by commas."""
    return [alias.strip() for alias in aliases.split(",") if alias.strip()]


def folded_lines(names: list[str]) -> str:
    """Names folded, one per line between newlines, so a query can match a whole name."""
    return "\n" + "".join(f"{folded}\n" for name in names if (folded := fold(name)))
