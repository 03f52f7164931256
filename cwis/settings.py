"""Settings, read from the environment with safe defaults for local use.

`CWIS_ENV=production` turns on the production profile: DEBUG off, SECRET_KEY required,
secure cookies and HSTS (see docs/deployment.md).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("CWIS_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; refuse anything but true/false so a typo cannot flip a setting."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("true", "1", "yes"):
        return True
    if raw.lower() in ("false", "0", "no"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


PRODUCTION = os.environ.get("CWIS_ENV", "development") == "production"
DEBUG = env_bool("CWIS_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when CWIS_ENV=production")
    SECRET_KEY = "cwis-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "cwis.core",
    "cwis.accounts",
    "cwis.institutions",
    "cwis.children",
    "cwis.transfers",
    "cwis.oversight",
    "cwis.protection",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cwis.core.middleware.LanguageMiddleware",
    "cwis.core.input.ControlCharacterMiddleware",
    "cwis.core.htmx.HtmxMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "cwis.urls"
WSGI_APPLICATION = "cwis.wsgi.application"

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
                "cwis.core.context_processors.role_permissions",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # The planner's price of a random page read. PostgreSQL's default (4) is that of a
        # spinning disk; on SSDs, or with the data in memory, 1.1 is the usual setting, and
        # with 4 the planner scanned all ten million children for one province's report
        # figures (3.7 s) instead of reading its rows by index (0.5 s): benchmarks/RESULTS.md.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c random_page_cost=" + os.environ.get("CWIS_PG_RANDOM_PAGE_COST", "1.1")
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "cwis.sqlite3",
            # WAL: `cwis worker` is a second process on the same file, and with WAL its
            # polling and writes do not block the pages' reads.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first; the user's choice is kept in a cookie (cwis.core.middleware), never guessed
# from the browser's Accept-Language, so a government PC set to English still opens in Chinese.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "cwis_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the vendored Bootstrap, htmx, ECharts and cwis.css
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("CWIS_MEDIA_ROOT", VAR_DIR / "media"))
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

SESSION_COOKIE_AGE = env_int("CWIS_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("CWIS_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("CWIS_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("CWIS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CWIS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("CWIS_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CWIS_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Deadlines the policy leaves to the operator (DESIGN.md rule 6). Days.
CWIS_SEARCH_NOTICE_DAYS = env_int("CWIS_SEARCH_NOTICE_DAYS", 30)
CWIS_IDENTITY_INSURANCE_CHECK_DAYS = env_int("CWIS_IDENTITY_INSURANCE_CHECK_DAYS", 15)
CWIS_API_TOKEN_DAYS = env_int("CWIS_API_TOKEN_DAYS", 30)

# Transfers (cwis/transfers): days after which a step not taken shows as overdue.
CWIS_TRANSFER_SEND_DAYS = env_int("CWIS_TRANSFER_SEND_DAYS", 7)  # approved, not sent
CWIS_TRANSFER_RECEIVE_DAYS = env_int("CWIS_TRANSFER_RECEIVE_DAYS", 7)  # sent, not received
CWIS_HUKOU_MIGRATION_DAYS = env_int("CWIS_HUKOU_MIGRATION_DAYS", 30)  # received, hukou not moved
# A community child is visited at least this often (from registration, then from each visit).
CWIS_COMMUNITY_VISIT_DAYS = env_int("CWIS_COMMUNITY_VISIT_DAYS", 90)

# Background jobs (cwis/core/jobs): django-tasks with its database backend, run by `cwis worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job whose worker has not been heard from for this long is taken as dead: it is
# queued again, or failed once it has been tried CWIS_JOB_MAX_ATTEMPTS times. Workers renew
# the lease of their jobs every third of it.
CWIS_JOB_LEASE_SECONDS = env_int("CWIS_JOB_LEASE_SECONDS", 120)
CWIS_JOB_MAX_ATTEMPTS = env_int("CWIS_JOB_MAX_ATTEMPTS", 3)
# How often a job page asks for the job's progress, in milliseconds.
CWIS_JOB_POLL_MS = env_int("CWIS_JOB_POLL_MS", 1000)
# An Excel export of more rows than this is prepared by a job instead of inside the request.
CWIS_EXPORT_SYNC_MAX_ROWS = env_int("CWIS_EXPORT_SYNC_MAX_ROWS", 2000)
