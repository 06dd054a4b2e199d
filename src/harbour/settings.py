"""Harbour's one settings module. Everything that differs between machines comes
from the environment (see .env.example); the defaults run the demo on SQLite."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from harbour.env import ConfigurationError, env_bool, env_cidrs, env_int, env_list, env_str
from harbour.env_backends import evidence_storage_from_env, tasks_from_env
from harbour.oidc.providers import providers_from_env

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent  # the repository root
VAR_DIR = Path(env_str("HARBOUR_VAR_DIR", str(BASE_DIR / "var")))

# Known to everyone who reads this repository, so it may only ever run the demo.
DEMO_SECRET_KEY = "harbour-demo-secret-never-use-in-production"
DEMO_EVIDENCE_KEYS = "demo:ZGVtby1ldmlkZW5jZS1rZXktbmV2ZXItaW4tcHJvZCE="

try:
    DEBUG = env_bool("HARBOUR_DEBUG", False)
    SECRET_KEY = env_str("HARBOUR_SECRET_KEY") or (DEMO_SECRET_KEY if DEBUG else "")
    if not SECRET_KEY:
        raise ConfigurationError(
            "HARBOUR_SECRET_KEY is not set. A production start needs its own long random secret "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "For the demo, set HARBOUR_DEBUG=true or use `make run`."
        )
    if not DEBUG and SECRET_KEY == DEMO_SECRET_KEY:
        raise ConfigurationError(
            "HARBOUR_SECRET_KEY is the published demo secret. Set a secret of your own before "
            "running with HARBOUR_DEBUG off."
        )
    ALLOWED_HOSTS = env_list("HARBOUR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
    CSRF_TRUSTED_ORIGINS = env_list("HARBOUR_CSRF_TRUSTED_ORIGINS", [])
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'harbour.sqlite3'}")
    # Seconds a process keeps its database connection between requests. Opening a
    # PostgreSQL connection costs milliseconds on every request; opening SQLite
    # costs microseconds, so it reconnects unless told otherwise.
    DB_CONN_MAX_AGE = env_int("HARBOUR_DB_CONN_MAX_AGE", 0 if DATABASE_URL.startswith("sqlite") else 60)
    if DB_CONN_MAX_AGE < 0:
        raise ConfigurationError("HARBOUR_DB_CONN_MAX_AGE must be 0 or more seconds.")
    # PostgreSQL: send parameters apart from the SQL, so psycopg prepares a statement
    # a kept connection runs again and again (every page asks the same few dozen
    # queries), and PostgreSQL stops parsing and planning them on every request.
    # Off for a pooler in transaction mode that can't keep prepared statements.
    DB_SERVER_SIDE_BINDING = env_bool("HARBOUR_DB_SERVER_SIDE_BINDING", True)
    # One cache shared by every app server when set; otherwise each process keeps its own.
    REDIS_URL = env_str("HARBOUR_REDIS_URL")
    # Off by default: the load balancer or proxy in front usually redirects to HTTPS itself.
    SSL_REDIRECT = env_bool("HARBOUR_SSL_REDIRECT", False)
    EMAIL_PORT = env_int("HARBOUR_EMAIL_PORT", 25)
    EMAIL_USE_TLS = env_bool("HARBOUR_EMAIL_USE_TLS", False)
    SECURE_COOKIES = env_bool("HARBOUR_SECURE_COOKIES", not DEBUG)
    # Browsers keep to HTTPS for this long after one HTTPS answer (sent on HTTPS only).
    # A year by default outside the demo; subdomains and the browsers' preload list
    # only when a trust chooses them: both bind sites Harbour does not run.
    HSTS_SECONDS = env_int("HARBOUR_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
    if HSTS_SECONDS < 0:
        raise ConfigurationError("HARBOUR_HSTS_SECONDS must be 0 (off) or more seconds.")
    HSTS_INCLUDE_SUBDOMAINS = env_bool("HARBOUR_HSTS_INCLUDE_SUBDOMAINS", False)
    HSTS_PRELOAD = env_bool("HARBOUR_HSTS_PRELOAD", False)
    if HSTS_PRELOAD and not (HSTS_INCLUDE_SUBDOMAINS and HSTS_SECONDS >= 365 * 24 * 60 * 60):
        raise ConfigurationError(
            "HARBOUR_HSTS_PRELOAD needs HARBOUR_HSTS_INCLUDE_SUBDOMAINS=true and HARBOUR_HSTS_SECONDS "
            "of at least a year (31536000): the browsers' preload list takes nothing less."
        )
    # Logs as one JSON object a line (with the request's id), or plain text for the demo.
    LOG_FORMAT = env_str("HARBOUR_LOG_FORMAT", "plain" if DEBUG else "json")
    if LOG_FORMAT not in ("json", "plain"):
        raise ConfigurationError(f"HARBOUR_LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
    # Evidence files are encrypted with these keys: "id:key,id:key", the first
    # encrypts, all decrypt (see evidence/storage.py and `harbour rotate-evidence-key`).
    EVIDENCE_KEYS = env_str("HARBOUR_EVIDENCE_KEYS") or (DEMO_EVIDENCE_KEYS if DEBUG else "")
    if not EVIDENCE_KEYS:
        raise ConfigurationError(
            "HARBOUR_EVIDENCE_KEYS is not set. Evidence files are encrypted at rest; give a key as "
            "'id:key' (for example: python -c \"import base64,os; print('k1:' + "
            'base64.urlsafe_b64encode(os.urandom(32)).decode())"). For the demo, use `make run`.'
        )
    if not DEBUG and DEMO_EVIDENCE_KEYS.split(":")[1] in EVIDENCE_KEYS:
        raise ConfigurationError("HARBOUR_EVIDENCE_KEYS holds the published demo key. Set keys of your own.")
    EVIDENCE_DIR = Path(env_str("HARBOUR_EVIDENCE_DIR", str(VAR_DIR / "evidence")))
    EVIDENCE_MAX_BYTES = env_int("HARBOUR_EVIDENCE_MAX_MB", 50) * 1024 * 1024
    # ClamAV's clamd, as host:port or a socket path; when set, every file is scanned before it is kept.
    CLAMD_ADDRESS = env_str("HARBOUR_CLAMD")
    # Where encrypted evidence blobs are kept: EVIDENCE_DIR, or an S3-compatible bucket.
    EVIDENCE_STORAGE = evidence_storage_from_env()
    # Sessions end on the server after this long without a request, and this long
    # after signing in whatever happens (twofactor/lifetime.py).
    SESSION_IDLE_MINUTES = env_int("HARBOUR_SESSION_IDLE_MINUTES", 30)
    if not 1 <= SESSION_IDLE_MINUTES <= 24 * 60:
        raise ConfigurationError("HARBOUR_SESSION_IDLE_MINUTES must be between 1 and 1440 minutes.")
    SESSION_MAX_HOURS = env_int("HARBOUR_SESSION_MAX_HOURS", 8)
    if not 1 <= SESSION_MAX_HOURS <= 24:
        raise ConfigurationError("HARBOUR_SESSION_MAX_HOURS must be between 1 and 24 hours.")
    # Evidence packs, e-mails and reminders run off the request path, as tasks
    # that `harbour db_worker` takes from the database (env_backends.py).
    TASKS = tasks_from_env()
    # Sign-in with the trust's identity providers (oidc/providers.py); none unless set.
    HARBOUR_OIDC_PROVIDERS = providers_from_env()
except ConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from None

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "harbour.audit",
    "harbour.schools",
    "harbour.cases",
    "harbour.prevention",
    "harbour.plans",
    "harbour.diary",
    "harbour.referrals",
    "harbour.risk",
    "harbour.frontdesk",
    "harbour.orders",
    "harbour.evidence",
    "harbour.retention",
    "harbour.statistics",
    "harbour.onboarding",
    "harbour.awareness",
    "harbour.observations",
    "harbour.reasonable_steps",
    "harbour.api",
    "harbour.web",
    "harbour.twofactor",
    "harbour.backups",
]

MIDDLEWARE = [
    # First, so load balancers reach /healthz by address over plain HTTP (health.py).
    "harbour.health.HealthCheckMiddleware",
    # Each request's id, for its log lines and its X-Request-ID answer (django-guid).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session expiry, then the second factor before any page.
    "harbour.twofactor.lifetime.SessionLifetimeMiddleware",
    "harbour.twofactor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "harbour.urls"
WSGI_APPLICATION = "harbour.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "harbour.web.context.navigation",
            ],
        },
    },
]


def _database(url: str, conn_max_age: int = 0, server_side_binding: bool = False) -> dict:
    # A kept connection is checked before each request reuses it, so a restarted
    # database costs one failed check, not a failed request.
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql" and server_side_binding:
        # psycopg prepares a query on its 5th run in a connection (its default).
        config.setdefault("OPTIONS", {})["server_side_binding"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and a writer work at once; IMMEDIATE takes the write lock
        # when a transaction starts, so two writers queue (up to the timeout) instead
        # of one failing half-way with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        if config.get("NAME") and config["NAME"] != ":memory:":
            # Tests use a file beside the database, not shared-cache memory, so that
            # tests of concurrent runs see SQLite's real locking (IMMEDIATE queues).
            database = Path(config["NAME"])
            config["TEST"] = {"NAME": str(database.with_name(f"test_{database.name}"))}
    return config


def _cache(redis_url: str) -> dict:
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "harbour",
        # Short timeouts: a Redis that stops answering must not hold requests for long.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


DATABASES = {"default": _database(DATABASE_URL, DB_CONN_MAX_AGE, DB_SERVER_SIDE_BINDING)}
CACHES = {"default": _cache(REDIS_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A provider's callback: Microsoft or Google vouches for a staff e-mail (oidc/backend.py).
    "harbour.oidc.backend.StaffOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-work"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lock-out after repeated failures (django-axes), per username and address.
AXES_FAILURE_LIMIT = env_int("HARBOUR_LOGIN_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "harbour.client_address.axes_client_ip"
# A provider's callback counts once Harbour knows whose it is (oidc/lockout.py);
# its one-time code and state are not kept in the attempts table.
AXES_WHITELIST_CALLABLE = "harbour.oidc.lockout.whitelisted_until_identified"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "state"]

# The proxies in front of Harbour (CIDRs): X-Forwarded-For is read only from them
# (client_address.py). Empty: the direct peer's address is the client's.
TRUSTED_PROXIES = env_cidrs("HARBOUR_TRUSTED_PROXIES")

# Chain heads anchored outside the database (evidence/headlog.py): a directory for the
# append-only head log, the HMAC key its lines are signed with, where the heads are e-mailed.
CHAIN_HEAD_LOG = env_str("HARBOUR_CHAIN_HEAD_LOG")
CHAIN_HEAD_KEY = env_str("HARBOUR_CHAIN_HEAD_KEY")
if CHAIN_HEAD_LOG and not CHAIN_HEAD_KEY:
    raise ConfigurationError(
        "HARBOUR_CHAIN_HEAD_LOG is set but HARBOUR_CHAIN_HEAD_KEY is not: the head log is signed."
    )
CHAIN_HEADS_EMAIL_TO = env_list("HARBOUR_CHAIN_HEADS_EMAIL_TO", [])

SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The row and the cookie last no longer than the absolute lifetime; the idle time
# and the lifetime itself are enforced by twofactor/lifetime.py. The cookie goes
# when the browser closes (a shared computer in a staff room).
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
HARBOUR_SESSION_IDLE_SECONDS = SESSION_IDLE_MINUTES * 60
HARBOUR_SESSION_MAX_SECONDS = SESSION_MAX_HOURS * 60 * 60
# How often the time of the last request is saved (and the verifying device re-checked).
HARBOUR_SESSION_TOUCH_SECONDS = 60

# Two-factor authentication (django-otp): TOTP apps and single-use recovery codes.
# Each wrong code makes the device wait twice as long as the last (1 s, 2 s, 4 s …),
# and it also counts towards the axes lock-out above.
OTP_TOTP_ISSUER = "Harbour"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A page opened from Harbour (or Harbour from another site) gets no handle on the other window.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
# `check --deploy` asks for subdomains and preload; they stay the trust's choice
# (above), so a choice not to is not reported as a problem.
SILENCED_SYSTEM_CHECKS = ([] if HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]) + (
    [] if HSTS_PRELOAD else ["security.W021"]
)
# No page uses a camera, microphone, location, payment or the like: none may ask.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = SSL_REDIRECT
# Load balancers probe over plain HTTP (HealthCheckMiddleware answers first anyway).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "worker-src": ["'none'"],
        "manifest-src": ["'self'"],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# `make assets` builds the Sass and copies GOV.UK and MOJ Frontend's scripts and
# icons here from node_modules; nothing third-party is committed.
# An installed (non-editable) package, as in the Docker image, names the folder.
STATICFILES_DIRS = [Path(env_str("HARBOUR_ASSETS_DIR", str(BASE_DIR / "build" / "static")))]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "evidence": EVIDENCE_STORAGE,
}
# Only the demo reads files where they were built. Otherwise they come from
# STATIC_ROOT with their compressed copies, which finders would bypass.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str("HARBOUR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("HARBOUR_EMAIL_HOST", "localhost")
EMAIL_HOST_USER = env_str("HARBOUR_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("HARBOUR_EMAIL_HOST_PASSWORD")
DEFAULT_FROM_EMAIL = env_str("HARBOUR_DEFAULT_FROM_EMAIL", "Harbour <harbour@localhost>")
HARBOUR_BASE_URL = env_str("HARBOUR_BASE_URL", "http://127.0.0.1:8000")

# The request id: taken from the proxy's X-Request-ID when it is a UUID, otherwise
# made here; returned in the answer's X-Request-ID and put on every log line.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "RETURN_HEADER": True, "EXPOSE_HEADER": True}

# Logs carry ids and event names, never names or narratives: one JSON object a line
# (python-json-logger) with the request's id, or plain text for the demo.
_LOG_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": _LOG_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("HARBOUR_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step at INFO; only its warnings matter here.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The request id's own chatter ("Header Correlation-ID not found...") is noise.
        "django_guid": {"level": "WARNING"},
    },
}
