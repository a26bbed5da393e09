"""The Nu Html Checker (vnu.jar) on every page the browser tests visit and on every htmx partial.

Pages come from the test client, so this needs Java and the jar (`make vnu`), not a browser.
Partials are wrapped in a minimal document: they must be valid where htmx puts them."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from methods.models import Method

ROOT = Path(__file__).resolve().parents[2]
# `make` says where the pinned jar is; run directly, pytest takes the newest one fetched.
VNU_JAR = ROOT / os.environ.get(
    "VNU_JAR", max(map(str, ROOT.glob(".tools/vnu-*/vnu.jar")), default=".tools/vnu/vnu.jar")
)
FOUR = ["qlora", "direct-preference-optimization", "latent-diffusion-models", "lora"]
WRAPPER = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
    "<title>htmx partial</title></head><body>\n{body}\n</body></html>"
)


@pytest.fixture(scope="session")
def java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.skip("no Java for the Nu Html Checker (install Debian's `default-jre-headless`)")
    if not VNU_JAR.is_file():
        pytest.skip(f"no Nu Html Checker at {VNU_JAR} (`make vnu` fetches it)")
    return java


def vnu_errors(java: str, documents: dict[str, str], folder: Path) -> list[str]:
    """Check every document in one run of the checker (the JVM takes a second to start)."""
    names = {}
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"{number:02d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--stdout", "--format", "json", *sorted(names)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stdout, run.stderr
    return [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))}, line {m.get('lastLine')}: "
        f"{m['message']}\n    {m.get('extract', '').strip()}"
        for m in json.loads(run.stdout)["messages"]
        if m["type"] in {"error", "non-document-error"}
    ]


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def htmx(target: str, page: str) -> dict:
    return {"HX-Request": "true", "HX-Target": target, "HX-Current-URL": page}


def fill_tray(client: Client, lang: str, slugs: list[str]) -> None:
    for slug in slugs:
        client.post(url("compare:add", lang), {"method": slug})


def documents(lang: str) -> dict[str, str]:
    """Each page and partial of the site in one language, as a visitor's browser gets it."""
    client = Client()
    catalog, compare = url("methods:list", lang), url("compare:page", lang)
    add, remove = url("compare:add", lang), url("compare:remove", lang)
    pages = {
        "catalog": client.get(catalog),
        "catalog, bad filters": client.get(catalog, {"q": "khuech tan", "year_from": "nope"}),
        "catalog, page 2": client.get(catalog, {"page": "2"}),
        "method page": client.get(url("methods:detail", lang, slug="qlora")),
        "comparison, empty": client.get(compare),
        "missing page": client.get(f"/{lang}/nowhere/"),
        "missing method": client.get(f"/{lang}/methods/nowhere/"),
    }
    partials = {
        "catalog results": client.get(
            catalog, {"q": "lora"}, headers=htmx("results", catalog + "?q=lo")
        ),
        "catalog, add": client.post(
            add, {"method": "qlora"}, headers=htmx("compare-qlora", catalog)
        ),
        "catalog, remove": client.post(
            remove, {"method": "qlora"}, headers=htmx("compare-qlora", catalog)
        ),
    }
    fill_tray(client, lang, FOUR[:1])
    pages["comparison, one method"] = client.get(compare)
    partials["suggestions"] = client.get(
        compare, {"q": "lora"}, headers=htmx("suggestions", compare)
    )
    partials["comparison, add"] = client.post(
        add, {"method": "lora", "m": FOUR[0]}, headers=htmx("comparison", compare)
    )
    fill_tray(client, lang, FOUR)
    pages["comparison, four methods"] = client.get(compare)
    pages["comparison, only differences"] = client.get(compare, {"diff": "1"})
    pages["comparison, shared"] = client.get(compare, {"m": "lora,adam,nowhere"})
    pages["catalog, full tray"] = client.get(catalog)
    partials["catalog, refused add"] = client.post(
        add, {"method": "adam"}, headers=htmx("compare-adam", catalog)
    )
    qlora = url("methods:detail", lang, slug="qlora")
    client.post(add, {"method": "adam", "next": qlora})  # a page that does not show Adam
    pages["method page, a refusal said over it"] = client.get(qlora)
    shown = ",".join(FOUR)
    partials["comparison, over the limit"] = client.post(
        add, {"method": "adam", "m": shown}, headers=htmx("comparison", compare)
    )
    partials["comparison, toggle"] = client.get(
        compare, {"m": shown, "diff": "1"}, headers=htmx("comparison", compare)
    )
    partials["comparison, remove"] = client.post(
        remove, {"method": "lora", "m": shown}, headers=htmx("comparison", compare)
    )
    # A page that showed another table (another tab changed the tray) gets the whole table.
    partials["comparison, redrawn"] = client.post(
        remove, {"method": "adam", "m": "qlora"}, headers=htmx("comparison", compare)
    )
    pages["comparison, after a swap"] = client.get(compare)

    editor = User.objects.create_superuser(f"editor-{lang}", password="a long editor password")
    client.force_login(editor)
    client.cookies["django_language"] = lang
    method = Method.objects.get(slug="qlora")
    pages["admin, method change form"] = client.get(
        reverse("admin:methods_method_change", args=[method.pk]), headers={"Accept-Language": lang}
    )

    for name, response in {**pages, **partials}.items():
        expected = 404 if name.startswith("missing") else 200
        assert response.status_code == expected, f"{name}: HTTP {response.status_code}"
    wrapped = {name: WRAPPER.format(lang=lang, body=r.text) for name, r in partials.items()}
    return {**{name: r.text for name, r in pages.items()}, **wrapped}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_and_partial_is_valid_html(java, catalog, lang, tmp_path):
    # A broken document among them proves that the checker read the files and reports errors.
    control = "control, broken on purpose"
    checked = {**documents(lang), control: WRAPPER.format(lang=lang, body="<p><div></p>")}
    errors = vnu_errors(java, checked, tmp_path)
    assert any(error.startswith(control) for error in errors), "the checker checked nothing"
    errors = [error for error in errors if not error.startswith(control)]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
