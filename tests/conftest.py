import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import translation

from methods.models import Method

# One table's rows: its name, its columns and their values.
Table = tuple[str, list[str], list[tuple]]


@pytest.fixture(scope="session")
def bundled_rows(django_db_setup, django_db_blocker) -> list[Table]:
    """The rows `load_dataset` writes for the bundled dataset, loaded once per session and
    rolled back: loading validates and saves every method, half a second each time."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_dataset", verbosity=0)
        tables = [_rows(model) for model in _catalog_models()]
        transaction.set_rollback(True)
    return [table for table in tables if table[2]]


@pytest.fixture
def catalog(db, bundled_rows) -> None:
    """The bundled ScholarGate dataset, as `make run` loads it: its rows written back as they
    are (the search index follows by its triggers), and the id sequences moved past them."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in bundled_rows:
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), _catalog_models()):
            cursor.execute(sql)


def _catalog_models() -> list:
    models = apps.get_app_config("methods").get_models(include_auto_created=True)
    return [model for model in models if not model._meta.proxy]  # a proxy has no table


def _rows(model) -> Table:
    quote = connection.ops.quote_name
    columns = [field.column for field in model._meta.local_concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(model._meta.db_table)}"
        )
        return model._meta.db_table, columns, cursor.fetchall()


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
    """What is kept per catalog version (the filter menus) never crosses from one test's
    catalog into another's."""
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


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Hashing a password is slow on purpose (about half a second here); tests set many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
