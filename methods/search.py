"""Catalog search as researchers type: which methods match a query, in what order, and what to
offer when few or none do.

A method matches when every term of the query, folded (methods.text.fold), is in the search text of
either language (its names and aliases, originator and summary) or in the name of its field or
type. Terms of one or two letters match only at the start of a word ("ai" is not in "explain"); a
plural matches its singular ("Transformers", "SVMs"). English words that any text holds ("the",
"with": STOPWORDS) are not required, unless the query has nothing else: "learning with noisy
labels" finds what "learning noisy labels" finds, and ranks the phrase first. A method is also
found by its original work: its arXiv identifier or DOI, as written or in an address, or three
words or more of its title in a row ("attention is all you need"). Matches are ordered by a score
the database computes in the same query: per term, a name equal to it, then a name starting with it
(as a word first), then a name holding it (as a word, at a word's start, anywhere); then a field or
type named with it; then any text. The query as a phrase adds to that, and so does finding the
query's own diacritics ("căn chỉnh", not "cần chính"), which folding would otherwise blur; among
equals, the method whose text names the query soonest comes first.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.paginator import Page, Paginator
from django.db import connection, connections
from django.db.models import BooleanField, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils.translation import get_language
from rapidfuzz import process
from rapidfuzz.distance import OSA

from methods import memo
from methods.text import fold, split_aliases, words

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SEARCH_COLUMNS = [f"search_text_{code}" for code in LANGUAGES]
# Where the query's own diacritics are looked for: they are Vietnamese, so in the Vietnamese
# name, aliases and summary as written (names as published are English, Latin or plain).
WRITTEN_COLUMNS = ["vietnamese_name", f"aliases_{LANGUAGES[0]}", f"summary_{LANGUAGES[0]}"]
SHORT = 3  # terms shorter than this match at the start of a word only
# Words a researcher writes in a phrase ("attention is all you need") that say nothing of a
# method: nearly every summary holds them, so requiring them kept almost every method in the
# running, and read them all ("the models and" at 10,508 methods: 47 ms a page, now 34).
STOPWORDS = frozenset(
    "a and are as at be by for from has have in into is it its of on or our that the their "  # noqa: SIM905
    "these this to was we were which with".split()
)
MOST_TERMS = 8  # a query of 200 characters could make a statement too long to be worth it
FEW = 3  # fewer results than this, and search offers the closest names
Sql = tuple[str, list]  # a condition or an expression, and its parameters
NOTHING: Sql = ("", [])
TABLE = "methods_method"

# Points a term earns by where it is found (the best place counts), and what finding it with the
# query's diacritics adds. The phrase's points are larger, so a phrase beats scattered words.
NAME_EQUALS, NAME_STARTS_WORD, NAME_STARTS = 16, 14, 12
NAME_WORD, NAME_WORD_STARTS, NAME_HOLDS = 10, 9, 8
LABEL, TEXT = 4, 1
WRITTEN_AS_TYPED = 6
PHRASE_NAME_EQUALS, PHRASE_NAME_STARTS, PHRASE_NAME, PHRASE_LABEL = 80, 60, 40, 20
PHRASE_TEXT = 10
PHRASE_AS_TYPED = 20
# A method whose work the query names by its identifier comes first; by words of its title,
# the phrase's place is the title, between the names and a field's or type's (fewer than
# TITLE_WORDS words are in too many titles to name one work, and what more than MOST_TITLES
# titles hold names none).
IDENTIFIED = 1000
PHRASE_TITLE = 30
TITLE_WORDS, MOST_TITLES = 3, 10
ARXIV_ID = re.compile(r"(?<!\d)(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)")
DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


@dataclass(frozen=True)
class Term:
    folded: str
    forms: tuple[str, ...]  # the folded term and its singulars, any of which matches
    variants: tuple[str, ...]  # the forms that hold no other: enough to find a substring
    typed: str = ""  # lower-case with its diacritics, when folding changed it

    @property
    def short(self) -> bool:
        return len(self.folded) < SHORT

    @property
    def stopword(self) -> bool:
        """An English stopword as typed ("thể", folded "the", is a Vietnamese word)."""
        return not self.typed and self.folded in STOPWORDS


def singulars(word: str) -> list[str]:
    """English plurals a researcher types: "transformers", "svms", "processes", "policies".
    Vietnamese words have no plural, and none of them ends in "s"."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return []
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith(("sses", "xes", "ches", "shes")):
        return [word[:-2]]
    return [word[:-1]]


def terms(query: str) -> list[Term]:
    found = {}
    for word in words(query)[:MOST_TERMS]:
        folded = fold(word)
        typed = word.casefold()
        forms = (folded, *singulars(folded))
        # A form that holds another finds nothing more ("svm" is in "svms").
        variants = tuple(v for v in forms if not any(o != v and o in v for o in forms))
        found.setdefault(folded, Term(folded, forms, variants, typed if typed != folded else ""))
    return list(found.values())


def _phrases(found: list[Term]) -> list[str]:
    if len(found) < 2:
        return []
    phrases = [" ".join(t.folded for t in found), " ".join(t.forms[-1] for t in found)]
    return list(dict.fromkeys(phrases))


def _typed_phrase(query: str, found: list[Term]) -> str:
    typed = " ".join(word.casefold() for word in words(query)[:MOST_TERMS])
    return typed if len(found) > 1 and any(t.typed for t in found) else ""


# -- Field and type names, matched in Python: a dozen of each, kept per catalog version ---------


@dataclass(frozen=True)
class Label:
    kind: str  # "field" or "type"
    pk: int
    slug: str
    names: tuple[str, ...]  # in each language of LANGUAGES
    folded: tuple[str, ...]  # folded and spaced (" hoc tang cuong ")
    typed: tuple[str, ...]  # lower-cased with its diacritics

    @property
    def name(self) -> str:
        """Its name in the page's language (else the first language's)."""
        language = get_language()
        index = LANGUAGES.index(language) if language in LANGUAGES else 0
        return self.names[index] or self.names[0]


def labels(version: str) -> list[Label]:
    return memo.per_version("search:labels", version, _read_labels)


def _read_labels() -> list[Label]:
    from methods.models import MethodType, ResearchField

    found = []
    for kind, model in (("field", ResearchField), ("type", MethodType)):
        for taxon in model.objects.all():
            names = [getattr(taxon, f"name_{code}") or "" for code in LANGUAGES]
            found.append(
                Label(
                    kind,
                    taxon.pk,
                    taxon.slug,
                    tuple(names),
                    tuple(f" {fold(n)} " for n in names if n),
                    tuple(" ".join(words(n)).casefold() for n in names if n),
                )
            )
    return found


def _labelled(found: list[Label], text: str, *, typed: bool = False) -> Sql:
    """Methods whose field or type is named with this text at a word's start (folded, or as typed
    with its diacritics)."""
    needle = f" {text}"
    ids = {"field": [], "type": []}
    for label in found:
        names = [f" {n} " for n in label.typed] if typed else label.folded
        if any(needle in name for name in names):
            ids[label.kind].append(label.pk)
    return _any(*(_in(f"{kind}_id", pks) for kind, pks in ids.items() if pks))


def field_named(query: str, version: str) -> Label | None:
    """The field whose name, in either language, is the query: "học tăng cường", "statistics"."""
    folded = f" {fold(query)} "
    return next((x for x in labels(version) if x.kind == "field" and folded in x.folded), None)


# -- The original work: by its identifier or its title -------------------------------------


def titles(version: str) -> dict:
    """Every method's work title, folded and spaced, one per line, with where each line starts
    and its method: "is this phrase in a title" is one search of one string; and each title as
    written, by method. Kept per catalog version."""
    return memo.per_version("search:titles", version, _read_titles)


def _read_titles() -> dict:
    from methods.models import Method

    written = dict(Method.objects.exclude(work_title="").values_list("pk", "work_title"))
    lines = [f" {fold(title)} " for title in written.values()]
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    return {"text": "\n".join(lines), "starts": starts, "ids": list(written), "of": written}


def titled(query: str, version: str) -> list[int]:
    """The methods whose work's title holds the query's words in a row, if it has enough of
    them and few titles do."""
    folded = fold(query)
    if len(folded.split()) < TITLE_WORDS:
        return []
    kept = titles(version)
    text, needle, found = kept["text"], f" {folded} ", []
    at = text.find(needle)
    while at >= 0 and len(found) <= MOST_TITLES:
        found.append(kept["ids"][bisect_right(kept["starts"], at) - 1])
        at = text.find(needle, at + 1)
    return found if len(found) <= MOST_TITLES else []


@dataclass(frozen=True)
class Works:
    """What a query names of the methods' original works, worked out once per query for both
    the search and its cards (finding a phrase among 10,000 titles is 0.2 ms): the condition on
    the identifiers it holds, and the methods whose title holds its words."""

    identified: Sql
    titled: tuple[int, ...]
    version: str

    @property
    def title(self) -> Sql:
        return _in("id", list(self.titled)) if self.titled else NOTHING


def works(query: str, version: str) -> Works:
    return Works(_identified(query), tuple(titled(query, version)), version)


def works_named(named: Works) -> dict[int, str]:
    """The methods of the works a query names, with each work's title: what their cards say
    they were found by. An identifier in the query costs a query."""
    from methods.models import Method

    of = titles(named.version)["of"]
    found = {pk: of[pk] for pk in named.titled}
    if named.identified[0]:
        condition = RawSQL(*named.identified, output_field=BooleanField())
        found |= dict(Method.objects.filter(condition).values_list("pk", "work_title"))
    return found


def _identified(query: str) -> Sql:
    """The methods whose work has an arXiv identifier or a DOI the query holds (a version or an
    address around it aside; DOIs are the same in any case)."""
    arxiv = ARXIV_ID.findall(query)
    dois = [_unpunctuated(doi).lower() for doi in DOI.findall(query)]
    return _any(
        _in("arxiv_id", arxiv) if arxiv else NOTHING,
        (f"LOWER({_column('doi')}) IN ({', '.join(['%s'] * len(dois))})", dois)
        if dois
        else NOTHING,
    )


def _unpunctuated(doi: str) -> str:
    """A DOI without the punctuation of the sentence around it: a final period or comma, or a
    closing bracket it does not open (10.1016/0893-6080(89)90020-8 keeps its own)."""
    doi = doi.rstrip(".,;")
    while doi[-1] in ")]" and doi.count(doi[-1]) > doi.count("(" if doi[-1] == ")" else "["):
        doi = doi[:-1].rstrip(".,;")
    return doi


# -- The query ------------------------------------------------------------------------------
# Written as SQL text rather than ORM expressions: a query has a hundred conditions, and Django
# took ten times longer to build and compile them than the database to run them. Every needle is
# a parameter; folded needles hold no punctuation, so none of LIKE's wildcards.


def _column(name: str) -> str:
    quote = connection.ops.quote_name
    return f"{quote(TABLE)}.{quote(name)}"


def _in(column: str, values: list) -> Sql:
    return f"{_column(column)} IN ({', '.join(['%s'] * len(values))})", list(values)


def _any(*conditions: Sql) -> Sql:
    conditions = [c for c in conditions if c[0]]
    if not conditions:
        return NOTHING
    return "(" + " OR ".join(sql for sql, _ in conditions) + ")", [
        p for _, ps in conditions for p in ps
    ]


def _holds(expression: str, needle: str) -> Sql:
    """The text holds the needle, case-sensitive on both databases (the search text is folded, so
    lower-case; a needle holds no punctuation, so none of LIKE's wildcards). Each database's
    quicker way: SQLite's LIKE ignores case, PostgreSQL's strpos() costs more on short text."""
    if connection.vendor == "sqlite":
        return f"instr({expression}, %s) > 0", [needle]
    return f"{expression} LIKE %s", [f"%{needle}%"]


def _in_names(forms, *patterns: str) -> Sql:
    """folded_names holds one name per line between newlines; each pattern places the term
    ("\n{}\n" is a whole name)."""
    names = _column("folded_names")
    return _any(*(_holds(names, p.format(v)) for v in forms for p in patterns))


def _in_text(variants, *, short: bool) -> Sql:
    """Methods whose search text, in either language, holds one of the variants: anywhere, or at
    a word's start (short). Folded text has single spaces between words, and starts with the
    method's names."""
    if connection.vendor == "sqlite":
        # The FTS5 trigram index of both columns (migration 0004) finds any three characters or
        # more, a space included (" ai"); a bare MATCH searches every column.
        needles = [f" {v}" if short else v for v in variants]
        if match := _match(needles):
            found = _matching(match)
        else:  # one letter: read every row
            found = _any(*(_holds(_column(c), n) for n in needles for c in SEARCH_COLUMNS))
        # No space before the text's first word: the names' start finds it.
        return _any(found, _in_names(variants, "\n{}")) if short else found
    # The trigram index of both columns (migration 0015) serves LIKE '%term%' and, from the space
    # before it, '% term%'. The space between the two columns is a word's start too, and the
    # second column starts with the names as the first does.
    both = " || ' ' || ".join(f"COALESCE({_column(c)}, '')" for c in SEARCH_COLUMNS)
    return _any(*(_holds(f"({both})", f" {v}" if short else v) for v in variants))


def _match(needles) -> str:
    """The FTS5 query finding any of these needles, "" if one is too short for its trigrams."""
    if not all(len(n) >= SHORT for n in needles):
        return ""
    return " OR ".join('"' + n.replace('"', '""') + '"' for n in needles)


def _matching(match: str) -> Sql:
    return f"{_column('id')} IN (SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH %s)", [match]


class Matching(RawSQL):
    """The methods the SQLite index finds by an FTS5 query, kept to count them off the index
    alone (page_of)."""

    def __init__(self, match: str) -> None:
        self.match = match
        super().__init__(*_matching(match), output_field=BooleanField())


def _position(expression: str) -> str:
    """Where a parameter first occurs in the expression, 0 if nowhere: case-sensitive on both
    databases."""
    function = "instr" if connection.vendor == "sqlite" else "strpos"
    return f"{function}({expression}, %s)"


def _written_as_typed(text: str) -> Sql:
    """The text, diacritics and all, in the Vietnamese name, aliases or summary: at a sentence's
    start too."""
    capital = text[:1].upper() + text[1:]
    return _any(
        *(
            _holds(_column(column), variant)
            for column in WRITTEN_COLUMNS
            for variant in dict.fromkeys([text, capital])
        )
    )


def _case(places: list[tuple[Sql, int]], default: int) -> Sql:
    places = [(condition, points) for condition, points in places if condition[0]]
    if not places:
        return str(default), []
    sql = " ".join(f"WHEN {condition} THEN {points}" for (condition, _), points in places)
    return f"CASE {sql} ELSE {default} END", [p for (_, ps), _ in places for p in ps]


def _term_score(term: Term, found: list[Label]) -> Sql:
    v = term.forms
    by_label = _case([(_any(*(_labelled(found, x) for x in v)), LABEL)], TEXT)
    in_names = _case(
        [
            (_in_names(v, "\n{}\n"), NAME_EQUALS),
            (_in_names(v, "\n{} "), NAME_STARTS_WORD),
            (_in_names(v, "\n{}"), NAME_STARTS),
            (_in_names(v, " {}\n", " {} "), NAME_WORD),
            (_in_names(v, " {}"), NAME_WORD_STARTS),
            (NOTHING if term.short else _in_names(v, "{}"), NAME_HOLDS),
        ],
        -1,
    )
    # Most methods a common word finds hold it in their text alone: one test of the names
    # spares them the six that place it there (a search for "used" ranks 10,000 methods).
    holds, holds_params = _in_names(term.variants, "{}")
    score = (
        f"CASE WHEN {holds} THEN COALESCE(NULLIF({in_names[0]}, -1), {by_label[0]}) "
        f"ELSE {by_label[0]} END",
        [*holds_params, *in_names[1], *by_label[1], *by_label[1]],
    )
    if not term.typed:
        return score
    # Typed with diacritics and found only folded, a term is another word ("cần" for "căn").
    as_typed, typed_params = _any(
        _written_as_typed(term.typed), _labelled(found, term.typed, typed=True)
    )
    sql, params = score
    return (
        f"CASE WHEN {as_typed} THEN ({sql}) + {WRITTEN_AS_TYPED} ELSE {TEXT} END",
        [*typed_params, *params],
    )


def _phrase_score(phrases: list[str], typed: str, found: list[Label], title: Sql) -> Sql:
    score = _case(
        [
            (_in_names(phrases, "\n{}\n"), PHRASE_NAME_EQUALS),
            (_in_names(phrases, "\n{}"), PHRASE_NAME_STARTS),
            (_in_names(phrases, " {}"), PHRASE_NAME),
            (title, PHRASE_TITLE),
            (_any(*(_labelled(found, p) for p in phrases)), PHRASE_LABEL),
            (_in_text(phrases, short=True), PHRASE_TEXT),
        ],
        0,
    )
    if not typed:
        return score
    as_typed = _case(
        [(_any(_written_as_typed(typed), _labelled(found, typed, typed=True)), PHRASE_AS_TYPED)], 0
    )
    return f"{score[0]} + {as_typed[0]}", [*score[1], *as_typed[1]]


def search(
    methods: QuerySet, query: str, version: str | None = None, named: Works | None = None
) -> QuerySet:
    """The methods matching the query, best first, each annotated with its `score`. The field
    and type names are those of the catalog's `version` (read when not given), and so are the
    works it names (`named`, worked out when not given)."""
    from methods.models import CatalogVersion

    found = terms(query)
    if not found:
        return methods.none()  # only punctuation: nothing to look for
    required = [term for term in found if not term.stopword] or found
    version = CatalogVersion.current().token if version is None else version
    taxa = labels(version)
    # On SQLite, the terms the index alone finds make one FTS5 query for them all: a list of
    # each one's matches (most methods, for a common word) cost as much again per term.
    together, conditions = [], []
    for term in required:
        by_label = _any(*(_labelled(taxa, v) for v in term.variants))
        alone = connection.vendor == "sqlite" and not term.short and not by_label[0]
        if alone and (match := _match(term.variants)):
            together.append(f"({match})")
            continue
        sql, params = _any(_in_text(term.variants, short=term.short), by_label)
        conditions.append(RawSQL(sql, params, output_field=BooleanField()))
    if together:
        conditions.append(Matching(" AND ".join(together)))
    scores = [_term_score(term, taxa) for term in required]
    named = works(query, version) if named is None else named
    identified, title = named.identified, named.title
    if identified[0] or title[0]:
        work = RawSQL(*_any(identified, title), output_field=BooleanField())
        methods = methods.filter(Q(*conditions) | Q(work))
        scores.append(_case([(identified, IDENTIFIED)], 0))
    else:
        methods = methods.filter(*conditions)
    if phrases := _phrases(found):
        scores.append(_phrase_score(phrases, _typed_phrase(query, found), taxa, title))
    score = RawSQL(
        " + ".join(f"({sql})" for sql, _ in scores),
        [p for _, ps in scores for p in ps],
        output_field=IntegerField(),
    )
    # Among equals, the method that names the query soonest is likelier about it than one that
    # mentions it in passing: in its summary, as typed, or else in its (folded) search text.
    typed = _typed_phrase(query, found) or (found[0].typed if len(found) == 1 else "")
    if typed:
        # Diacritics are Vietnamese: the Vietnamese summary, whatever the page's language.
        where, needle = _column(f"summary_{LANGUAGES[0]}"), typed
    else:
        language = get_language() if get_language() in LANGUAGES else LANGUAGES[0]
        where = _column(f"search_text_{language}")
        needle = (phrases or [found[0].folded])[0]
    soonest = RawSQL(f"NULLIF({_position(where)}, 0)", [needle], output_field=IntegerField())
    return methods.annotate(score=score, soonest=soonest).order_by(
        "-score", F("soonest").asc(nulls_last=True), Lower("name")
    )


def page_of(methods, number, per_page: int) -> Page:
    """A page of these methods' ids (as Paginator.get_page finds it: a page past the last
    shows the last). Counted apart from the page, a search too: a window count in the page's
    query made the database sort every match whole instead of keeping the best twenty (a word
    in every one of 10,000 methods: 84 ms in one query, 15 + 31 ms in two). A search on SQLite
    filtered by nothing else is counted off its index alone, reading no method's row (that word:
    4 ms instead of 11). The first page, which is what most searches show, is read before
    the count, which it makes needless when it is not full (most searches of a few words)."""
    if not isinstance(methods, QuerySet):  # ids already (methods.selectors.Listing)
        return Paginator(methods, per_page).get_page(number)
    ids = methods.values_list("pk", flat=True)
    paginator = Paginator(ids, per_page)
    first = None
    if str(number or 1) == "1":
        first = list(ids[:per_page])
        if len(first) < per_page:
            paginator.count = len(first)
            return Page(first, 1, paginator)
    if match := _only_matching(methods):
        with connections[methods.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {INDEX} WHERE {INDEX} MATCH %s", [match])
            paginator.count = cursor.fetchone()[0]
    return Page(first, 1, paginator) if first is not None else paginator.get_page(number)


def _only_matching(methods: QuerySet) -> str:
    """The FTS5 query of a search filtered by nothing else, "" for any other."""
    query = methods.query
    children = query.where.children
    # A filter by an expression is a lookup of it: Exact(Matching(...), True).
    condition = getattr(children[0], "lhs", None) if len(children) == 1 else None
    if (
        isinstance(condition, Matching)
        and isinstance(children[0], Exact)
        and children[0].rhs is True
        and not query.where.negated
        and not query.is_sliced
        and not query.combinator
        and not query.distinct
    ):
        return condition.match
    return ""


# -- Did you mean ---------------------------------------------------------------------------


def vocabulary(version: str) -> dict:
    """Every word of every name, acronym and alias, folded, with how it is written; and the
    names, folded, to check a correction against. Kept per catalog version, never per query."""
    return memo.per_version("search:vocabulary", version, _read_vocabulary)


def _read_vocabulary() -> dict:
    from methods.models import Method

    spelled, names = {}, {}
    aliases = [f"aliases_{code}" for code in LANGUAGES]
    for name, acronym, vietnamese, *others in Method.objects.values_list(
        "name", "acronym", "vietnamese_name", *aliases
    ):
        others = [alias for text in others for alias in split_aliases(text or "")]
        for written in filter(None, [name, acronym, vietnamese, *others]):
            names.setdefault(fold(written), written)
            for word in words(written):
                spelled.setdefault(fold(word), word)
    # Every name, spaced, one per line: "is this phrase a name's words" is then one search of
    # one string, not a loop over 20,000 names (a needle holds no newline, so none spans two).
    lines = "\n".join(f" {name} " for name in names)
    return {"words": spelled, "choices": list(spelled), "names": names, "lines": lines}


def did_you_mean(query: str, version: str, limit: int = 3) -> list[str]:
    """Queries one or two typos away from this one that name something in the catalog: each word
    of three letters or more that is no word of a name becomes the closest that is ("transfomer"
    -> "Transformer", "randon forest" -> "Random Forest"). Empty when nothing needs correcting."""
    spelled = vocabulary(version)
    known, choices = spelled["words"], spelled["choices"]
    names, lines = spelled["names"], spelled["lines"]
    typed = [fold(w) for w in words(query)[:MOST_TERMS]]
    options = []
    for word in typed:
        if len(word) < SHORT or word in known or any(s in known for s in singulars(word)):
            options.append([word])
            continue
        typos = 1 if len(word) < 5 else 2
        close = process.extract(word, choices, scorer=OSA.distance, score_cutoff=typos, limit=limit)
        close = [c for c, _distance, _index in sorted(close, key=lambda c: (c[1], c[0]))]
        # "transformers" is no other suggestion than "transformer".
        close = [c for c in close if not set(singulars(c)) & set(close)]
        options.append(close or [word])
    if all(len(o) == 1 and o[0] == w for o, w in zip(options, typed, strict=True)):
        return []
    corrected = []
    for choice in range(limit):
        folded = " ".join(o[min(choice, len(o) - 1)] for o in options)
        if folded in corrected or f" {folded} " not in lines:
            continue
        corrected.append(folded)
    return [names.get(f) or " ".join(known.get(w, w) for w in f.split()) for f in corrected]


# -- The SQLite index's triggers ------------------------------------------------------------

INDEX = "methods_method_search"
COLUMNS = ", ".join(SEARCH_COLUMNS)
OLD = ", ".join(f"old.{c}" for c in SEARCH_COLUMNS)
NEW = ", ".join(f"new.{c}" for c in SEARCH_COLUMNS)
TRIGGERS = {
    f"{INDEX}_insert": f"""AFTER INSERT ON methods_method BEGIN
        INSERT INTO {INDEX}(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    f"{INDEX}_delete": f"""AFTER DELETE ON methods_method BEGIN
        INSERT INTO {INDEX}({INDEX}, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); END""",
    # Only a change of the search text rewrites its trigrams (not one of updated_at alone).
    f"{INDEX}_update": f"""AFTER UPDATE OF {COLUMNS} ON methods_method BEGIN
        INSERT INTO {INDEX}({INDEX}, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO {INDEX}(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
}


def missing_triggers(using: str = "default") -> list[str]:
    """The SQLite index's triggers that are not there: a table rebuild (an AddField, say) drops
    them, and the index then silently goes stale."""
    db = connections[using]
    if db.vendor != "sqlite":
        return []
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [INDEX])
        if cursor.fetchone() is None:
            return []  # before migration 0004
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in TRIGGERS if name not in present]


def restore_triggers(using: str = "default", **kwargs) -> None:
    """After every migrate: make the triggers a table rebuild dropped, and rebuild the index the
    rows changed behind its back."""
    if missing := missing_triggers(using):
        with connections[using].cursor() as cursor:
            for name in missing:
                cursor.execute(f"CREATE TRIGGER {name} {TRIGGERS[name]}")
            cursor.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')")


def merge_index(using: str = "default") -> None:
    """Merge the SQLite index into one segment, what was deleted dropped. A bulk write leaves it
    in pieces that every search reads (10,000 methods imported: 9 segments and 30 MB; merged,
    17 MB and common words found twice as fast)."""
    db = connections[using]
    if db.vendor == "sqlite":
        with db.cursor() as cursor:
            cursor.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES ('optimize')")


@register(Tags.database)
def check_triggers(databases=None, **kwargs) -> list[Error]:
    return [
        Error(
            f"The search index's trigger {name} is missing on database {alias!r}.",
            hint="Run `manage.py migrate`, which makes it again.",
            id="methods.E001",
        )
        for alias in databases or []
        for name in missing_triggers(alias)
    ]
