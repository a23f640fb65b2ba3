"""Django settings. Everything a deployment changes comes from the environment (see README: Configuration)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from skillpath.config.keyfile import generated_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SKILLPATH_VAR", Path.cwd() / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


DEBUG = _flag("SKILLPATH_DEBUG")
# Production mode: HTTPS settings default to on, and start-up checks refuse unsafe set-ups (docs/operations.md).
PRODUCTION = _flag("SKILLPATH_PRODUCTION")
DEMO = _flag("SKILLPATH_DEMO")  # set by `skillpath demo`: its e-mails may go to the console
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Development and demo only: a stable key kept beside the database (0600). Production sets SECRET_KEY.
    SECRET_KEY = generated_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_ratelimit",
    "csp",
    "axes",
    "skillpath.people",
    "skillpath.content",
    "skillpath.authoring",
    "skillpath.learning",
    "skillpath.credentials",
    "skillpath.insights",
    "skillpath.analytics",
    "skillpath.integrations",
    "skillpath.operations",
    "skillpath.nudges",
    "skillpath.sso",
    "skillpath.coaching",
    "skillpath.web",
    "skillpath.demo",
    "skillpath.api",
    "ninja",  # serves the API docs' Swagger UI from its own static files (no CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "skillpath.config.security.BodyLimitMiddleware",  # before anything reads the body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "skillpath.config.security.NulRefusalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "skillpath.people.language.LanguageMiddleware",  # the person's language, else the browser's; their time zone
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "skillpath.config.urls"
WSGI_APPLICATION = "skillpath.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, Any]:
    """Django's DATABASES entry for a URL; SQLite gets WAL, immediate transactions and a busy timeout."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0 if "sqlite" in url else 60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,  # seconds a writer waits for another (an import's final transaction) before failing
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Django turns psycopg's prepared statements off unless told; only the statements bound on the server
        # (``skillpath.sql.cursor``: the answer path's) are prepared, after this many runs on a connection.
        prepare = os.environ.get("SKILLPATH_PG_PREPARE_AFTER", "5")  # psycopg's own default
        if not prepare.isdigit():
            raise ImproperlyConfigured(
                f"SKILLPATH_PG_PREPARE_AFTER must be a whole number of runs (0: never prepare), not {prepare!r}"
            )
        config["OPTIONS"] = {"prepare_threshold": int(prepare) or None}
    return config


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": database_from_url(f"sqlite:///{VAR_DIR / 'skillpath.sqlite3'}")}

# Background work (django.tasks API, the django-tasks backport). "database" (default): a table in the
# same database and `skillpath worker`; "rq": Redis queues (REDIS_URL) and RQ workers, for scale-out;
# "immediate": run at once, in the request (tests and tiny set-ups).
TASK_QUEUES = ["default", "delivery", "nightly"]
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES},
}
TASKS = {"default": _TASK_BACKENDS[os.environ.get("SKILLPATH_TASKS", "database")]}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {name: {"URL": REDIS_URL} for name in TASK_QUEUES}

# Where this SkillPath is reached from outside: credential ids, issuer profiles and QR codes point here.
PUBLIC_URL = os.environ.get("SKILLPATH_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Encrypts organizations' private signing keys at rest. Set it in production and keep it apart from backups.
KEY_SECRET = os.environ.get("SKILLPATH_KEY_SECRET", "") or SECRET_KEY

DEMO_CONTENT = os.environ.get("SKILLPATH_DEMO_CONTENT", str(BASE_DIR.parent.parent / "content" / "northwind-academy"))

# django-ratelimit warns about any cache but memcached and django-redis; Django's Redis and, within one process,
# its local-memory cache both count correctly.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "skillpath.people.accounts.LockoutBackend",  # django-axes: refuses sign-ins (site and /admin/) while locked
    "skillpath.sso.backends.SsoOnlyGuard",  # no password sign-in for organizations that chose SSO only
    "skillpath.people.backends.MemberBackend",  # passwords; loads the person with the user
    "django.contrib.auth.backends.ModelBackend",  # only for sessions signed in before MemberBackend existed
]
# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or from one
# client address, signing in is refused until AXES_COOLOFF_TIME has passed since the last failure.
AXES_FAILURE_LIMIT = int(os.environ.get("SKILLPATH_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SKILLPATH_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: an account, and an address
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends when promised
AXES_LOCKOUT_CALLABLE = "skillpath.people.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "skillpath.config.security.client_ip"
AXES_VERBOSE = False
# Trusted reverse proxies in front of SkillPath (each appends to X-Forwarded-For); 0: clients connect directly.
PROXY_COUNT = int(os.environ.get("SKILLPATH_PROXY_COUNT", "0"))
# Rate limits of anonymous endpoints (django-ratelimit), counted in the default cache.
RATELIMIT_VIEW = "skillpath.config.security.rate_limited"
RATELIMIT_IP_META_KEY = "skillpath.config.security.client_ip"
CACHE_URL = os.environ.get("SKILLPATH_CACHE_URL", "")
# Sessions are read from the cache, written through to the database, when the processes share a cache (Redis);
# with one process's memory as the cache they stay in the database (a sign-out must reach every process).
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if CACHE_URL else "db")
CACHES = {
    # One process's memory by default; with several server processes give them a shared Redis cache.
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "skillpath"}
}

# Request bodies: everything a stranger can send is bounded before it is read (413). Views that take
# uploads raise their own bound (people CSV: 2 MB, see skillpath.config.security.body_limit).
MAX_REQUEST_BYTES = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 1

# Invitations of people created without a password (import, admin): days a set-password link stays valid.
# A tenant's people import may take over accounts outside any organization (and staff accounts) only if
# the platform operator allows it.
IMPORT_MAY_CLAIM_ACCOUNTS = _flag("SKILLPATH_IMPORT_MAY_CLAIM_ACCOUNTS")
INVITATION_DAYS = int(os.environ.get("SKILLPATH_INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The interface's languages: a person's own setting first, then what their browser asks for (docs/i18n.md).
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
# Each app keeps its catalogue in its own locale/; the core and config (not Django apps) keep their own.
LOCALE_PATHS = [
    BASE_DIR / "domain" / "locale",
    BASE_DIR / "domain" / "content" / "locale",
    BASE_DIR / "config" / "locale",  # the request-level refusals (skillpath.config.security)
]
# Dates and times as each language writes them (English: "7 Dec 2026", 24-hour clock); see config/formats.
FORMAT_MODULE_PATH = ["skillpath.config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here once `serve` has collected
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # No manifest: pages render before (or without) collectstatic; `skillpath serve` collects and compresses.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SkillPath <no-reply@skillpath.local>")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS (docs/operations.md, "Production"): on by default in production mode, each can be set on its own.
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers' health checks may come in plain HTTP
SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = _flag("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD")
# Behind a proxy that terminates TLS: the header it sets, e.g. "X-Forwarded-Proto: https".
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    _name, _, _value = _proxy_header.partition(":")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())

# Content-Security-Policy (django-csp): everything from this origin, no inline script or style, no eval,
# no plugins, no framing. Templates keep styles in skillpath.css and scripts in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
