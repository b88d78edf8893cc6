"""Conduit settings: one module, every difference comes from the environment.

Variables (all optional in development, see docs/production.md):
  DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL,
  REDIS_URL, EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/
  EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, HTTPS, SITE_URL, LOG_LEVEL, LOG_FORMAT,
  OIDC_SERVER_URL/OIDC_CLIENT_ID/OIDC_CLIENT_SECRET/OIDC_PROVIDER_NAME/
  OIDC_GROUPS_CLAIM/OIDC_GROUPS_SCOPE/OIDC_ROLE_GROUPS (City single sign-on),
  CSP_REPORT_URI, CSP_FORM_ACTION (Content-Security-Policy),
  PUBLIC_REGISTER_START (the first submission day the public register shows).
"""

import os
import sys
from datetime import date, timedelta
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONDUIT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# pytest imports this module through pytest-django; tests get fast hashing and
# a throwaway key without any variable being set.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
if TESTING:
    ALLOWED_HOSTS += ["testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "csp",
    "simple_history",
    "django_q",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    # Conduit's apps, lowest layer first (docs/architecture.md).
    "core",
    "accounts",
    "accounts.cityoidc",
    "businessdays",
    "deadlines",
    "letters",
    "franchise",
    "permits",
    "portal",
    "public",
    "staff",
    "compliance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session middleware: drops its Vary: Cookie from the public register's anonymous
    # answers, which read no session and are the same for everyone (public/middleware.py).
    "public.middleware.SameForEveryoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SignedInPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "core.forms.USWDSRenderer"
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
                "accounts.context_processors.roles",
                "deadlines.context_processors.bell",
            ],
            # The date filters (day, moment, relative, due) and safe_url in every template, no {% load %}.
            "builtins": ["core.templatetags.conduit"],
        },
    },
]

# Database: an SQLite file under var/ unless DATABASE_URL says otherwise. On
# PostgreSQL the web server and worker connect as a role that owns nothing;
# migrate runs with the owner's DATABASE_URL (docs/production.md, Database roles).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'conduit.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a django-q2 worker share the file: IMMEDIATE transactions
    # and WAL remove "database is locked" (measured with two django-q2 clusters on one file).
    # recursive_triggers: a REPLACE that deletes a clashing row fires its delete
    # triggers, so it cannot delete an issued letter (letters migration 0002).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA recursive_triggers=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "auth:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "auth:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Sign-in runs through django-allauth: local accounts sign in with username,
# password and a second factor; City staff may sign in through the City's
# identity provider (OpenID Connect) when OIDC_SERVER_URL is set. Nobody signs
# up: accounts come from staff, invitations or the identity provider.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False  # sessions end when the browser closes
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
# django-axes (below) is the one failed-login throttle; allauth's own is off so
# the two do not answer differently. allauth's other limits (two-factor codes)
# key on core.clientaddress through AccountAdapter.get_client_ip.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never join an IdP identity to a local account by email
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # starting a sign-in is a POST with a CSRF token
SOCIALACCOUNT_STORE_TOKENS = False
# Two-factor: TOTP apps and one-time recovery codes, required for every local
# account (accounts/middleware.py SecondFactorRequiredMiddleware); security keys
# (WebAuthn) may be added beside them and used instead of a code.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Conduit")
MFA_RECOVERY_CODE_COUNT = 10

OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "").strip()
OIDC_PROVIDER_ID = "city"
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
# Role=group pairs; a role may list several groups separated by "|".
OIDC_ROLE_GROUPS = os.environ.get(
    "OIDC_ROLE_GROUPS", "Staff=conduit-staff,Legal=conduit-legal,Auditor=conduit-auditors"
)


def oidc_providers(server_url, client_id, secret, name="City sign-in", groups_scope=""):
    """The SOCIALACCOUNT_PROVIDERS entry for the City's identity provider."""
    if not server_url:
        return {}
    return {
        "city_oidc": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": OIDC_PROVIDER_ID,
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {"server_url": server_url, "oauth_pkce_enabled": True, "groups_scope": groups_scope},
                }
            ],
        }
    }


SOCIALACCOUNT_PROVIDERS = oidc_providers(
    OIDC_SERVER_URL,
    os.environ.get("OIDC_CLIENT_ID", ""),
    os.environ.get("OIDC_CLIENT_SECRET", ""),
    os.environ.get("OIDC_PROVIDER_NAME", "City sign-in"),
    os.environ.get("OIDC_GROUPS_SCOPE", ""),
)
if OIDC_SERVER_URL and not os.environ.get("OIDC_CLIENT_ID"):
    raise ImproperlyConfigured("OIDC_SERVER_URL is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too.")

# The client's address (core/clientaddress.py), for every throttle. Behind a
# TLS proxy set TRUSTED_PROXY_COUNT to the number of proxies that append to
# X-Forwarded-For, and TRUSTED_PROXIES to their addresses; without a proxy
# leave it 0, or every client could choose its address (docs/production.md).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or "0")
TRUSTED_PROXIES = [
    entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "127.0.0.1/32,::1/128").split(",") if entry.strip()
]
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or the number of proxies.")
try:
    _trusted_networks = [ip_network(entry, strict=False) for entry in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

# Failed sign-ins (accounts/throttle.py): django-axes counts failures per
# client address and per username separately and remembers them for a day
# after the last one. After `free` failures each further attempt for that key
# waits `first` seconds, doubling, up to `cap`: an address up to an hour, a
# username only 30 seconds, so nobody keeps an account's owner out for long.
# SIGNIN_LOCK_FAILURES failures on one username lock the account until Staff
# unlock it; the user and Staff are told by email.
SIGNIN_THROTTLE = {
    "ip_address": {"free": 5, "first": 1, "cap": 60 * 60},
    "username": {"free": 5, "first": 1, "cap": 30},
}
SIGNIN_LOCK_FAILURES = int(os.environ.get("SIGNIN_LOCK_FAILURES", "50"))
AXES_HANDLER = "accounts.throttle.SignInThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "core.clientaddress.client_address"
AXES_USERNAME_CALLABLE = "accounts.throttle.signin_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_LOCKOUT_PARAMETERS = [["ip_address"], ["username"]]
AXES_COOLOFF_TIME = timedelta(days=1)  # how long failures are remembered, not a lock
AXES_LOCK_OUT_AT_FAILURE = False  # the handler decides (growing delays), not a fixed limit
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused attempts are not counted
AXES_RESET_ON_SUCCESS = False  # a sign-in must not wipe an address's count
AXES_VERBOSE = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
# config/formats/en: the one date format ("Tue, Dec 7, 2026") for a bare {{ value }} and |date.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Uploaded reports and issued letters are never public: they are served
    # only through views that check who is asking.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console in development, a file outbox when EMAIL_BACKEND=file, SMTP
# when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Conduit <conduit@cityofboston.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LEGAL_EMAIL = os.environ.get("LEGAL_EMAIL", "law-department@cityofboston.example")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
elif os.environ.get("EMAIL_BACKEND") == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Letters: four eyes. With this on, the person who drafted a letter cannot also approve it
# (letters/services.py letter_approve). Turn it off only where Legal is one person.
LETTERS_REQUIRE_SECOND_APPROVER = env_bool("LETTERS_REQUIRE_SECOND_APPROVER", True)

# Security. HTTPS defaults on whenever DEBUG is off; the local demo runs with
# DEBUG on over plain HTTP.
HTTPS = env_bool("HTTPS", not (DEBUG or TESTING))
# Browsers offer security keys on https:// and on http://localhost; the check of the
# page's origin is relaxed only where the site itself is served without TLS.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS
SECURE_SSL_REDIRECT = HTTPS
# allauth builds the City sign-in's redirect URI with this scheme.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# City roles are signed out after this many seconds without a request (accounts.middleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
CSRF_COOKIE_HTTPONLY = True
# An expired or missing CSRF token gets a page in plain words (templates/403_csrf.html), not Django's debug text.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"


def content_security_policy(form_action=(), report_uri=""):
    """django-csp's CONTENT_SECURITY_POLICY: scripts, styles, fonts and connections from this origin only.

    No inline script, inline style or eval anywhere (the templates keep their JavaScript in static/js
    and their styles in static/css). `data:` images are for the USWDS file input's spacer and the
    two-factor QR code. `form_action` adds origins a form may be sent to, the City identity
    provider's among them: Chromium applies form-action to the redirect after a POST too, and
    starting City sign-in is a POST that redirects there. The pages that cannot live with this
    (the API's browsable pages and its documentation) relax it where they are served
    (docs/security.md, "Content-Security-Policy").
    """
    self_ = "'self'"
    directives = {
        "default-src": [self_],
        "script-src": [self_],
        "style-src": [self_],
        "img-src": [self_, "data:"],
        "font-src": [self_],
        "connect-src": [self_],
        "frame-ancestors": ["'none'"],
        "form-action": [self_, *form_action],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
    if report_uri:
        directives["report-uri"] = report_uri
    return {"DIRECTIVES": directives}


def origin(url):
    """scheme://host[:port] of a URL ("" for anything that is not an absolute http(s) URL)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


CONTENT_SECURITY_POLICY = content_security_policy(
    form_action=[o for o in [origin(OIDC_SERVER_URL), *map(origin, env_list("CSP_FORM_ACTION"))] if o],
    report_uri=os.environ.get("CSP_REPORT_URI", "").strip(),
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Uploads are hostile until proven otherwise (see portal/): kept off disk
# until validated, and capped.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
REPORT_UPLOAD_MAX_BYTES = int(os.environ.get("REPORT_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Documents filed with small-cell applications (permits/documents.py, permits/services_documents.py).
APPLICATION_DOCUMENT_MAX_BYTES = int(os.environ.get("APPLICATION_DOCUMENT_MAX_BYTES", str(25 * 1024 * 1024)))
# Quarterly reports: an underpayment of at most this many dollars counts as rounding
# (franchise/quarterly/services.py).
REPORT_UNDERPAYMENT_TOLERANCE = os.environ.get("REPORT_UNDERPAYMENT_TOLERANCE", "1.00")

# The public register of small-cell applications (public/) lists those submitted on or after this day
# (YYYY-MM-DD): the day the City began publishing them.
try:
    PUBLIC_REGISTER_START = date.fromisoformat(os.environ.get("PUBLIC_REGISTER_START", "2026-01-01").strip())
except ValueError as error:
    raise ImproperlyConfigured("PUBLIC_REGISTER_START must be a date written YYYY-MM-DD, e.g. 2026-01-01.") from error

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous API call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.StaffRolePermission"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        # DRF's browsable pages, with the style relaxation they need (docs/security.md).
        "core.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "config.schema.ConduitAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Keyset pages ({"next", "previous", "last", "results"}): the last page costs what the first does.
    "DEFAULT_PAGINATION_CLASS": "core.pagination.KeysetAPIPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Conduit API",
    "DESCRIPTION": "Cable license and small-cell permit compliance tracker.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["accounts.permissions.StaffRolePermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The documented request bodies are JSON: form encodings cannot carry null, lists of objects or
    # numbers as such (the API still parses them, as DRF does by default).
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Separate request and response components, so read-only fields are not asked for in a request and
    # request-only constraints (config.schema.tighten_patterns) do not apply to what the API returns.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.tighten_patterns",
    ],
    # Several models have a "kind" field; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ClockEventKindEnum": "permits.models.ClockEvent.Kind",
    },
}

# Exports (core/exports.py, core/lists.py). A list export of more rows than this runs as a
# background job (core.models.ExportJob) instead of in the request; the defaults finish well
# inside gunicorn's 60-second timeout at the rows per second measured in bench/README.md
# (.xlsx is written by openpyxl in pure Python, several times slower than CSV).
EXPORT_INLINE_MAX_ROWS = {
    "csv": int(os.environ.get("EXPORT_INLINE_MAX_CSV_ROWS", "20000")),
    "xlsx": int(os.environ.get("EXPORT_INLINE_MAX_XLSX_ROWS", "5000")),
}
# The most seconds a background export may run before django-q2 stops it.
EXPORT_JOB_TIMEOUT = int(os.environ.get("EXPORT_JOB_TIMEOUT", "3600"))
# Finished background exports, and their files, are removed after this many hours.
EXPORT_RETENTION_HOURS = int(os.environ.get("EXPORT_RETENTION_HOURS", "48"))

# django-q2: Redis as the broker when REDIS_URL is set, else the database.
# retry must exceed timeout, or a slow task is handed out twice.
Q_CLUSTER = {
    "name": "conduit",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,
    "queue_limit": 50,
    "bulk": 10,
    "catch_up": False,
    "label": "Task queue",
}
REDIS_URL = os.environ.get("REDIS_URL", "")
# A shared cache across web workers and machines when Redis is there.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "conduit"}
        if REDIS_URL and not TESTING
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "conduit"}
    )
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
if TESTING:
    Q_CLUSTER["sync"] = True

SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The named user that tasks and management commands act as in the audit trail.
SYSTEM_USERNAME = "conduit-system"

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # seven INFO lines per letter otherwise
        "fontTools": {"level": "WARNING"},
    },
}
