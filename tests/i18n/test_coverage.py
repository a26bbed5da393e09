"""`manage.py translation_coverage`: one table, and a failure that names every gap."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.factories import MethodFactory
from tools.translations import NOT_SOURCE, catalog_path

pytestmark = pytest.mark.django_db

CATALOG = Path("vi") / "LC_MESSAGES" / "django.po"


def coverage(capsys) -> tuple[bool, str]:
    """Whether the command passed, and what it printed."""
    try:
        call_command("translation_coverage")
    except CommandError:
        return False, capsys.readouterr().out
    return True, capsys.readouterr().out


def row(output: str, label: str) -> list[str]:
    """The table's cells (one per language) on the row with this label."""
    line = next(line for line in output.splitlines() if line.strip().startswith(label))
    return line.split()[-len(settings.LANGUAGES) :]


@pytest.fixture
def locale_copy(tmp_path, settings) -> Path:
    """A copy of the catalogs that the site and the command use instead of the real ones."""
    copy = tmp_path / "locale"
    shutil.copytree(Path(settings.LOCALE_PATHS[0]), copy)
    settings.LOCALE_PATHS = [copy]
    return copy


def test_the_bundled_dataset_and_the_catalogs_are_complete(catalog, capsys):
    passed, output = coverage(capsys)
    assert passed, output
    translated = len(polib.pofile(str(catalog_path("vi"))).translated_entries())
    assert row(output, "translated") == [str(translated), "source"]
    assert row(output, "marked in the code, missing from the catalog") == ["0", "–"]
    assert row(output, "Method.summary") == ["0", "0"]
    assert "Every string and every row is in every language." in output


def test_content_lacking_a_language_fails_and_names_the_rows(capsys):
    MethodFactory(name="Half translated", summary_en="")
    # Names are not translated, and aliases are the other names each language uses.
    MethodFactory(vietnamese_name="", aliases_vi="Chỉ tiếng Việt", aliases_en="")
    passed, output = coverage(capsys)
    assert not passed
    assert row(output, "Method.summary (2 rows)") == ["0", "1"]
    assert "Method.summary: 1 row lacks en: Half translated." in output
    assert "Method.name" not in output and "Method.aliases" not in output


def test_a_string_added_to_a_template_but_not_to_the_catalog_fails_naming_it(
    tmp_path, settings, capsys
):
    site = tmp_path / "site"
    shutil.copytree(
        settings.BASE_DIR,
        site,
        ignore=shutil.ignore_patterns(
            ".*", "*.sqlite3*", "__pycache__", *(d for d in NOT_SOURCE if d != "locale")
        ),
    )
    template = site / "templates" / "methods" / "detail.html"
    template.write_text(
        template.read_text().replace(
            "{% endblock %}", '<p>{% translate "Cite this method" %}</p>{% endblock %}'
        )
    )
    settings.BASE_DIR = site
    settings.LOCALE_PATHS = [site / "locale"]
    before = (site / "locale" / CATALOG).read_text()
    passed, output = coverage(capsys)
    assert not passed
    assert row(output, "marked in the code, missing from the catalog") == ["1", "–"]
    assert (
        "vi: “Cite this method” in templates/methods/detail.html is marked in the code but "
        "missing from locale/vi/LC_MESSAGES/django.po: run `make messages` and translate it."
    ) in output
    assert (site / "locale" / CATALOG).read_text() == before  # checked, never changed


def test_fuzzy_untranslated_and_uncompiled_strings_fail_naming_them(locale_copy, capsys):
    catalog = polib.pofile(str(locale_copy / CATALOG))
    catalog.find("Clear all").flags.append("fuzzy")
    catalog.find("Compare methods").msgstr = ""
    catalog.find("Summary").msgstr = "Tóm lược"
    catalog.save()
    passed, output = coverage(capsys)
    assert not passed
    assert row(output, "fuzzy") == ["1", "–"]
    assert row(output, "untranslated") == ["1", "–"]
    assert row(output, "compiled .mo differing from the .po") == ["3", "–"]
    for gap in [
        "vi: “Clear all” is fuzzy: check its translation, then remove the fuzzy mark.",
        "vi: “Compare methods” is not translated.",
        "LC_MESSAGES/django.mo differs from the .po for “Summary”: run `make messages`",
    ]:
        assert gap in output


def test_a_catalog_compiled_by_another_tool_is_not_stale(locale_copy, settings, capsys):
    """The comparison reads the compiled strings, not the bytes msgfmt happens to write."""
    catalog = polib.pofile(str(locale_copy / CATALOG))
    compiled = (locale_copy / CATALOG).with_suffix(".mo")
    catalog.save_as_mofile(str(compiled))
    by_msgfmt = settings.BASE_DIR / "locale" / CATALOG.with_suffix(".mo")
    assert compiled.read_bytes() != by_msgfmt.read_bytes()
    passed, output = coverage(capsys)
    assert passed, output


def test_without_gettext_the_catalogs_count_as_unchecked(monkeypatch, capsys):
    monkeypatch.setattr("tools.translations.shutil.which", lambda program: None)
    passed, output = coverage(capsys)
    assert not passed
    assert row(output, "marked in the code, missing from the catalog") == ["?", "–"]
    assert "GNU gettext is not installed (apt-get install gettext" in output
