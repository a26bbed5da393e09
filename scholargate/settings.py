"""ScholarGate settings, read from the environment (12-factor).

Embedded defaults serve a development site from a SQLite file next to manage.py;
production sets DJANGO_DEBUG=False, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and,
to scale out, DATABASE_URL.
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def source_digest(*folders: str) -> str:
    """A digest of the code, templates and translations: what a release serves."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((BASE_DIR / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".mo", ".css", ".js"}:
                digest.update(path.relative_to(BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


DEBUG = env_bool("DJANGO_DEBUG", False)

# What is served changes with the release: derived data (the dataset download) is kept per
# release, so a deploy never serves what older code wrote. A deployer may name it instead.
RELEASE = os.environ.get("SCHOLARGATE_RELEASE") or source_digest(
    "scholargate", "methods", "compare", "templates", "locale", "static"
)
# Where the dataset download is written once per catalog version (methods.download).
DATASET_DOWNLOAD_DIR = Path(os.environ.get("DJANGO_DATASET_DIR") or BASE_DIR / "var" / "dataset")

# The development key is refused by scholargate.wsgi/asgi and by `check --deploy` when
# DEBUG is off, so a production server never starts with it (scholargate.production).
DEV_SECRET_KEY = "django-insecure-scholargate-development-only"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so its admin integration wins
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "reversion",  # the catalog's revisions (methods.history)
    "django_tasks_db",  # tasks kept in the database, run by `manage.py task_worker`
    "scholargate",  # site-wide commands: backups, deploy checks
    # Tooling: the translation commands. An app's command wins over Django's own of the same
    # name (makemessages, compilemessages), and an app listed earlier over one listed later.
    "tools",
    "methods",
    "compare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed ahead of time
    # Pages are compressed as they go out; masked CSRF tokens and the random bytes Django adds
    # to each gzip header keep BREACH from reading secrets out of the sizes.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "scholargate.middleware.friendly_method_not_allowed",
    "scholargate.middleware.DatabaseOutage",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "scholargate.urls"
WSGI_APPLICATION = "scholargate.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scholargate.context_processors.page",
                "compare.context_processors.tray",
            ],
        },
    },
]

# The catalog's history keeps a method's typed relations (methods.serialization).
SERIALIZATION_MODULES = {"catalog-json": "methods.serialization"}

# Work too long for a request (undoing a large import, building the dataset download) runs as a
# task (methods.tasks), kept in the database until `manage.py task_worker` does it: `make serve`
# and `make run` start one beside the web server. The tests run each task as it is enqueued.
# Any queue: each server's dataset builds have a queue of their own (methods.download.queue).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers wait (up to the timeout) instead of failing. A search or a
    # filtered page of a large catalog reads most of its rows: read through a memory map and
    # kept in a 64 MB page cache per connection, not copied in by a system call each time
    # (a third faster at 10,000 methods). Writers take turns (scholargate.sqlite).
    DATABASES["default"]["ENGINE"] = "scholargate.sqlite"
    # The tests' database in memory, as for Django's own SQLite backend (pytest-django gives it
    # a file name per test worker when it does not know the backend).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails a request within seconds (a 503 page), rather
    # than holding a worker for as long as the system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese first, English second; msgids are English.
LANGUAGE_CODE = "vi"
# Vietnamese dates as a sentence writes them (scholargate/formats/vi/formats.py).
FORMAT_MODULE_PATH = ["scholargate.formats"]
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("vi", "en")}

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Pages name static files by their hashed names alone: compressing the originals too doubled
# the time `collectstatic` takes at every deploy (7 s to 4 s).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# The cache holds only what is keyed on data versions (the catalog's filter menus), in each
# process's memory with a bound, or in Redis; every key carries the release, so a deploy never
# reads what the previous code wrote, and the catalog's version, so a Redis that comes back with
# old entries can never serve a stale menu.
# Redis is an accelerator, never a dependency: when it cannot be reached, django-redis answers
# every read as a miss and skips every write (IGNORE_EXCEPTIONS), within a short timeout, and
# uses it again as soon as it answers. Sessions (the compare tray) stay in the database that
# every app process shares: a session cached in Redis would come back stale after a Redis outage
# (a change saved meanwhile reached the database alone), so Redis holds nothing it cannot lose.
SESSION_ENGINE = "scholargate.sessions"  # Django's database sessions
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": RELEASE,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    # Pieces of pages drawn once per method, catalog version and language (a catalog card, a
    # method as the comparison reads it and its column there), in each process's memory: room
    # for every method of a 10,000-method catalog in both languages. Keys name the method, the
    # language and the catalog's version, never anything a request sends.
    # FRAGMENT_CACHE_ENTRIES=0 turns it off (to measure without it).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "KEY_PREFIX": RELEASE,
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("FRAGMENT_CACHE_ENTRIES", "25000"))},
    },
}
if CACHES["fragments"]["OPTIONS"]["MAX_ENTRIES"] == 0:
    CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES["default"].update(
        BACKEND="django_redis.cache.RedisCache",
        LOCATION=REDIS_URL,
        OPTIONS={
            "IGNORE_EXCEPTIONS": True,
            # A Redis that does not answer costs a cache call at most this long, and then
            # is left alone for a few seconds (scholargate.outages.PausingConnection).
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
            "CONNECTION_POOL_CLASS": "scholargate.outages.PausingConnectionPool",
        },
    )
# Each ignored failure is logged, through a filter that lets one line a minute through
# (scholargate.outages.OncePerInterval), not one per request.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "scholargate.cache"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), not the cookie
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# How many proxies of ours stand in front (each appends to X-Forwarded-For); 0: none, and
# X-Forwarded-For is ignored because a client can write anything into it.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
# Likewise X-Forwarded-Proto: only a proxy of ours, which overwrites it, may say that the
# visitor came over HTTPS. With none, it would be the client's word for request.is_secure().
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
SECURE_SSL_REDIRECT = not DEBUG and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
# Both bind every subdomain of the deployer's domain to HTTPS, preload for as long as browsers
# ship the list: the deployer's choice to make, so off unless asked for (and `check --deploy`
# does not nag about them).
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG and env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = not DEBUG and env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "scholargate.views.csrf_failure"

# Admin login throttling (django-axes): an address that fails 5 times waits 15 minutes.
# Locking by address, not by account, so nobody can lock an editor out by guessing wrong.
AUTHENTICATION_BACKENDS = [
    "scholargate.throttling.LoginThrottle",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "scholargate.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "scholargate.throttling.client_ip"
AXES_USERNAME_CALLABLE = "scholargate.throttling.recorded_username"
AXES_VERBOSE = False  # no banner on every command; lockouts are still logged

SECURE_CSP = {
    "default-src": [CSP.SELF],
    # Every script is a file of our own: no inline script, so no nonce (and pages can be cached).
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"once_a_minute": {"()": "scholargate.outages.OncePerInterval", "seconds": 60}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"scholargate.cache": {"filters": ["once_a_minute"]}},
}

# How many methods the compare tray holds.
COMPARE_MAX_METHODS = int(os.environ.get("COMPARE_MAX_METHODS", "4"))
# Catalog page size.
METHODS_PER_PAGE = 20

# modeltranslation's tabbed admin loads jQuery UI from a CDN unless told otherwise:
# ScholarGate serves its own copy (static/vendor/jquery-ui, version 1.14.2 from npm).
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
