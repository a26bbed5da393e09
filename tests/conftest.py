import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from methods.models import Method


@pytest.fixture
def catalog(db) -> None:
    """The bundled ScholarGate dataset, as `make run` loads it."""
    call_command("load_dataset", verbosity=0)


@pytest.fixture
def seed_methods(catalog) -> list[Method]:
    """The three methods of the page ScholarGate grew from, in the seed's order."""
    slugs = ["qlora", "direct-preference-optimization", "latent-diffusion-models"]
    by_slug = {m.slug: m for m in Method.objects.for_comparison().filter(slug__in=slugs)}
    return [by_slug[slug] for slug in slugs]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Rendered pages are cached: every test starts from nothing."""
    cache.clear()


@pytest.fixture(autouse=True)
def test_server_settings(settings):
    """Tests talk plain HTTP to a server without `collectstatic` (so no hashed-name manifest)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def dataset_download_dir(settings, tmp_path):
    """Each test writes the dataset download afresh, in a folder of its own."""
    settings.DATASET_DOWNLOAD_DIR = tmp_path / "dataset"
