"""Notekeeper settings, read from the environment (12-factor).

DATABASE_URL   database; default an embedded SQLite file `db.sqlite3`
SECRET_KEY     required unless DEBUG is on
DEBUG          "1"/"true" for development
ALLOWED_HOSTS  comma-separated host names
TIME_ZONE      the installation's time zone (DESIGN 3.8), default America/New_York
NOTEKEEPER_BUSINESS_DATE  YYYY-MM-DD: fixes the servicing date (demos, tests)
CONN_MAX_AGE   seconds a database connection is kept for reuse, default 60
DB_STATEMENT_TIMEOUT  PostgreSQL statement_timeout, default 5s; manage.py: 0 (config/database.py)
DB_PREPARE_THRESHOLD  PostgreSQL: prepare a query after this many runs on a connection,
               default 5; "off" behind a pooler in transaction mode (config/database.py)
"""

import os
from pathlib import Path

import dj_database_url

from config.database import (
    PREPARE_THRESHOLD,
    WEB_STATEMENT_TIMEOUT,
    prepare_threshold,
    statement_timeout,
    with_prepared_statements,
    with_statement_timeout,
)

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Development only: production settings refuse to start without SECRET_KEY.
    SECRET_KEY = "notekeeper-development-key-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "loans",
    "payments",
    "statements",
    "accounts",
    "web",
    "jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: answers without caching headers of their own are kept out of caches.
    "config.middleware.NoStoreByDefault",
    # Before anything reads the body: an API body over the limit is a JSON 413.
    "config.middleware.BodySizeLimit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless marked @login_not_required
    # (Django's login and password-reset views; DRF views do their own auth).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # After the sign-in checks, before the view: an API view answers 405 for a
    # method it lacks (DRF would check permissions first: 401/403).
    "config.middleware.ApiMethodNotAllowed",
    # A query cut off by statement_timeout answers 503, not a bare 500.
    "config.middleware.StatementTimeout",
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
                "web.context_processors.business",
            ],
        },
    },
]

DB_STATEMENT_TIMEOUT = statement_timeout(
    os.environ.get("DB_STATEMENT_TIMEOUT", WEB_STATEMENT_TIMEOUT)
)
DATABASES = {
    "default": with_prepared_statements(
        with_statement_timeout(
            dj_database_url.config(
                default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
                # Persistent connections (DESIGN 5): a new PostgreSQL connection for every
                # request costs most of a request's time. Each connection is kept up to
                # CONN_MAX_AGE seconds (0: one per request) and checked before it is reused,
                # so a connection the database dropped is replaced rather than failing a request.
                conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
                conn_health_checks=True,
            ),
            DB_STATEMENT_TIMEOUT,
        ),
        prepare_threshold(os.environ.get("DB_PREPARE_THRESHOLD", PREPARE_THRESHOLD)),
    )
}
# The largest request body read: Django's default (2.5 MiB), named here because
# the API answers a larger one with 413 (config/middleware.py). The seed
# note's whole text is 4 KB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.sessions.ModelBackend",
]
SESSION_ENGINE = "accounts.sessions"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # ASVS 2.1.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "notekeeper@localhost")

# DESIGN 3.8: the servicing date. Empty means "today in TIME_ZONE".
NOTEKEEPER_BUSINESS_DATE = os.environ.get("NOTEKEEPER_BUSINESS_DATE", "")

# DESIGN 4: printed on payoff letters; the journal's account names per book
# ({"lender": {"cash": "Assets:Bank"}, ...}: see statements/journal.py for the keys).
NOTEKEEPER_WIRING_INSTRUCTIONS = os.environ.get(
    "NOTEKEEPER_WIRING_INSTRUCTIONS", "Ask the lender for wiring instructions."
)
NOTEKEEPER_JOURNAL_ACCOUNTS: dict[str, dict[str, str]] = {}

# Long work (month-end close, status refresh, exports) as per-note Celery tasks
# (config/celery.py, jobs/). No broker: the same per-note services run in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = env_flag("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_ACKS_LATE = True  # a message is acknowledged once its note is done
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a killed worker's note goes back to the queue
CELERY_WORKER_PREFETCH_MULTIPLIER = int(os.environ.get("CELERY_WORKER_PREFETCH_MULTIPLIER", "4"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis: seconds before a message taken by a worker that died is handed out again.
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One queue per installation when installations share a broker.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "notekeeper")

# Brute-force protection (django-axes): 5 failures per username and IP, one hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"  # 429: a page, or JSON under /api/
# The client address lockouts count: REMOTE_ADDR, or behind N trusted proxies
# the address the outermost one saw (X-Forwarded-For, counted from the right).
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
NOTEKEEPER_TRUSTED_PROXIES = int(os.environ.get("NOTEKEEPER_TRUSTED_PROXIES", "0"))
# Failed token authentications from one address before its token requests
# answer 429 for 10 minutes (api/authentication.py).
NOTEKEEPER_BAD_TOKEN_LIMIT = int(os.environ.get("NOTEKEEPER_BAD_TOKEN_LIMIT", "10"))
# Days an API token works after it is issued (accounts/services.py); then 401 until
# the client obtains a new one with its password.
NOTEKEEPER_TOKEN_DAYS = int(os.environ.get("NOTEKEEPER_TOKEN_DAYS", "30"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated API request gets 401 with
        # `WWW-Authenticate: Token`, not 403.
        # Failed token attempts are throttled per address (429).
        "api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The API speaks JSON (DESIGN 6): a form-encoded body cannot leave a boolean
    # silently false by omitting it.
    # JSON nested deeper than api.parsers.MAX_JSON_DEPTH is a 400.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.NotekeeperSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumbers",
    "PAGE_SIZE": 50,
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    # `?format=` names a statement's file format (json, csv), not a DRF renderer.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Notekeeper API",
    "DESCRIPTION": "Servicing of private promissory notes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # DESIGN 1: anonymous users see nothing but the login page, the schema included.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Generated clients (docs/api.md): a request component without the read-only
    # fields, integer path ids, each enum declared once with named members.
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {"id": int},
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.name_enum_members",
        "api.schema.strict_nullable",
        "api.schema.parameter_enums_by_reference",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DayCountEnum": "loans.models.notes.DayCount",
        "RepaymentEnum": "loans.models.notes.Repayment",
        "AccelerationEnum": "loans.models.notes.Acceleration",
        "NoteStatusEnum": "loans.models.notes.NoteStatus",
        "PaymentMethodEnum": "payments.models.PaymentMethod",
        "JournalBookEnum": "statements.journal.BOOKS",
        "PartyKindEnum": "loans.models.notes.Party.Kind",
        "CollateralKindEnum": "loans.models.notes.CollateralReference.Kind",
        "PaymentKindEnum": "payments.models.PaymentKind",
        "ChargeKindEnum": "payments.models.ChargeKind",
        "EventKindEnum": "api.serializers.EVENT_KINDS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
