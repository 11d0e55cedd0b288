"""Settings come from the environment and fail loudly on bad values.

OPENIOP_ENV selects the profile: ``demo`` (default; SQLite under the data folder, tasks run
immediately, MFA optional), ``test`` (fast hashing, in-memory e-mail) or ``production``
(refuses to start without a real secret key, allowed hosts and a shared cache; MFA enforced for staff).
Secrets may come from files instead (``NAME_FILE``). ``docs/deploy.md`` lists every variable.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from openiop.audit.keys import audit_keys
from openiop.core.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_rates,
    secret,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

ENVIRONMENTS = ("demo", "test", "production")
OPENIOP_ENV = os.environ.get("OPENIOP_ENV", "demo")
if OPENIOP_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"OPENIOP_ENV must be one of {', '.join(ENVIRONMENTS)}, got {OPENIOP_ENV!r}")
PRODUCTION = OPENIOP_ENV == "production"
TESTING = OPENIOP_ENV == "test"

DATA_DIR = Path(os.environ.get("OPENIOP_DATA_DIR", BASE_DIR / "var")).resolve()

SECRET_KEY = secret_key(production=PRODUCTION, data_dir=DATA_DIR)
DEBUG = env_bool("OPENIOP_DEBUG", default=OPENIOP_ENV == "demo")

ALLOWED_HOSTS = env_list("OPENIOP_ALLOWED_HOSTS")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("OPENIOP_ALLOWED_HOSTS is required in production (comma-separated host names)")
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("OPENIOP_CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"OPENIOP_CSRF_TRUSTED_ORIGINS entries start with https://, got {_origin!r}")

# The reverse proxies (addresses or CIDR networks) whose X-Forwarded-For is believed; empty: the socket
# address is the client (core.middleware.client_ip: audit trail, rate limits, allauth, lockout).
OPENIOP_TRUSTED_PROXIES = env_networks("OPENIOP_TRUSTED_PROXIES")
if "OPENIOP_TRUST_X_FORWARDED_FOR" in os.environ:
    # A count of proxies trusted whoever connected; it would now be ignored silently, so refuse it.
    raise ImproperlyConfigured(
        "OPENIOP_TRUST_X_FORWARDED_FOR is replaced by OPENIOP_TRUSTED_PROXIES (the proxies' addresses or networks)"
    )

INSTALLED_APPS = [
    # The admin behind the app's login (allauth, with its MFA step): accounts/admin_site.py.
    "openiop.accounts.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_cotton",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "ninja",
    "openiop.core",
    "openiop.accounts",
    "openiop.audit",
    "openiop.clients",
    "openiop.measures",
    "openiop.intake",
    "openiop.consents",
    "openiop.program",
    "openiop.scheduling",
    "openiop.clinical",
    "openiop.reports",
    "openiop.aftercare",
    "openiop.billing",
    "openiop.fhir",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "openiop.core.middleware.RequestIdMiddleware",
    # no-store on every response that may carry PHI (pages, API JSON, PDFs, feeds): issue 11.
    "openiop.core.cache_control.NoStoreMiddleware",
    # NUL or a lone surrogate in a form field or the query string answers 422 naming it (issue 11).
    "openiop.core.input_guard.UnstorableInputMiddleware",
    "openiop.core.db_errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openiop.accounts.middleware.SessionEpochMiddleware",
    "openiop.accounts.middleware.StaffMfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "openiop.audit.middleware.RefusalAuditMiddleware",
]
if PRODUCTION:
    # The demo serves static files through runserver; production through WhiteNoise.
    MIDDLEWARE[1:1] = [
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]

ROOT_URLCONF = "openiop.urls"
WSGI_APPLICATION = "openiop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openiop.core.context_processors.navigation",
            ],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django_cotton.cotton_loader.Loader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "builtins": ["django_cotton.templatetags.cotton"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        secret("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'openiop.sqlite3'}",
        conn_max_age=env_int("OPENIOP_DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
SQLITE_TIMEOUT_S = env_int("OPENIOP_SQLITE_TIMEOUT", 20, minimum=1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database serves a small team: WAL lets readers go on while one writer
    # writes; IMMEDIATE takes the write lock when a transaction starts (a deferred one that
    # upgrades later can fail at once with "database is locked" instead of waiting); the busy
    # timeout is how long a writer waits its turn. docs/deploy.md has the figures.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_TIMEOUT_S,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    if TESTING:
        # A file, not the in-memory default, so the concurrency tests' threads meet real locks.
        DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many users; Argon2 stays the production hasher (see test_settings).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail login, no self sign-up (staff accounts are created by directors).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "openiop.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "openiop"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
OPENIOP_ENFORCE_STAFF_MFA = env_bool("OPENIOP_ENFORCE_STAFF_MFA", default=PRODUCTION)

# django-axes: a real account locks after OPENIOP_LOGIN_FAILURE_LIMIT failures from any address; failures
# for names that belong to nobody lock only the client address, for such names (accounts/lockout.py).
AXES_FAILURE_LIMIT = env_int("OPENIOP_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
_lockout_minutes = env_int("OPENIOP_LOGIN_LOCKOUT_MINUTES", 60, minimum=1, maximum=7 * 24 * 60)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_lockout_minutes)
AXES_LOCKOUT_PARAMETERS = "openiop.accounts.lockout.lockout_parameters"
AXES_USERNAME_CALLABLE = "openiop.accounts.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The same client address as the audit trail and the rate limits (OPENIOP_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "openiop.core.middleware.client_ip"
# allauth's rate limits live in the default cache (Redis in production: every worker counts the same
# visitor). Its failed-login limit is per login name only (axes locks accounts; a per-address limit
# would let strangers on a shared address block real users); it also bounds MFA code guesses per user.
# OPENIOP_RATE_LIMITS overrides any action: "login=30/m/ip;reset_password=20/m/ip,5/m/key".
_ALLAUTH_ACTIONS = (
    "change_password",
    "manage_email",
    "reset_password",
    "reauthenticate",
    "reset_password_from_key",
    "signup",
    "login",
    "login_failed",
    "confirm_email",
)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{AXES_FAILURE_LIMIT}/5m/key",
    **env_rates("OPENIOP_RATE_LIMITS", _ALLAUTH_ACTIONS),
}
# Bearer tokens: days a new token lives unless `openiop create_api_token --days` says otherwise.
OPENIOP_API_TOKEN_DAYS = env_int("OPENIOP_API_TOKEN_DAYS", 90, minimum=1, maximum=3650)

# 15-minute sliding idle logoff.
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Flash messages name clients ("Admitted Erin Castillo"): kept in the server-side session, never in
# a cookie (the cookie storage is signed, not encrypted). Issue 11.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("OPENIOP_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# E-mail in Django 6.1's form: one "default" mailer (EMAIL_BACKEND and EMAIL_HOST… are deprecated).
_MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
_mail_backend = env_choice(
    "OPENIOP_EMAIL_BACKEND", "smtp" if PRODUCTION else "locmem" if TESTING else "console", tuple(_MAIL_BACKENDS)
)
_mail_options: dict[str, object] = {}
if _mail_backend == "smtp":
    _security = env_choice("OPENIOP_EMAIL_SECURITY", "starttls" if PRODUCTION else "none", ("none", "starttls", "ssl"))
    _mail_options = {
        "host": os.environ.get("OPENIOP_EMAIL_HOST", "localhost"),
        "port": env_int(
            "OPENIOP_EMAIL_PORT", {"ssl": 465, "starttls": 587}.get(_security, 25), minimum=1, maximum=65535
        ),
        "username": os.environ.get("OPENIOP_EMAIL_USER", ""),
        "password": secret("OPENIOP_EMAIL_PASSWORD"),
        "use_tls": _security == "starttls",
        "use_ssl": _security == "ssl",
        "timeout": env_int("OPENIOP_EMAIL_TIMEOUT_S", 10, minimum=1, maximum=300),
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKENDS[_mail_backend], "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("OPENIOP_FROM_EMAIL", "openiop@localhost")
if "@" not in DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured(f"OPENIOP_FROM_EMAIL must be an e-mail address, got {DEFAULT_FROM_EMAIL!r}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The cache holds rate-limit counters and the chart cache: shared (Redis) in production so every worker
# counts the same visitor; local memory in the demo and the tests.
REDIS_URL = secret("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL (or REDIS_URL_FILE) is required in production: workers share the cache")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "openiop",
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "openiop"}
}

# The audit trail's HMAC key (required in production), the retired ones kept for verifying, and
# its checkpoints: every N events (0: only on `openiop audit checkpoint`), appended to a file too.
OPENIOP_AUDIT_KEY, OPENIOP_AUDIT_OLD_KEYS = audit_keys(production=PRODUCTION, data_dir=DATA_DIR)
OPENIOP_AUDIT_CHECKPOINT_EVERY = env_int("OPENIOP_AUDIT_CHECKPOINT_EVERY", 1000, minimum=0)
OPENIOP_AUDIT_CHECKPOINT_FILE = os.environ.get(
    "OPENIOP_AUDIT_CHECKPOINT_FILE", "" if TESTING else str(DATA_DIR / "audit-checkpoints.jsonl")
)

# The public get-help form: at most this many posts per client address per window (seconds), then 429.
OPENIOP_INQUIRY_RATE_LIMIT = env_int("OPENIOP_INQUIRY_RATE_LIMIT", 5, minimum=1)
OPENIOP_INQUIRY_RATE_WINDOW = env_int("OPENIOP_INQUIRY_RATE_WINDOW", 600, minimum=1, maximum=86400)
# "Plan week": the solver's time limit in seconds.
OPENIOP_SCHEDULE_TIME_LIMIT_S = env_int("OPENIOP_SCHEDULE_TIME_LIMIT_S", 10, minimum=1, maximum=3600)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if PRODUCTION or env_bool("OPENIOP_TASK_WORKER", default=False)
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

# Planning (docs/algorithms/planning-in-the-app.md): how many weeks ahead a week may be planned,
# how long a plan run's lease lasts without a heartbeat, and how often an interrupted run starts again.
PLAN_HORIZON_WEEKS = env_int("OPENIOP_PLAN_HORIZON_WEEKS", 8)
PLAN_LEASE_S = env_int("OPENIOP_PLAN_LEASE_S", 30)
PLAN_ATTEMPTS = env_int("OPENIOP_PLAN_ATTEMPTS", 2)
if PLAN_HORIZON_WEEKS < 1 or PLAN_LEASE_S < 1 or PLAN_ATTEMPTS < 1:
    raise ImproperlyConfigured("OPENIOP_PLAN_HORIZON_WEEKS, OPENIOP_PLAN_LEASE_S and OPENIOP_PLAN_ATTEMPTS must be ≥ 1")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# One line per record; JSON lines in production, each carrying the request id (openiop.core.logging).
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_log_level = env_choice("OPENIOP_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING", _LOG_LEVELS)
_log_format = env_choice("OPENIOP_LOG_FORMAT", "json" if PRODUCTION else "text", ("json", "text"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "openiop.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "openiop.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": _log_format, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": _log_level},
}

# Optional error reporting; PHI never leaves (openiop.core.sentry scrubs every event).
SENTRY_DSN = secret("SENTRY_DSN")
if SENTRY_DSN:
    from openiop.core.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", OPENIOP_ENV),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0),
    )

NINJA_PAGINATION_PER_PAGE = 50
OPENIOP_PAGE_SIZE = 25
