"""Settings, read from the environment with safe defaults for local use.

`CWIS_ENV=production` turns on the production profile: DEBUG off, SECRET_KEY required,
secure cookies and HSTS (see docs/deployment.md).
"""

import base64
import datetime as dt
import hashlib
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

# Encryption at rest of ID numbers and guardians' telephones (cwis.core.crypto): the keys,
# "<id>:<algorithm>:<base64 key>" comma-separated, the first one current. `cwis keygen` makes
# them; docs/security.md says how to rotate them. Required in production; elsewhere derived
# from SECRET_KEY so a development database opens again.
def _development_key(purpose: str, algorithm: str, size: int) -> str:
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()[:size]
    return f"dev:{algorithm}:{base64.b64encode(digest).decode()}"


CWIS_FIELD_KEYS = os.environ.get("CWIS_FIELD_KEYS", "")
CWIS_SEARCH_KEYS = os.environ.get("CWIS_SEARCH_KEYS", "")
if PRODUCTION and not (CWIS_FIELD_KEYS and CWIS_SEARCH_KEYS):
    raise ImproperlyConfigured(
        "CWIS_FIELD_KEYS and CWIS_SEARCH_KEYS must be set when CWIS_ENV=production")
CWIS_FIELD_KEYS = CWIS_FIELD_KEYS or _development_key("field", "sm4", 16)
CWIS_SEARCH_KEYS = CWIS_SEARCH_KEYS or _development_key("search", "sm3", 32)

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For the access log
# believes (cwis.core.audit.client_address); from anyone else the header is ignored.
CWIS_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("CWIS_TRUSTED_PROXIES", "").split(",") if p.strip()
]

INSTALLED_APPS = [
    "cwis.accounts.admin_apps.CwisAdminConfig",  # django.contrib.admin, for the administrators
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "cwis.core",
    "cwis.accounts",
    "cwis.institutions",
    "cwis.children",
    "cwis.transfers",
    "cwis.oversight",
    "cwis.protection",
    "cwis.care",
    "cwis.safety",
    "cwis.partners",
    "cwis.core.imports",
    "cwis.screening",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # on every response, static files too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cwis.core.middleware.NoStoreMiddleware",  # after WhiteNoise: static files stay cacheable
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cwis.core.middleware.LanguageMiddleware",
    "cwis.core.input.ControlCharacterMiddleware",
    "cwis.core.htmx.HtmxMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cwis.accounts.middleware.SignInPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its answer
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
        # JIT compilation pays for queries that run for minutes; CWIS's run for milliseconds,
        # and the planner's cost estimate for a count over the registry started a compilation
        # of 1 to 2 s on each dashboard figure at national scale (benchmarks/RESULTS.md).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c random_page_cost=" + os.environ.get("CWIS_PG_RANDOM_PAGE_COST", "1.1")
            + " -c jit=off"
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


_PRIMARY_OPTIONS = dict(DATABASES["default"].get("OPTIONS", {}))


def _postgres(url: str) -> dict:
    """A database of CWIS's PostgreSQL cluster, with the options the primary has."""
    database = dj_database_url.parse(url, conn_max_age=60)
    database["OPTIONS"] = dict(_PRIMARY_OPTIONS)
    database["ATOMIC_REQUESTS"] = False
    return database


# Scaling out on PostgreSQL's own machinery (docs/deployment.md, ADR 0019).
# pgbouncer in transaction mode in front of the primary: a server-side cursor or a prepared
# statement does not outlive a transaction there, so both are off on that connection, and
# long exports stream through DATABASE_DIRECT_URL (the primary itself) when it is set.
CWIS_DATABASE_POOLED = env_bool("CWIS_DATABASE_POOLED", False)
if CWIS_DATABASE_POOLED:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
if os.environ.get("DATABASE_DIRECT_URL"):
    DATABASES["direct"] = _postgres(os.environ["DATABASE_DIRECT_URL"])
    DATABASES["direct"]["TEST"] = {"MIRROR": "default"}
# Streaming read replicas (comma-separated URLs): reads that tolerate a few seconds of lag go
# there (cwis.core.replicas); a user's reads stay on the primary for this many seconds after
# the user's last write (longer than the replicas' lag is ever allowed to be).
DATABASE_REPLICA_URLS = [
    u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()
]
for _number, _url in enumerate(DATABASE_REPLICA_URLS):
    DATABASES[f"replica_{_number}"] = _postgres(_url)
    DATABASES[f"replica_{_number}"]["TEST"] = {"MIRROR": "default"}
CWIS_READ_YOUR_WRITES_SECONDS = env_int("CWIS_READ_YOUR_WRITES_SECONDS", 10)
DATABASE_ROUTERS = ["cwis.core.replicas.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
if DATABASE_REPLICA_URLS:
    # Before anything reads: a user who just wrote reads from the primary (ADR 0019).
    MIDDLEWARE.insert(1, "cwis.core.replicas.ReadYourWritesMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "cwis.accounts.lockout.LockoutBackend",  # refuses a locked account or address first
    "cwis.accounts.backends.RoleBackend",  # passwords; Django-admin rights from the role
]

# Sign-in security (等保2.0 level 3; docs/security.md). Passwords:
CWIS_PASSWORD_MIN_LENGTH = env_int("CWIS_PASSWORD_MIN_LENGTH", 10)
CWIS_PASSWORD_MIN_CLASSES = env_int("CWIS_PASSWORD_MIN_CLASSES", 3)
CWIS_PASSWORD_HISTORY = env_int("CWIS_PASSWORD_HISTORY", 5)  # the last N cannot be reused
CWIS_PASSWORD_MAX_AGE_DAYS = env_int("CWIS_PASSWORD_MAX_AGE_DAYS", 90)  # 0: never expire
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": CWIS_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "cwis.accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": CWIS_PASSWORD_MIN_CLASSES},
    },
    {
        "NAME": "cwis.accounts.passwords.PasswordHistoryValidator",
        "OPTIONS": {"count": CWIS_PASSWORD_HISTORY},
    },
]

# Reverting a record to an old version from the admin would bypass the services' rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Failed sign-ins (django-axes): an account locks after this many failures, an address after
# that many (one office may sit behind one address), for so many minutes or until the
# security administrator unlocks it.
CWIS_LOCKOUT_ACCOUNT_LIMIT = env_int("CWIS_LOCKOUT_ACCOUNT_LIMIT", 5)
CWIS_LOCKOUT_ADDRESS_LIMIT = env_int("CWIS_LOCKOUT_ADDRESS_LIMIT", 30)
CWIS_LOCKOUT_MINUTES = env_int("CWIS_LOCKOUT_MINUTES", 30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # cwis.accounts.lockout reads this order
AXES_FAILURE_LIMIT = CWIS_LOCKOUT_ACCOUNT_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=CWIS_LOCKOUT_MINUTES)
AXES_HANDLER = "cwis.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "cwis.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cwis.core.audit.client_address"  # one notion of the address
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in CWIS's security log
AXES_ENABLE_ADMIN = False  # locks are read and cleared on the security administrator's page
AXES_VERBOSE = False

# Two-factor sign-in (TOTP, django-otp): required for these roles, offered to every user.
CWIS_TWO_FACTOR_REQUIRED_ROLES = frozenset(
    r.strip() for r in os.environ.get(
        "CWIS_TWO_FACTOR_REQUIRED_ROLES", "system_admin,security_admin,audit_admin"
    ).split(",") if r.strip()
)
CWIS_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "CWIS"

# The security log is kept at least six months (网络安全法 第二十一条); the purge command never
# removes a younger row whatever the setting says.
CWIS_SECURITY_LOG_MIN_DAYS = 180
CWIS_SECURITY_LOG_EXPORT_MAX_ROWS = 100_000  # one export; narrow the dates for more
CWIS_SECURITY_LOG_RETENTION_DAYS = env_int("CWIS_SECURITY_LOG_RETENTION_DAYS", 365)
if CWIS_SECURITY_LOG_RETENTION_DAYS < CWIS_SECURITY_LOG_MIN_DAYS:
    raise ImproperlyConfigured("CWIS_SECURITY_LOG_RETENTION_DAYS must be at least 180")

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

SESSION_COOKIE_AGE = env_int("CWIS_SESSION_SECONDS", 8 * 3600)  # at most, however busy
# Signed out after this long without a request (cwis.accounts.middleware).
CWIS_SESSION_IDLE_SECONDS = env_int("CWIS_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and frames
# only from CWIS itself, no inline script, style or event handler, no plugin, no framing.
# Images may also be data: URIs (Bootstrap draws its form icons with them). Test:
# cwis/core/tests/test_headers.py; the reasons: docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# A form refused for its token gets a CWIS page in the user's language (cwis.core.error_views).
CSRF_FAILURE_VIEW = "cwis.core.error_views.csrf_failure"
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
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # every sign-in is in the security log already
    },
}

# Deadlines the policy leaves to the operator (DESIGN.md rule 6). Days.
CWIS_SEARCH_NOTICE_DAYS = env_int("CWIS_SEARCH_NOTICE_DAYS", 30)
CWIS_IDENTITY_INSURANCE_CHECK_DAYS = env_int("CWIS_IDENTITY_INSURANCE_CHECK_DAYS", 15)
# Documents an intake requires and the file lacks: to be completed within this many days.
CWIS_INTAKE_DOCUMENTS_DAYS = env_int("CWIS_INTAKE_DOCUMENTS_DAYS", 30)
CWIS_API_TOKEN_DAYS = env_int("CWIS_API_TOKEN_DAYS", 30)
# A bearer token's user is kept this long in the cache (cwis.accounts.token_cache; checked
# live on every request, so a revoked token or a deactivated user answers 401 at once). 0: off.
CWIS_API_TOKEN_CACHE_SECONDS = env_int("CWIS_API_TOKEN_CACHE_SECONDS", 60)
# The cache: local memory in each process by default; `redis://host:6379/0` shares one
# between processes and hosts (needs the `redis` Python package installed beside CWIS).
CWIS_CACHE_URL = os.environ.get("CWIS_CACHE_URL", "")
if CWIS_CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CWIS_CACHE_URL}}
elif CWIS_CACHE_URL:
    raise ImproperlyConfigured("CWIS_CACHE_URL must be a redis:// address")

# Transfers (cwis/transfers): days after which a step not taken shows as overdue.
CWIS_TRANSFER_SEND_DAYS = env_int("CWIS_TRANSFER_SEND_DAYS", 7)  # approved, not sent
CWIS_TRANSFER_RECEIVE_DAYS = env_int("CWIS_TRANSFER_RECEIVE_DAYS", 7)  # sent, not received
CWIS_HUKOU_MIGRATION_DAYS = env_int("CWIS_HUKOU_MIGRATION_DAYS", 30)  # received, hukou not moved
# Partner departments (cwis/partners): a child of a request not answered this many days after
# the request was sent is an alert for the civil affairs office that sent it.
CWIS_PARTNER_ANSWER_DAYS = env_int("CWIS_PARTNER_ANSWER_DAYS", 30)
# Data quality (cwis/partners/quality): a child in care without an ID number this many days
# after intake; a community child not visited for this many days.
CWIS_QUALITY_ID_NUMBER_DAYS = env_int("CWIS_QUALITY_ID_NUMBER_DAYS", 90)
CWIS_QUALITY_NO_VISIT_DAYS = env_int("CWIS_QUALITY_NO_VISIT_DAYS", 365)
# A community child is visited at least this often (from registration, then from each visit).
CWIS_COMMUNITY_VISIT_DAYS = env_int("CWIS_COMMUNITY_VISIT_DAYS", 90)
# Care services (cwis/care): a plan waits this long for the director's approval; a review
# shows on the to-do list this long before it is due; a disabled child aged 0-6 in care is
# to be applied for rehabilitation assistance within this many days of the guardianship.
CWIS_CARE_APPROVAL_DAYS = env_int("CWIS_CARE_APPROVAL_DAYS", 7)
CWIS_CARE_REVIEW_NOTICE_DAYS = env_int("CWIS_CARE_REVIEW_NOTICE_DAYS", 14)
CWIS_REHAB_ASSISTANCE_DAYS = env_int("CWIS_REHAB_ASSISTANCE_DAYS", 30)
# Family foster care and adult placement (docs/family-care.md): days between the
# institution's visits to a child in a foster family; the age from which a child in care has
# an adulthood plan; days a path's step may be overdue before the path counts as stalled;
# the months after leaving care at which the young adult is contacted.
CWIS_FOSTER_VISIT_DAYS = env_int("CWIS_FOSTER_VISIT_DAYS", 30)
CWIS_ADULTHOOD_PLAN_AGE = env_int("CWIS_ADULTHOOD_PLAN_AGE", 16)
CWIS_ADULTHOOD_STALLED_DAYS = env_int("CWIS_ADULTHOOD_STALLED_DAYS", 30)
CWIS_ADULTHOOD_FOLLOW_UP_MONTHS = (6, 12)

# A visit that found the child needs follow-up: the next step is due within this many days.
CWIS_COMMUNITY_FOLLOW_UP_DAYS = env_int("CWIS_COMMUNITY_FOLLOW_UP_DAYS", 14)
# Days after its registration a community file without an ID number raises the risk flag
# "no ID number" (cwis.protection.flags); the flag "turning 16" shows this many days before
# a left-behind child's 16th birthday.
CWIS_COMMUNITY_ID_NUMBER_DAYS = env_int("CWIS_COMMUNITY_ID_NUMBER_DAYS", 60)
CWIS_COMMUNITY_TURNING_16_DAYS = env_int("CWIS_COMMUNITY_TURNING_16_DAYS", 30)
# A protection case (cwis/protection cases): the first guardianship assessment is due this
# many days after the case was opened.
CWIS_CASE_FIRST_ASSESSMENT_DAYS = env_int("CWIS_CASE_FIRST_ASSESSMENT_DAYS", 30)
# A referral of a protection case (服务转介): the department or organisation is to answer
# (accept or decline) within this many days of sending, unless the worker sets another date.
CWIS_CASE_REFERRAL_ANSWER_DAYS = env_int("CWIS_CASE_REFERRAL_ANSWER_DAYS", 14)
# A child who went home from a protection case (returned to the guardian or entrusted to
# relatives) is followed up this many months, with a visit every so many months; the worker
# may set other values at the exit. The last visit closes the case.
CWIS_CASE_FOLLOW_UP_MONTHS = env_int("CWIS_CASE_FOLLOW_UP_MONTHS", 6)
CWIS_CASE_FOLLOW_UP_EVERY_MONTHS = env_int("CWIS_CASE_FOLLOW_UP_EVERY_MONTHS", 2)
# Safety (cwis.safety): days from finding a hazard to its fix deadline, per level (the
# responsible person may be given an earlier date, never a later one).
CWIS_SAFETY_HAZARD_FIX_DAYS = {
    "general": env_int("CWIS_SAFETY_GENERAL_HAZARD_DAYS", 30),
    "major": env_int("CWIS_SAFETY_MAJOR_HAZARD_DAYS", 7),
}
# An institution with no drill for this many months gets an alert on its to-do list.
CWIS_SAFETY_DRILL_MONTHS = env_int("CWIS_SAFETY_DRILL_MONTHS", 6)
# A food safety certificate (canteen licence, health certificate) shows on the to-do list this
# many days before it expires.
CWIS_SAFETY_CERTIFICATE_NOTICE_DAYS = env_int("CWIS_SAFETY_CERTIFICATE_NOTICE_DAYS", 30)
# Food samples (留样): at least this many grams of each dish, kept at least this many hours.
CWIS_SAFETY_SAMPLE_GRAMS = env_int("CWIS_SAFETY_SAMPLE_GRAMS", 125)
CWIS_SAFETY_SAMPLE_HOURS = env_int("CWIS_SAFETY_SAMPLE_HOURS", 48)
# An incident is reported to the office above within this many hours (a serious one within
# the second); it is on the institution's to-do list until it is.
CWIS_SAFETY_INCIDENT_REPORT_HOURS = env_int("CWIS_SAFETY_INCIDENT_REPORT_HOURS", 24)
CWIS_SAFETY_SERIOUS_INCIDENT_REPORT_HOURS = env_int("CWIS_SAFETY_SERIOUS_INCIDENT_REPORT_HOURS",
                                                    2)

# Escalation (DESIGN.md rule 6): the offices above the county (prefecture, province, ministry)
# see routine deadlines as counts per area; an overdue item reaches their to-do list one by
# one only once it is this many days overdue (0: as soon as it is overdue, for what is serious
# by nature). A kind left out (None) never reaches them one by one: counts only. Keys are the
# to-do items' kinds (cwis.core.todo.TodoItem.kind).
CWIS_ESCALATION_DAYS: dict[str, int | None] = {
    "child.search_notice": env_int("CWIS_ESCALATE_SEARCH_NOTICE_DAYS", 30),
    "child.identity_insurance": env_int("CWIS_ESCALATE_IDENTITY_INSURANCE_DAYS", 30),
    "child.intake_documents": env_int("CWIS_ESCALATE_INTAKE_DOCUMENTS_DAYS", 60),
    "child.turns_18": 0,  # a child turning 18 with no placement decided
    "child.community_visit": None,
    "child.community_follow_up": None,
    "transfer.not_drafted": env_int("CWIS_ESCALATE_TRANSFER_NOT_DRAFTED_DAYS", 30),
    "transfer.not_sent": env_int("CWIS_ESCALATE_TRANSFER_NOT_SENT_DAYS", 14),
    "transfer.not_received": 0,  # a child sent and not received
    "transfer.hukou": env_int("CWIS_ESCALATE_HUKOU_DAYS", 60),
    "partners.unanswered": env_int("CWIS_ESCALATE_PARTNER_UNANSWERED_DAYS", 30),
    # Protection cases: the prefecture and province get the case number and county only,
    # and open the case with a stated reason (cwis/protection/todo_escalation.py).
    "protection.first_assessment": env_int("CWIS_ESCALATE_CASE_ASSESSMENT_DAYS", 14),
    "protection.reassessment": env_int("CWIS_ESCALATE_CASE_REASSESSMENT_DAYS", 30),
    "protection.decision": env_int("CWIS_ESCALATE_CASE_DECISION_DAYS", 30),
    "protection.referral_answer": env_int("CWIS_ESCALATE_CASE_REFERRAL_DAYS", 14),
    "protection.confirm_assessment": None,
    "protection.care_plan_missing": None,
    "protection.care_plan_review": None,
    # Upbringing assessment and adoption (cwis/care/todo_adoption.py).
    "care.upbringing_due": env_int("CWIS_ESCALATE_UPBRINGING_DAYS", 30),
    "care.adoption_stalled": env_int("CWIS_ESCALATE_ADOPTION_STALLED_DAYS", 30),
    "care.upbringing_confirm": None,
    "care.adoption_follow_up": None,
    # Foster visits and adulthood plans are the institution's routine work; a child turning
    # 18 with no plan or a stalled path ("care.adulthood_at_18") is serious by nature and
    # reaches the office above at once, so it has no escalation point here.
    "care.foster_visit": None,
    "care.adulthood_plan": None,
    "care.adulthood_follow_up": None,
    # Safety hazards (cwis/safety/todo.py): a general hazard unfixed past its deadline reaches
    # the prefecture and province after this many days; a major one ("safety.hazard_major",
    # not listed: serious by nature) at once; a fix waiting for its check stays with the
    # institution.
    "safety.hazard": env_int("CWIS_ESCALATE_HAZARD_DAYS", 14),
    "safety.hazard_check": None,
    "safety.drill": None,
    "safety.plan_review": None,
    "safety.certificate": None,
    # An incident not reported up in time: the institution's own deadline. A serious incident
    # ("safety.incident_serious", not listed) reaches the prefecture and province at once.
    "safety.incident_report": None,
}
# The upbringing assessment (policy 二(一)): the first one is due this many days after the
# institution became the child's guardian, then a year after the last; a child recommended
# for adoption with no step for this many months is on the director's to-do list; visits to
# the adoptive family are due this many months after the registration.
CWIS_UPBRINGING_INTAKE_DAYS = env_int("CWIS_UPBRINGING_INTAKE_DAYS", 30)
CWIS_UPBRINGING_NOTICE_DAYS = env_int("CWIS_UPBRINGING_NOTICE_DAYS", 30)
CWIS_ADOPTION_PROGRESS_MONTHS = env_int("CWIS_ADOPTION_PROGRESS_MONTHS", 6)
CWIS_ADOPTION_FOLLOW_UP_MONTHS = (1, 6, 12)
# Figures of a whole area (home page counts per area, the dashboard's registry panel and
# trends) are kept this many seconds in the cache: at national scale they read millions of
# rows. 0 (the default while DEBUG is on) computes them on every view.
CWIS_FIGURES_CACHE_SECONDS = env_int("CWIS_FIGURES_CACHE_SECONDS", 0 if DEBUG else 300)
# The offices above the county read figures per area that a background task computes for
# the whole country (cwis.core.area_figures); a set older than this many seconds, or from an
# earlier day, is refreshed on the next read (shown meanwhile with its time).
CWIS_AREA_FIGURES_MAX_AGE = env_int("CWIS_AREA_FIGURES_MAX_AGE", 900)

# Background jobs (cwis/core/jobs): django-tasks with its database backend, run by `cwis worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job whose worker has not been heard from for this long is taken as dead: it is
# queued again, or failed once it has been tried CWIS_JOB_MAX_ATTEMPTS times. Workers renew
# the lease of their jobs every third of it.
CWIS_JOB_LEASE_SECONDS = env_int("CWIS_JOB_LEASE_SECONDS", 120)
CWIS_JOB_MAX_ATTEMPTS = env_int("CWIS_JOB_MAX_ATTEMPTS", 3)
# A job's file is kept this many days after it is ready; `cwis purge_jobs` (daily) then
# removes it and marks the job expired (docs/operations.md).
CWIS_JOB_RESULT_DAYS = env_int("CWIS_JOB_RESULT_DAYS", 7)
# How often a job page asks for the job's progress, in milliseconds.
CWIS_JOB_POLL_MS = env_int("CWIS_JOB_POLL_MS", 1000)
# An Excel export of more rows than this is prepared by a job instead of inside the request.
CWIS_EXPORT_SYNC_MAX_ROWS = env_int("CWIS_EXPORT_SYNC_MAX_ROWS", 2000)
# One sheet holds 1,048,576 rows: this many rows and the header row. An export of more is a
# CSV file (UTF-8 with BOM) in a zip (cwis.core.export).
CWIS_EXPORT_XLSX_MAX_ROWS = env_int("CWIS_EXPORT_XLSX_MAX_ROWS", 1_048_575)
