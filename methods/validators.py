import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 1600

# What a slug may hold (the models keep at most 200 characters).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
# New-style arXiv ids: YYMM.NNNN from 2007 to 2014, YYMM.NNNNN since 2015; optional version.
ARXIV_ID = re.compile(r"^(?P<year>\d{2})(0[1-9]|1[0-2])\.(?P<number>\d{4,5})(v\d+)?$")
# Old-style ids such as hep-th/9901001 or math.GT/0309136.
ARXIV_OLD_ID = re.compile(r"^[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?$")
# The DOI Handbook: "10." then a registrant code, a slash, and a non-empty suffix.
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def is_slug(value) -> bool:
    """Whether value can be a slug; anything else is not worth a database query (and a NUL
    byte would make PostgreSQL refuse it)."""
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


def validate_year(value: int) -> None:
    if not EARLIEST_YEAR <= value <= timezone.now().year:
        raise year_out_of_range()


def year_out_of_range() -> ValidationError:
    """What a year that is none says: the years there are."""
    return ValidationError(
        _("Enter a year between %(earliest)s and %(current)s."),
        code="year_out_of_range",
        params={"earliest": EARLIEST_YEAR, "current": timezone.now().year},
    )


def _is_arxiv_id(value: str) -> bool:
    if ARXIV_OLD_ID.match(value):
        return True
    match = ARXIV_ID.match(value)
    if not match or int(match["year"]) < 7:
        return False
    return len(match["number"]) == (4 if int(match["year"]) <= 14 else 5)


def validate_arxiv_id(value: str) -> None:
    if not _is_arxiv_id(value):
        raise ValidationError(
            _("“%(value)s” is not an arXiv identifier; write it like 2305.14314."),
            code="invalid_arxiv_id",
            params={"value": value},
        )


def validate_doi(value: str) -> None:
    if not DOI.match(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a DOI; write it like 10.1038/nature14236, without https://doi.org/."
            ),
            code="invalid_doi",
            params={"value": value},
        )


# The control characters (Unicode's category Cc, which is fixed: U+0000-U+001F and
# U+007F-U+009F) but for tab and line breaks, which belong in longer text. A pattern, not a
# loop over the characters: the importer checks every text of 10,000 rows with it.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(value: str) -> str | None:
    """The first control character in value that text people read has no use for."""
    found = CONTROL_CHARACTER.search(value)
    return found.group() if found else None


def validate_printable(value: str) -> None:
    """Text people read: no NUL, escape or other control character (PostgreSQL refuses a NUL,
    a terminal obeys an escape), whatever the editor pasted or the dataset held."""
    if (char := control_character(value)) is not None:
        raise ValidationError(
            _("Remove the invisible control character %(code)s from this text."),
            code="control_character",
            params={"code": f"U+{ord(char):04X}"},
        )
