"""One settings module, configured by environment variables (see .env.example).

Local development needs no configuration: SQLite under var/, debug on, console e-mail.
Production (DEBUG off) refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("ALLIANCE87_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from NAME, or from the file named by NAME_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip() for item in (os.environ.get(name, default) or "").split(",") if item.strip()
    ]


TESTING = env_bool("ALLIANCE87_TESTING", "pytest" in sys.modules)
# Fails closed: without DEBUG=true this is production. `make run` sets it; under pytest it
# defaults on, and a test that wants production settings sets DEBUG=false itself.
DEBUG = env_bool("DEBUG", TESTING)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000") or ""

INSTALLED_APPS = [
    "alliance87.core.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "template_partials",
    "ninja",
    "alliance87.core",
    "alliance87.partners",
    "alliance87.pathfinders",
    "alliance87.groups",
    "alliance87.governance",
    "alliance87.results",
    "alliance87.risk",
    "alliance87.knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alliance87.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "alliance87.core.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "alliance87.core.middleware.LoginForAnonymousMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into our 429 page
]

ROOT_URLCONF = "alliance87.urls"
WSGI_APPLICATION = "alliance87.wsgi.application"

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
                "alliance87.core.context_processors.platform",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'alliance87.sqlite3'}"
# Persistent connections in production (a new PostgreSQL connection per request cost about
# half of a public page's time under load, docs/benchmarks.md); checked before reuse.
# Development and tests open one per request (DB_CONN_MAX_AGE=0).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
            "timeout": 20,
            # A transaction takes the write lock when it begins, so the worker and the web
            # server wait for each other (up to the timeout) instead of failing at once with
            # "database is locked" when a read-then-write transaction meets another writer.
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or client
    "django.contrib.auth.backends.ModelBackend",
    "alliance87.core.permissions.SecretariatBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many users: a fast hasher there only; production always uses Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Set-password links (approval of a partner, invitations) stay valid this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_TIMEOUT", 7 * 24 * 3600)
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
# Sign-in protection (django-axes, decision 0003): after LOGIN_RATE_LIMIT failures for one
# account, or from one client address, both are refused for LOGIN_RATE_WINDOW seconds. The
# counts live in the shared cache below, so every worker sees the same ones.
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 5)
LOGIN_RATE_WINDOW = env_int("LOGIN_RATE_WINDOW", 300)
# The client behind a TLS-terminating proxy (docs/operations.md): either the number of
# proxies in front of the application, or their addresses/networks. Neither set: the
# connection's peer is the client and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
if TRUSTED_PROXY_COUNT and TRUSTED_PROXIES:
    raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT or TRUSTED_PROXIES, not both")
try:
    TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(p, strict=False) for p in TRUSTED_PROXIES]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc
AXES_FAILURE_LIMIT = "alliance87.core.signin.failure_limit"  # LOGIN_RATE_LIMIT, read when used
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_RATE_WINDOW)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account, per client
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CLIENT_IP_CALLABLE = "alliance87.core.signin.client_ip"
AXES_USERNAME_CALLABLE = "alliance87.core.signin.username"
AXES_LOCKOUT_CALLABLE = "alliance87.core.signin.locked_out"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
# Each app keeps its catalogue in <app>/locale/; the language switcher shows each language
# in its own name, so the project itself has no strings of its own. locale/ holds only
# Django's own strings in Brazilian Portuguese (Django's "pt" is European: "palavra-passe").
LOCALE_PATHS: list[Path] = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")) or "")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")) or "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The largest file a form accepts (core.files.UploadField), and the largest partner logo.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
LOGO_MAX_BYTES = env_int("LOGO_MAX_MB", 2) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest dataset the risk model app accepts (resumable uploads, docs/risk.md).
RISK_UPLOAD_MAX_BYTES = env_int("RISK_UPLOAD_MAX_BYTES", 4 * 1024**3)
# The no-JavaScript upload form (one request), a run's stability draws, a support letter.
RISK_PLAIN_UPLOAD_MAX_BYTES = env_int("RISK_PLAIN_UPLOAD_MAX_BYTES", 1024**3)
RISK_STABILITY_DRAWS = env_int("RISK_STABILITY_DRAWS", 200)
RISK_LETTER_MAX_BYTES = env_int("RISK_LETTER_MAX_BYTES", 10 * 1024 * 1024)
# A Spark master (spark://host:7077, yarn, local[4]) offers the Spark engine for model runs.
RISK_SPARK_MASTER = env_str("RISK_SPARK_MASTER", "") or ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def cache_settings(redis_url: str | None, testing: bool) -> dict:
    """The shared cache (sign-in counts, rate limits): Redis when REDIS_URL is set (e.g.
    redis://127.0.0.1:6379/0), else a table in the database (``createcachetable``, which
    ``bootstrap`` runs); both are seen by every worker. The test suite uses memory (one
    process, cleared before each test), whatever REDIS_URL says."""
    if testing:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if redis_url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "alliance87_cache",
    }


REDIS_URL = env_str("REDIS_URL")
CACHES = {"default": cache_settings(REDIS_URL, TESTING)}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
        if not TESTING
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

EMAIL_URL = env_str("EMAIL_URL")  # smtp://user:password@host:587 (smtp+ssl:// for TLS on connect)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alliance 8.7 <no-reply@alliance87.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _email = urlparse(EMAIL_URL)
    if _email.scheme not in {"smtp", "smtp+tls", "smtp+ssl"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtp+tls:// or smtp+ssl://")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email.scheme == "smtp+ssl"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security headers. The Content-Security-Policy forbids inline script everywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

NINJA_PAGINATION_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
