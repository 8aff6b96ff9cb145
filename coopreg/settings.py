"""Settings for Coopreg, read from the environment.

Development needs no environment at all (SQLite, DEBUG on). Production sets
DJANGO_ENV=production plus SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; a missing or
malformed value stops the process at start-up rather than running half-configured.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_str("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

# The demo banner: `make run` loads invented data and says so on every page.
DEMO_MODE = env_bool("COOPREG_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Tom Select, shipped inside the package, for the search-box pickers (core.pickers): only
    # its static files and autocomplete view are used, not its widget templates (inline scripts).
    "django_tomselect",
    "simple_history",
    "axes",
    "core",
    "demo",
    "accounts",
    "units",
    "cooperatives",
    "ocop",
    "reports",
    "imports",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers of the "Browser security headers" block below, on every response.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and the user are read: it decides, per request, whether reads may
    # go to the read replica, and pins a user who just wrote to the primary (core.replica).
    "core.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Puts request.user on every history row written while serving a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out log-in into the answer of
    # accounts.lockout.lockout_response (429), whichever door it came through.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coopreg.urls"
WSGI_APPLICATION = "coopreg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database connections ---------------------------------------------------------------
# A worker keeps its connection for CONN_MAX_AGE seconds instead of opening one per request;
# CONN_HEALTH_CHECKS tests a kept connection before a request reuses it, so a connection the
# database (or a restart, or a firewall) dropped is replaced quietly instead of costing that
# request a 500. Development keeps 0: runserver's threads would each hold one open.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the indicator engine's wide aggregate queries for longer than
    # they run (bench/plan_results.py: the plan for 50,000 collectives took twice as long).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")


# --- Read replica (core.replica) --------------------------------------------------------
# DATABASE_REPLICA_URL adds a `replica` database, a PostgreSQL streaming replica of the
# primary. Safe reads of the leadership pages and the API (REPLICA_READ_PATHS) of data
# (REPLICA_APPS) go to it; who the user is (sessions, users, tokens, log-in attempts),
# every write and everything inside a transaction stay on the primary, and so does every
# read of a user for REPLICA_PIN_SECONDS after any non-safe request of theirs (the pin is
# kept in the shared cache, so every app server honours it). Tests point it at the primary
# itself (TEST MIRROR).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(env_str("DATABASE_REPLICA_URL"),
                                conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
REPLICA_READ_PATHS = ("/reports/", "/api/")
REPLICA_APPS = ("core", "units", "cooperatives", "ocop", "reports")
# Longer than the replica ever lags behind (seconds on a healthy one; monitor
# pg_stat_replication.replay_lag).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30, minimum=1)

# --- Cache (core.cache) and sessions -----------------------------------------------------
# Redis when REDIS_URL is set: one cache shared by every app server (the figures keyed by
# the data version, the replica pins, the sessions). Without it (development, tests), each
# process keeps its own in memory; the figures stay right (the version is in the
# database), they are only not shared.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TIMEOUT = env_int("CACHE_TIMEOUT", 3600, minimum=1)  # a bound on memory, not the freshness rule
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": CACHE_TIMEOUT,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "coopreg"),
            # A Redis that does not answer fails the request quickly instead of hanging it.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    # Read from Redis, written through to the database: a session survives a Redis restart
    # or eviction, and a logout is final on every server.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": CACHE_TIMEOUT}}
    # Not cached_db: a cache per process would keep a logged-out session alive in the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
if PRODUCTION and "replica" in DATABASES and not REDIS_URL:
    raise ImproperlyConfigured("DATABASE_REPLICA_URL needs REDIS_URL: the pins to the primary after a write "
                               "must be seen by every app server.")
# The apps whose tables figures are computed from: a write to any of them moves the data version.
DATA_VERSION_APPS = ("units", "cooperatives", "ocop", "reports")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- Log-in throttling (django-axes) -----------------------------------------------------
# Every door that checks a password (the log-in page, the admin's, POST /api/v1/auth/token/)
# goes through django.contrib.auth.authenticate, so one lock covers them all: after
# LOGIN_FAILURE_LIMIT wrong passwords for one user name from one address, that user name is
# refused from that address (429, even with the right password) for LOGIN_COOLOFF_MINUTES.
# Per user *and* address: an officer mistyping does not lock colleagues behind the same office
# address, and nobody can lock someone else's account from elsewhere. Failures are kept in
# the database (axes' AccessAttempt; the admin can delete one to unlock early), so every
# worker process sees the same count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the user's scope with the user. A session signed in before it
    # replaced ModelBackend here names that path, which is no longer listed: that user signs
    # in once more.
    "accounts.backends.UserBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a success forgets earlier typos
# A try during the lock starts the cool-off again: hammering never gets through, and the
# Retry-After of each refusal (accounts.lockout) is exact.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
# How many reverse proxies stand in front of the app: the client's address is then the one
# the outermost of ours wrote into X-Forwarded-For (a client can prepend anything there, so
# only our proxies' entries are believed). 0: REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English one click away (LocaleMiddleware + set_language).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers are grouped explicitly with the `vn` template filters; a global thousand
# separator would also group years and ids (2.023) wherever they are printed.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- API tokens (django-rest-knox) --------------------------------------------------------
# `Authorization: Token <key>` as before, but each token is stored hashed, lives
# API_TOKEN_TTL_DAYS days, a user may hold several (one per script) and list and revoke them
# (/api/v1/auth/tokens/, /accounts/), and all of them are revoked when the user logs out of
# the site or their password changes (accounts.tokens).
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30, minimum=1)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,  # a token's end date is fixed when issued: a leaked one dies on time
}

# django-filter's empty choice, as in every form (core.forms.EMPTY_CHOICE).
FILTERS_EMPTY_CHOICE_LABEL = _("— chọn —")

REST_FRAMEWORK = {
    # Token first: DRF answers an anonymous request with the first class's
    # WWW-Authenticate header, which makes it a 401 (api.md) rather than a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.filters.OrderingFilter",  # names in Vietnamese order
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",  # adds each operation's error responses
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Coopreg API",
    "DESCRIPTION": "Registry of cooperatives, cooperative groups and OCOP products; plan indicators.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Names for enums whose field name alone says little ("unit", "type").
    "ENUM_NAME_OVERRIDES": {
        "IndicatorUnitEnum": "reports.api.serializers.INDICATOR_UNITS",
        "IndicatorKindEnum": "reports.api.serializers.INDICATOR_KINDS",
        "HistoryTypeEnum": "core.api.serializers.HISTORY_TYPES",
        # A plan result's `status` and `provisional_status` share one choice set.
        "ResultStatusEnum": "reports.models.Status",
        "ApprovalStateEnum": "cooperatives.models.ApprovalState",
    },
}

# Domain settings (domain.md, "Decisions"): rules that are policy, not code.
COOPREG: dict[str, Any] = {
    # "Operating effectively" (hoạt động hiệu quả): classifications that count.
    "EFFECTIVE_CLASSIFICATIONS": ("good", "fair"),
    # An OCOP rating is valid this many months after its decision unless stated.
    "OCOP_RATING_VALIDITY_MONTHS": 36,
    # Ratings lapsing within this many days are flagged.
    "OCOP_LAPSING_DAYS": 180,
    # Deadlines, as (month, day) of the year after / of the year reported.
    "ANNUAL_REPORT_DEADLINE": (1, 15),
    "SELF_SCORING_DEADLINE": (12, 15),
    # The years the registry speaks of: every year typed, filtered on, imported or stored
    # lies in this range (core.validation.year_range; figures also stop at next year).
    "YEARS": (1990, 2100),
    # A target is judged on a year's annual reports only when at most this share of the
    # collectives due to report have not (reports.completeness; docs/indicators.md).
    "REPORTS_MISSING_MAX_SHARE": 0.1,
    # Liberation Serif 2 (Debian fonts-liberation2), embedded in the PDF report (reports.documents).
    "DOCUMENT_FONT_DIR": os.environ.get("COOPREG_DOCUMENT_FONT_DIR", "/usr/share/fonts/truetype/liberation2"),
    # The year's roll-up up the hierarchy (of the year reported): district, then province.
    "DISTRICT_ROLLUP_DEADLINE": (12, 18),
    "PROVINCE_ROLLUP_DEADLINE": (12, 21),
    # send_reminders mails officers of units overdue or due within this many days.
    "REMINDER_DAYS": 7,
}

# --- Browser security headers -----------------------------------------------------------
# Content-Security-Policy: the pages load scripts, styles, images and fonts from this site
# only and run no inline script or style (htmx's injected indicator style is switched off in
# base.html's htmx-config and lives in app.css). The API docs page alone is allowed inline
# styles and data: images (coopreg/api_urls.py: Swagger UI's page carries an inline <style>
# and its CSS draws icons as data: SVG); it still runs no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy: the register needs none of the browser's powerful features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}

# Mail (manage.py send_reminders): printed to the console in development; in production
# sent over SMTP with the settings of the environment.
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "coopreg@localhost")
# The address the mails link to (they are read outside any request).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if PRODUCTION else "WARNING"},
}

if PRODUCTION:
    # Behind a TLS-terminating reverse proxy (product.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    X_FRAME_OPTIONS = "DENY"

# Import limits (imports/services/limits.py, which holds the same defaults): a file past any
# of them is refused before the part concerned is parsed, with a message naming the limit
# and the file's figure. SECONDS bounds reading the file; writing its rows is bounded by ROWS.
IMPORT_LIMITS = {
    "UPLOAD_BYTES": 10 * 1024 * 1024,
    "UNCOMPRESSED_BYTES": 50 * 1024 * 1024,
    "COMPRESSION_RATIO": 100,
    "ROWS": 20_000,
    "COLUMNS": 60,
    "CELLS": 500_000,
    "SECONDS": 30,
}

# An upload the importer accepts stays in memory (up to IMPORT_LIMITS' UPLOAD_BYTES): app servers write
# nothing to their disk but logs. Only a larger file, which is refused, passes through a
# temporary file deleted with its request.
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_LIMITS["UPLOAD_BYTES"]
