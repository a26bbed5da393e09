"""The original work behind a method: a formatted citation, its link and BibTeX."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from scholargate import markup

ET_AL = "others"
BIBTEX_SPECIAL = re.compile(r"([&%#$_])")


@dataclass(frozen=True)
class Work:
    kind: str
    authors: list[str] = field(default_factory=list)
    title: str = ""
    venue: str = ""
    year: int | None = None
    volume: str = ""
    number: str = ""
    pages: str = ""
    arxiv_id: str = ""
    doi: str = ""
    url: str = ""

    @property
    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return self.url

    @property
    def link_label(self) -> str:
        if self.doi:
            return "DOI"
        if self.arxiv_id:
            return "arXiv"
        return _("link")

    @property
    def citation(self) -> str:
        """APA-style reference, as the seed page shows it."""
        parts = [f"{_apa_authors(self.authors)} ({self.year}). {self.title.rstrip('.')}."]
        if self.kind == "preprint":
            parts.append(
                f"{self.venue or 'arXiv preprint'} arXiv:{self.arxiv_id}."
                if self.arxiv_id
                else f"{self.venue}."
            )
        elif self.kind == "inproceedings":
            # A proceedings series' volume (NeurIPS 36, PMLR 139, LNCS 9351) beside the pages.
            where = [f"Vol. {self.volume}"] if self.volume else []
            where += [f"pp. {self.pages.replace('--', '-')}"] if self.pages else []
            parts.append(f"In {self.venue}" + (f" ({', '.join(where)})." if where else "."))
        elif self.kind == "article":
            volume = f", {self.volume}" if self.volume else ""
            number = f"({self.number})" if self.number else ""
            pages = f", {self.pages.replace('--', '-')}" if self.pages else ""
            parts.append(f"{self.venue}{volume}{number}{pages}.")
        elif self.venue:
            parts.append(f"{self.venue}.")
        return " ".join(parts)

    @property
    def html(self) -> SafeString:
        """The citation and its link, as every page shows them."""
        if not self.link:
            return markup.html('<span class="citation">{}</span>', self.citation)
        return markup.html(
            '<span class="citation">{}</span> <a class="external" href="{}" '
            'rel="noopener noreferrer">{} ↗<span class="visually-hidden"> ({})</span></a>',
            self.citation,
            self.link,
            self.link_label,
            _("opens the original work"),
        )

    def bibtex_key(self) -> str:
        family = self.authors[0].split(",")[0] if self.authors else "anonymous"
        words = [w for w in re.findall(r"[A-Za-z0-9]+", _ascii(self.title)) if len(w) > 3]
        return (
            (_ascii(family) + str(self.year or "") + (words[0] if words else ""))
            .lower()
            .replace(" ", "")
        )

    def bibtex(self, key: str | None = None) -> str:
        entry_type, venue_field = {
            "article": ("article", "journal"),
            "inproceedings": ("inproceedings", "booktitle"),
            "book": ("book", "publisher"),
        }.get(self.kind, ("misc", "howpublished"))
        authors = " and ".join(self.authors)
        fields = [
            ("author", authors),
            ("title", "{" + _bibtex_escape(self.title) + "}"),
            (venue_field, _bibtex_escape(self.venue)),
            ("year", str(self.year or "")),
            ("volume", self.volume),
            ("number", self.number),
            ("pages", re.sub(r"-+", "--", self.pages)),
            ("doi", self.doi),
        ]
        if self.arxiv_id:
            fields += [("eprint", self.arxiv_id), ("archiveprefix", "arXiv")]
        fields.append(("url", self.link))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@{entry_type}{{{key or self.bibtex_key()},\n{body}\n}}\n"


def _apa_authors(authors: list[str]) -> str:
    names = [_apa_name(a) for a in authors if a != ET_AL]
    if not names:
        return ""
    if authors[-1] == ET_AL:
        return ", ".join(names) + ", et al."
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_name(author: str) -> str:
    family, _comma, given = author.partition(",")
    initials = " ".join(f"{part[0]}." for part in re.split(r"[\s]+", given.strip()) if part)
    initials = initials.replace("-.", "-")
    return f"{family.strip()}, {initials}" if initials else family.strip()


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _bibtex_escape(text: str) -> str:
    return BIBTEX_SPECIAL.sub(r"\\\1", text.replace("{", "").replace("}", ""))
