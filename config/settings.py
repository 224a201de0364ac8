"""Settings for the defense engagements dashboard: one file, every value from the environment.

Each variable is documented in ``.env.example``. Defaults are the safe ones for production
(DEBUG off, secure cookies over HTTPS); a laptop needs no variable at all: the database is an
embedded PostgreSQL under ``var/`` and the secret key is generated once into ``var/``.
"""

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.caches import caches_from_url
from config.embedded_db import embedded_database
from config.env import env_bool, env_float, env_int, env_list, env_str
from config.routers import replica_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if env_bool("SECRET_KEY_REQUIRED", False):
        # A container: a key generated into its var/ would be lost or unreadable on the next
        # start (another user, another volume), so the key must come from the environment.
        raise ImproperlyConfigured("SECRET_KEY is not set (SECRET_KEY_REQUIRED=1): give it 50+ random characters")
    # No key in the environment: a per-installation random key kept under var/ (git-ignored),
    # so sessions survive restarts and no key is ever committed.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    # The read-only JSON API (engagements/api/), its OpenAPI schema and docs page.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # Revision history of the engagements' facts, recorded by triggers (engagements.history).
    "pgtrigger",
    "pghistory",
    "engagements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Where this request reads: a replica, or the primary after a write (config/routers.py).
    "config.routers.ReplicaReadsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "engagements.sessions.SessionIdleTimeoutMiddleware",
    # After authentication: an editor's writes are recorded with their username.
    "engagements.history.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "engagements.middleware.DatabaseUnavailableMiddleware",
    # After a write (an editor's save): rebuild the figures in the background.
    "engagements.middleware.WarmAfterWriteMiddleware",
    # axes last: it reads the outcome of authentication to count failures.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The reader's name and CSRF field, as placeholders in a page kept for everyone.
                "engagements.dashboard.page_cache.account",
            ],
            # The dashboard is a package of the engagements app, not an app of its own, so its
            # tag libraries are named here for {% load %}.
            "libraries": {
                "dashboard": "engagements.dashboard.templatetags.dashboard",
                "evidence": "engagements.dashboard.templatetags.evidence",
            },
        },
    },
]

# Database: DATABASE_URL when given (docker compose, production, the system server),
# otherwise the embedded PostgreSQL under var/pgdata.
if env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"))}
else:
    DATABASES = {"default": embedded_database(VAR_DIR / "pgdata")}
DATABASES["default"].update(
    {
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        # A server restart leaves stale persistent connections: check them before each
        # request so the app recovers without being restarted.
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            **DATABASES["default"].get("OPTIONS", {}),
            "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5),
            # No JIT compilation: a page's queries read by index and finish in milliseconds, but
            # a filter's EXISTS subqueries inflate their estimated cost past jit_above_cost, and
            # compiling then takes longer than running (half of a 1 s worst-filter list at 1M).
            # Memory per sort or bitmap: with PostgreSQL's 4 MB a common search word's bitmap
            # turns lossy and every readout on its pages is checked again (a third of a 650 ms
            # query at 1M).
            "options": " ".join(
                filter(
                    None,
                    [
                        DATABASES["default"].get("OPTIONS", {}).get("options", ""),
                        "-c jit=off",
                        f"-c work_mem={env_int('DATABASE_WORK_MEM_MB', 16, minimum=1)}MB",
                    ],
                )
            ),
        },
    }
)
# Read replicas (config/routers.py): analysts' reads on one of them, writes and an editor's
# reads for REPLICA_PIN_SECONDS after a write on the primary. Longer than the replicas' lag.
DATABASES.update(replica_settings(env_list("DATABASE_REPLICA_URLS"), DATABASES["default"], dj_database_url.parse))
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30, minimum=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The longest a web request's SQL statement may run (config/wsgi.py sets it on the web
# server's connections; management commands, imports and benchmarks run without it). It stays
# well below gunicorn's worker timeout, so a killed worker never leaves its query running.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 5000, minimum=0)
GUNICORN_TIMEOUT = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
if DATABASE_STATEMENT_TIMEOUT_MS == 0 or DATABASE_STATEMENT_TIMEOUT_MS >= GUNICORN_TIMEOUT * 1000:
    raise ImproperlyConfigured(
        f"DATABASE_STATEMENT_TIMEOUT_MS={DATABASE_STATEMENT_TIMEOUT_MS} must be above 0 and below "
        f"GUNICORN_TIMEOUT={GUNICORN_TIMEOUT} seconds, or a killed worker leaves its query running"
    )
# A streamed CSV export reads for as long as the download lasts: its own, longer limit.
EXPORT_STATEMENT_TIMEOUT_MS = env_int("EXPORT_STATEMENT_TIMEOUT_MS", GUNICORN_TIMEOUT * 1000 - 2000, minimum=1)
if EXPORT_STATEMENT_TIMEOUT_MS >= GUNICORN_TIMEOUT * 1000:
    raise ImproperlyConfigured(
        f"EXPORT_STATEMENT_TIMEOUT_MS={EXPORT_STATEMENT_TIMEOUT_MS} must be below "
        f"GUNICORN_TIMEOUT={GUNICORN_TIMEOUT} seconds"
    )
# How many values one multi-value filter (countries, topics, ...) may hold: past it, a 400.
FILTER_MAX_VALUES = env_int("FILTER_MAX_VALUES", 50, minimum=1)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "engagements:overview"
LOGOUT_REDIRECT_URL = "login"

# The dashboard asks for a login unless the deployment is deliberately public.
DASHBOARD_PUBLIC = env_bool("DASHBOARD_PUBLIC", False)

# Login throttling (django-axes, engagements/login_throttle.py): lock a username+address
# pair after repeated failures, and an address trying many usernames (password spraying)
# after more. Behind a proxy the address is the client's, from X-Forwarded-For as written by
# the TRUSTED_PROXY_COUNT proxies in front of the app.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
if AXES_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_ADDRESS_FAILURE_LIMIT must be at least AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "engagements.login_throttle.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "engagements.login_throttle.client_address"
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# The read-only API (engagements/api/): personal tokens or the session, the dashboard's access
# rule, a rate limit per token (API_RATE, e.g. "120/min"; empty for none), keyset pages.
API_RATE = env_str("API_RATE", "120/min")
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 100, minimum=1)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 1000, minimum=1)
if API_PAGE_SIZE > API_MAX_PAGE_SIZE:
    raise ImproperlyConfigured("API_PAGE_SIZE must not be above API_MAX_PAGE_SIZE")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "engagements.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["engagements.api.auth.CanViewDashboard"],
    "DEFAULT_THROTTLE_CLASSES": ["engagements.api.throttles.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["engagements.api.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "engagements.api.schema.ApiSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The client's address for anonymous throttling: X-Forwarded-For only behind our proxies.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT if BEHIND_PROXY else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Defense engagements API",
    "DESCRIPTION": (
        "Read-only. Every list takes the filters, search and sort of its dashboard page and pages "
        "by cursor: follow `next` until it is null. Authenticate with a personal token "
        "(`Authorization: Bearer <token>`, made on /account/tokens/) or the browser session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # A row's id in a path (engagements.converters.RowId): an integer of up to 18 digits.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}},
    "ENUM_NAME_OVERRIDES": {
        "EngagementKindEnum": "engagements.models.engagements.Kind",
        "AgreementKindEnum": "engagements.models.agreements.AgreementKind",
        "AgreementActionEnum": "engagements.models.agreements.AgreementAction",
    },
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js comes from the installed plotly package, not from a copy in the repo.
    "engagements.staticfinders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. HTTPS=1 where the app is served over TLS (directly or behind a proxy that sets
# X-Forwarded-Proto): secure cookies, HSTS and the HTTP->HTTPS redirect follow from it.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Answered: joining the browsers' HSTS preload list is hard to undo and is the operator's
# call for their domain (SECURE_HSTS_PRELOAD=1), so the deploy check's reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A session ends after SESSION_IDLE_MINUTES without a request (engagements/sessions.py), and
# in any case SESSION_COOKIE_AGE seconds after its login.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=60)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 8 * 60, minimum=1) * 60
if SESSION_IDLE_TIMEOUT > SESSION_COOKIE_AGE:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must not be longer than SESSION_COOKIE_AGE")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy: scripts only from our own origin (no inline script, no eval);
# chart data reaches the page through json_script. plotly.js writes <style> elements and
# style attributes at run time, which is why styles allow 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Revision history: only writing requests carry an editor's context (reads write nothing, and
# the context rides on every statement of a request that has one).
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The time each change was written, not its transaction's start: saves in one transaction
# (a test, a batch) still read in the order they were made.
PGHISTORY_CREATED_AT_FUNCTION = "CLOCK_TIMESTAMP()"

# Chart figures of popular pages and search pools (keys carry the data version): in each
# process's memory, or shared by every server in Redis when CACHE_URL is set (config/caches.py).
CACHES = caches_from_url(env_str("CACHE_URL"), max_entries=env_int("CACHE_MAX_ENTRIES", 500))
# The warm-up after a change (manage.py warm_figures): countries engaged this many days before
# the latest engagement get their page's figures ready.
WARM_RECENT_DAYS = env_int("WARM_RECENT_DAYS", 365, minimum=0)
# ...and the filtered pages readers opened most in the last week, this many of them.
WARM_POPULAR = env_int("WARM_POPULAR", 20, minimum=0)
# 0: no automatic warm-up (after imports, an editor's write, or figures found behind the data);
# manage.py warm_figures still works.
WARM_FIGURES_AUTO = env_bool("WARM_FIGURES_AUTO", True)
# Whole dashboard pages kept per data version and audience (engagements/dashboard/page_cache.py);
# 0 renders every page afresh (the figures stay cached).
PAGE_CACHE = env_bool("PAGE_CACHE", True)

# Readouts above this size are refused with a message rather than parsed (a readout is a
# few kB; PostgreSQL's tsvector also caps a document at 1 MB).
READOUT_MAX_CHARS = env_int("READOUT_MAX_CHARS", 200_000)
# The country whose ministry publishes the readouts when a readout does not say otherwise.
DEFAULT_PUBLISHER = env_str("DEFAULT_PUBLISHER", "USA")

# Fetching release pages and feeds (add from a URL, poll_feeds). Private, loopback,
# link-local and metadata addresses are refused unless FETCH_ALLOW_PRIVATE=1 (tests, an
# intranet feed): a URL an editor pastes must not reach the machine's own network.
FETCH_ALLOW_PRIVATE = env_bool("FETCH_ALLOW_PRIVATE", False)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
# Seconds for one whole fetch (connecting, waiting and reading), and between two requests
# to one host.
FETCH_TIMEOUT = env_float("FETCH_TIMEOUT", 20.0, minimum=0.1)
FETCH_HOST_DELAY = env_float("FETCH_HOST_DELAY", 2.0, minimum=0.0)
FETCH_USER_AGENT = env_str(
    "FETCH_USER_AGENT", "EngagementsDashboard/1.0 (defense engagements dashboard; official releases reader)"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
