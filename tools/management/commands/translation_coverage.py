from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools import translations

INTERFACE_ROWS = [
    ("translated", lambda c: c.translated),
    ("fuzzy", lambda c: len(c.fuzzy)),
    ("untranslated", lambda c: len(c.untranslated)),
    ("marked in the code, missing from the catalog", lambda c: _count(c.missing)),
    ("in the catalog, no longer in the code", lambda c: _count(c.unused)),
    ("compiled .mo differing from the .po", lambda c: len(c.stale_compiled)),
]


def _count(entries) -> int | str:
    return "?" if entries is None else len(entries)


class Command(BaseCommand):
    help = (
        "Print how complete the translations are, in one table: the gettext catalogs against "
        "the code and their compiled files, and the translated content in the database. "
        "Exits non-zero, naming each gap, when anything is missing."
    )

    def handle(self, *args, **options) -> None:
        root = settings.BASE_DIR
        codes = translations.languages()
        catalogs = {
            code: translations.catalog_coverage(code, root=root)
            for code in codes
            if code != translations.SOURCE_LANGUAGE
        }
        content = translations.content_coverage()

        rows: list[tuple[str, list[str]] | str] = [
            "Interface strings (gettext: locale/<language>/LC_MESSAGES/django.po)"
        ]
        for index, (label, value) in enumerate(INTERFACE_ROWS):
            cells = []
            for code in codes:
                if code == translations.SOURCE_LANGUAGE:
                    cells.append("source" if index == 0 else "–")
                elif not catalogs[code].exists:
                    cells.append("no catalog" if index == 0 else "–")
                else:
                    cells.append(str(value(catalogs[code])))
            rows.append((f"  {label}", cells))
        rows.append("Content (rows that lack the language)")
        for coverage in content:
            label = f"  {coverage.label} ({coverage.rows} rows)"
            rows.append((label, [str(coverage.lacking[code]) for code in codes]))
        self.stdout.write(self.table("Translation coverage", codes, rows))

        problems = [p for c in catalogs.values() for p in c.problems(root)]
        problems += [p for coverage in content for p in coverage.problems()]
        if problems:
            self.stdout.write("\nMissing:")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            raise CommandError(f"Translations are incomplete: {len(problems)} gap(s), see above.")
        self.stdout.write(self.style.SUCCESS("\nEvery string and every row is in every language."))

    @staticmethod
    def table(title: str, codes: list[str], rows: list) -> str:
        width = max(len(title), *(len(row[0]) for row in rows if isinstance(row, tuple)))
        cell = max(10, *(len(c) for row in rows if isinstance(row, tuple) for c in row[1]))
        lines = [title.ljust(width) + "".join(code.rjust(cell + 2) for code in codes)]
        for row in rows:
            if isinstance(row, str):
                lines.append(row)
            else:
                label, cells = row
                lines.append(label.ljust(width) + "".join(c.rjust(cell + 2) for c in cells))
        return "\n".join(lines)
