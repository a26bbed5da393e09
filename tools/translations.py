"""Translation coverage: what the gettext catalogs and the translated content lack.

Interface strings are English msgids in gettext catalogs (`locale/<language>/LC_MESSAGES/
django.po`), compiled to the committed `.mo` files the site reads. Content is translated
in modeltranslation's per-language columns. `manage.py translation_coverage` reports both.
"""

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.test.utils import override_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

# The msgids are English, so English needs no catalog of its own.
SOURCE_LANGUAGE = "en"
DOMAIN = "django"
# Directories that hold no interface strings of ours (build output, tools, tests); the
# catalogs' own directory is left out so that a check can write a copy elsewhere.
NOT_SOURCE = ["locale", "staticfiles", "node_modules", "tests", "artifacts", "backups"]
# Header fields that change what the site shows (the rest is bookkeeping).
HEADER_FIELDS = ["Content-Type", "Plural-Forms"]
# The files makemessages reads for the "django" domain.
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def catalog_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def describe(entry: polib.POEntry, *, where: bool = False) -> str:
    """An entry as a translator would look for it: “msgid”, its context, where it is used."""
    text = f"“{entry.msgid}”"
    if entry.msgctxt:
        text += f" (context “{entry.msgctxt}”)"
    if where and entry.occurrences:
        text += " in " + ", ".join(sorted({path for path, _line in entry.occurrences}))
    return text


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _translation(entry: polib.POEntry) -> tuple:
    return (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))


@dataclass
class CatalogCoverage:
    language: str
    path: Path
    exists: bool = True
    header_fuzzy: bool = False
    translated: int = 0
    fuzzy: list[polib.POEntry] = field(default_factory=list)
    untranslated: list[polib.POEntry] = field(default_factory=list)
    # Compared with the code only where GNU gettext is installed (None: not compared).
    missing: list[polib.POEntry] | None = None
    unused: list[polib.POEntry] | None = None
    # Entries whose compiled translation is not the .po's (or a changed header field).
    stale_compiled: list[str] = field(default_factory=list)

    @property
    def compiled_path(self) -> Path:
        return self.path.with_suffix(".mo")

    def problems(self, root: Path) -> list[str]:
        """Each gap, in words a translator acts on (paths shown relative to root)."""
        where = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        lang = self.language
        if not self.exists:
            return [f"{lang}: no catalog at {where}: run `manage.py makemessages -l {lang}`."]
        problems = []
        if self.header_fuzzy:
            problems.append(f"{lang}: the header of {where} is marked fuzzy; remove the mark.")
        if self.missing is None:
            problems.append(
                f"{lang}: the catalog was not compared with the code: GNU gettext is not "
                "installed (apt-get install gettext, or brew install gettext)."
            )
        problems += [
            f"{lang}: {describe(e, where=True)} is marked in the code but missing from {where}:"
            " run `make messages` and translate it."
            for e in self.missing or []
        ]
        problems += [
            f"{lang}: {describe(e)} is in {where} but no longer in the code: run `make messages`."
            for e in self.unused or []
        ]
        problems += [
            f"{lang}: {describe(e)} is fuzzy: check its translation, then remove the fuzzy mark."
            for e in self.fuzzy
        ]
        problems += [f"{lang}: {describe(e)} is not translated." for e in self.untranslated]
        problems += [
            f"{lang}: the compiled {where.with_suffix('.mo')} differs from the .po for {what}:"
            " run `make messages` (compilemessages)."
            for what in self.stale_compiled
        ]
        return problems


def catalog_coverage(language: str, *, root: Path | None = None) -> CatalogCoverage:
    """How complete one language's catalog is, against the code under root (BASE_DIR)."""
    path = catalog_path(language)
    coverage = CatalogCoverage(language, path)
    if not path.exists():
        coverage.exists = False
        return coverage
    catalog = polib.pofile(str(path))
    coverage.header_fuzzy = catalog.metadata_is_fuzzy
    coverage.translated = len(catalog.translated_entries())
    coverage.fuzzy = catalog.fuzzy_entries()
    coverage.untranslated = catalog.untranslated_entries()
    coverage.stale_compiled = compiled_differences(catalog, coverage.compiled_path)
    if shutil.which("xgettext"):
        fresh = extract(path, language, Path(root or settings.BASE_DIR))
        current = {_key(e) for e in catalog if not e.obsolete}
        wanted = {_key(e) for e in fresh if not e.obsolete}
        coverage.missing = [e for e in fresh if not e.obsolete and _key(e) not in current]
        coverage.unused = [e for e in catalog if not e.obsolete and _key(e) not in wanted]
    return coverage


def extract(path: Path, language: str, root: Path) -> polib.POFile:
    """The catalog as `makemessages` would write it from the code under root, made in a
    temporary copy of the code and the catalog: the committed catalog is never changed.
    (makemessages writes next to any `locale` directory it sees, hence the copy.)"""
    with tempfile.TemporaryDirectory() as tmp:
        copy_root = Path(tmp) / "src"
        shutil.copytree(root, copy_root, ignore=_not_source)
        locale_dir = copy_root / "locale"
        copy = locale_dir / language / "LC_MESSAGES" / path.name
        copy.parent.mkdir(parents=True)
        shutil.copyfile(path, copy)
        with override_settings(LOCALE_PATHS=[locale_dir]), contextlib.chdir(copy_root):
            call_command("makemessages", locale=[language], verbosity=0)
        return polib.pofile(str(copy))


def _not_source(directory: str, names: list[str]) -> set[str]:
    """What a copy of the code for makemessages can leave out (databases, assets, tools)."""
    ignored = set(shutil.ignore_patterns(".*", *NOT_SOURCE)(directory, names))
    return ignored | {
        name
        for name in names
        if Path(name).suffix not in SOURCE_SUFFIXES and Path(directory, name).is_file()
    }


def compiled_differences(catalog: polib.POFile, compiled_path: Path) -> list[str]:
    """What the compiled catalog shows differently from the .po (msgfmt leaves fuzzy and
    untranslated entries out, and so does this comparison)."""
    if not compiled_path.exists():
        return ["every string (there is no compiled catalog)"]
    compiled = polib.mofile(str(compiled_path))
    expected = {_key(e): e for e in catalog.translated_entries()}
    found = {_key(e): e for e in compiled}
    differences = [
        f"the header's {name}"
        for name in HEADER_FIELDS
        if catalog.metadata.get(name) != compiled.metadata.get(name)
    ]
    for key in sorted(expected.keys() | found.keys(), key=lambda k: (k[1], k[0] or "")):
        wanted, got = expected.get(key), found.get(key)
        if not (wanted and got and _translation(wanted) == _translation(got)):
            differences.append(describe(wanted or got))
    return differences


@dataclass
class FieldCoverage:
    """One translated model field: how many rows lack each language."""

    label: str
    rows: int
    lacking: dict[str, int]
    examples: dict[str, list[str]]

    def problems(self) -> list[str]:
        problems = []
        for language, count in self.lacking.items():
            if count:
                named = self.examples[language]
                more = f" and {count - len(named)} more" if count > len(named) else ""
                rows = "row lacks" if count == 1 else "rows lack"
                problems.append(
                    f"{self.label}: {count} {rows} {language}: {', '.join(named)}{more}."
                )
        return problems


def content_coverage(examples: int = 5) -> list[FieldCoverage]:
    """Per translated model field that must be written, the rows written in some language
    but not in another (a field left empty in every language has nothing to translate)."""
    codes = languages()
    result = []
    models = sorted(translator.get_registered_models(abstract=False), key=lambda m: m.__name__)
    for model in models:
        rows = model._base_manager.all()
        fields = [model._meta.get_field(n) for n in translator.get_options_for_model(model).fields]
        # Derived fields (the search index) are nobody's to translate. A field that may be
        # blank may be blank in one language: Vietnamese aliases have no English twins.
        for name in [f.name for f in sorted(fields) if f.editable and not f.blank]:
            lacking, found = {}, {}
            for code in codes:
                written_elsewhere = reduce(
                    or_, (~_blank(build_localized_fieldname(name, c)) for c in codes if c != code)
                )
                missing = rows.filter(_blank(build_localized_fieldname(name, code))).filter(
                    written_elsewhere
                )
                lacking[code] = missing.count()
                found[code] = [str(obj) for obj in missing[:examples]]
            result.append(FieldCoverage(f"{model.__name__}.{name}", rows.count(), lacking, found))
    return result


def _blank(column: str) -> Q:
    return Q(**{column: ""}) | Q(**{f"{column}__isnull": True})
