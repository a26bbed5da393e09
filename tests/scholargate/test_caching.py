"""What is kept between requests: nothing a request can name, and nothing older than the code."""

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches

from methods import download, memo
from tests.helpers import url

ROOT = Path(__file__).resolve().parents[2]


def kept_keys() -> set[str]:
    """What the shared caches and this process keep (methods.memo)."""
    shared = {key for cache in caches.all() if hasattr(cache, "_cache") for key in cache._cache}
    return shared | set(memo._kept)


def test_addresses_nobody_asked_for_before_leave_nothing_behind(client, catalog, settings):
    """Each new query string once added a whole page to a shared cache, without bound. Now
    what is kept is named by the catalog's version (its filter menus, the names a search
    offers, the properties), never by what a request sends."""
    client.get(url("methods:list", "en"), {"q": "transfomer"})  # and the names search offers
    client.get(url("compare:page", "en"), {"m": "lora,qlora"})  # and the vocabulary it shows
    kept = kept_keys()
    assert {"search:vocabulary", "vocabulary:en", "options:field:en:"} <= kept
    for _ in range(30):
        junk = uuid.uuid4().hex
        client.get(url("methods:list", "en"), {"q": junk, "field": junk, "x": junk})
        client.get(url("compare:page", "en"), {"m": "lora,qlora", "x": junk})
    assert kept_keys() == kept


def test_a_new_release_writes_the_dataset_download_anew(client, catalog, settings):
    """Derived files are kept per release: a deploy never serves what older code wrote."""
    first = client.get(url("methods:dataset", "en"))
    settings.RELEASE = "next-release"
    second = client.get(url("methods:dataset", "en"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert "next-release" in download.current_version()


@pytest.mark.system  # a Python process of its own
def test_the_site_imports_where_there_is_no_fcntl():
    """fcntl is POSIX only; a tray lock built on it made the site fail to import on Windows."""
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "import django; django.setup()\n"
        "import scholargate.urls, compare.views, methods.views"
    )
    env = {"DJANGO_SETTINGS_MODULE": "scholargate.settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
